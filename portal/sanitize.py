"""One HTML sanitiser for every place readers' eyes meet imported or user-written rich text.

bleach with `strip=True` drops a <script> tag but keeps its text, so script and style elements
are removed with their contents before bleach sees the markup.
"""

import re

import bleach

ALLOWED_TAGS = frozenset(
    {"p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a", "h2", "h3", "blockquote"}
)
ALLOWED_ATTRIBUTES = {"a": ["href"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})

_DANGEROUS_ELEMENTS = re.compile(
    r"<(script|style)\b[^>]*>.*?(</\1\s*>|$)|<(script|style)\b[^>]*/?>", re.IGNORECASE | re.DOTALL
)


def sanitize_html(html: str) -> str:
    """Limited HTML safe to render: the allowed tags, http(s)/mailto links, nothing executable."""
    without_code = _DANGEROUS_ELEMENTS.sub("", html or "")
    cleaned = bleach.clean(
        without_code,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        protocols=ALLOWED_PROTOCOLS,
        strip=True,
        strip_comments=True,
    )
    return cleaned.strip()
