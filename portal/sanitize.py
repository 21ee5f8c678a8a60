"""The one HTML sanitiser for user-supplied rich text (expert biographies, imported bodies).

bleach with strip=True removes a `<script>` tag but keeps its text, so script and style elements
are dropped together with their contents before bleach sees the markup.
"""

import re
from html import escape as html_escape
from html.parser import HTMLParser
from typing import Any

import bleach

ALLOWED_TAGS: frozenset[str] = frozenset(
    {"p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a", "h2", "h3", "blockquote"}
)
ALLOWED_ATTRIBUTES: dict[str, list[str]] = {"a": ["href", "title"]}
ALLOWED_PROTOCOLS: frozenset[str] = frozenset({"http", "https", "mailto"})

# Browsers read everything after <script> as code up to the closing tag (or the end of the
# document when it is missing), so the match runs to `</script>` or to the end of the input.
_CODE_ELEMENTS = re.compile(
    r"<\s*(script|style|noscript|template|iframe|object|xmp)\b.*?(?:<\s*/\s*\1\s*>|\Z)",
    re.IGNORECASE | re.DOTALL,
)


def _drop_code_elements(html: str) -> str:
    # Repeat until stable: removing `<script>…</script>` from `<scr<script></script>ipt>` would
    # otherwise assemble a new script tag out of the pieces around it.
    previous = None
    while previous != html:
        previous, html = html, _CODE_ELEMENTS.sub("", html)
    return html


def sanitize_html(html: str) -> str:
    """Return `html` reduced to ALLOWED_TAGS; links keep only http(s)/mailto targets."""
    if not html:
        return ""
    cleaned = bleach.clean(
        _drop_code_elements(html),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        protocols=ALLOWED_PROTOCOLS,
        strip=True,
        strip_comments=True,
    )
    return cleaned.strip()


# --- Plain text with light marks, for people who do not write HTML ---------------------------
#
# The expert's public form offers a textarea, not an HTML editor: blank lines separate
# paragraphs, lines starting "- " (or "* ") make a bulleted list and "1. " a numbered one,
# **bold**, *italic*, [label](https://…) links, and bare web addresses become links. The result
# still goes through sanitize_html(), so the marks can never produce more than ALLOWED_TAGS.

_BULLET = re.compile(r"^\s*[-*•]\s+(.*)$")
_NUMBERED = re.compile(r"^\s*\d+[.)]\s+(.*)$")
# Addresses are matched in the escaped text, so they never contain a quote or an angle bracket
# and their "&" is already "&amp;": they go into href="…" as they are.
_LINK = re.compile(r"\[([^\]\n]+)\]\(((?:https?://|mailto:)[^\s()\"'<>]+)\)")
_BARE_URL = re.compile(r"(?<![\w/])(https?://[^\s<>\"']*[^\s<>\"'.,;:!?)\]])")
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_ITALIC = re.compile(r"(?<![*\w])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![*\w])")


def _inline(text: str) -> str:
    # Escape first, then add the few tags the marks stand for: nothing the person typed is
    # ever read as markup. Links are cut out before bold/italic so a "*" in a URL stays put.
    links: list[str] = []

    def keep(html: str) -> str:
        links.append(html)
        return f"\x00{len(links) - 1}\x00"

    escaped = html_escape(text, quote=False)
    escaped = _LINK.sub(lambda m: keep(f'<a href="{m[2]}">{m[1]}</a>'), escaped)
    escaped = _BARE_URL.sub(lambda m: keep(f'<a href="{m[1]}">{m[1]}</a>'), escaped)
    escaped = _BOLD.sub(r"<strong>\1</strong>", escaped)
    escaped = _ITALIC.sub(r"<em>\1</em>", escaped)
    escaped = re.sub(r"\x00(\d+)\x00", lambda m: links[int(m[1])], escaped)
    return escaped.replace("\n", "<br>")


