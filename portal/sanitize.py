"""The one HTML sanitiser for user-supplied rich text (expert biographies, imported bodies).

bleach with strip=True removes a `<script>` tag but keeps its text, so script and style elements
are dropped together with their contents before bleach sees the markup.
"""

import re

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