def text_to_html(text: str) -> str:
    """Sanitised HTML from plain text with light marks (paragraphs, lists, bold, italic, links)."""
    if not text or not text.strip():
        return ""
    blocks = re.split(r"\n\s*\n", text.replace("\r\n", "\n").replace("\r", "\n").strip())
    parts: list[str] = []
    for block in blocks:
        lines = [line for line in block.split("\n") if line.strip()]
        if all(_BULLET.match(line) for line in lines):
            items = "".join(f"<li>{_inline(_BULLET.match(line)[1].strip())}</li>" for line in lines)
            parts.append(f"<ul>{items}</ul>")
        elif all(_NUMBERED.match(line) for line in lines):
            items = "".join(f"<li>{_inline(_NUMBERED.match(line)[1].strip())}</li>" for line in lines)
            parts.append(f"<ol>{items}</ol>")
        else:
            parts.append(f"<p>{_inline(chr(10).join(line.strip() for line in lines))}</p>")
    return sanitize_html("".join(parts))


class _TextWriter(HTMLParser):
    """Walks sanitised HTML and writes it back as text: with the marks text_to_html() reads
    (``marks=True``, to edit it again) or as plain reading text (for an editor's comparison)."""

    _BLOCKS = frozenset({"p", "h2", "h3", "blockquote", "ul", "ol"})

    def __init__(self, *, marks: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.marks = marks
        self.blocks: list[str] = []
        self.current: list[str] = []
        self.lists: list[list[Any]] = []  # [tag, next number]
        self.href: str | None = None
        self.link_text: list[str] = []

    def _out(self, text: str) -> None:
        (self.link_text if self.href is not None else self.current).append(text)

    def _flush(self) -> None:
        text = "".join(self.current).strip()
        if text:
            self.blocks.append(text)
        self.current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("p", "h2", "h3", "blockquote"):
            self._flush()
        elif tag in ("ul", "ol"):
            self._flush()
            self.lists.append([tag, 1])
        elif tag == "li":
            if self.current and "".join(self.current).strip():
                self.current.append("\n")
            if self.lists and self.lists[-1][0] == "ol":
                self.current.append(f"{self.lists[-1][1]}. ")
                self.lists[-1][1] += 1
            else:
                self.current.append("- " if self.marks else "• ")
        elif tag == "br":
            self._out("\n")
        elif tag in ("strong", "b") and self.marks:
            self._out("**")
        elif tag in ("em", "i") and self.marks:
            self._out("*")
        elif tag == "a":
            self.href = dict(attrs).get("href") or ""
            self.link_text = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("p", "h2", "h3", "blockquote"):
            self._flush()
        elif tag in ("ul", "ol"):
            if self.lists:
                self.lists.pop()
            if not self.lists:
                self._flush()
        elif tag in ("strong", "b") and self.marks:
            self._out("**")
        elif tag in ("em", "i") and self.marks:
            self._out("*")
        elif tag == "a" and self.href is not None:
            label, href = "".join(self.link_text).strip(), self.href
            self.href = None
            if not href or label == href:
                self._out(label or href)
            elif self.marks:
                self._out(f"[{label}]({href})")
            else:
                self._out(f"{label} ({href})")

    def handle_data(self, data: str) -> None:
        # Whitespace between tags (the newline after </li>) is layout, not text.
        self._out(re.sub(r"[ \t\r\n]+", " ", data) if "\n" in data else data)

    def text(self) -> str:
        self.close()
        self._flush()
        return "\n\n".join("\n".join(line.strip() for line in block.split("\n")) for block in self.blocks)


def html_to_text(html: str, *, marks: bool = True) -> str:
    """The text of ``html``: with the marks text_to_html() reads back (``marks=True``), or plain
    reading text without any markup (``marks=False``: lists as "•", links as "label (address)")."""
    if not html:
        return ""
    writer = _TextWriter(marks=marks)
    writer.feed(sanitize_html(html))
    return writer.text()
