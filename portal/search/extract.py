"""Plain text out of the values pages hold (rich text, StreamField values), for indexing."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils.html import strip_tags
from wagtail.blocks import StreamValue, StructValue
from wagtail.rich_text import RichText


def _pieces(value: Any) -> Iterator[str]:
    if value is None:
        return
    if isinstance(value, RichText):
        yield strip_tags(value.source)
    elif isinstance(value, str):
        # Rich-text fields hold HTML; plain fields hold text. strip_tags leaves text alone.
        yield strip_tags(value)
    elif isinstance(value, StreamValue):
        for block in value:
            yield from _pieces(block.value)
    elif isinstance(value, StructValue | dict):
        for item in value.values():
            yield from _pieces(item)
    elif isinstance(value, list | tuple) or (hasattr(value, "__iter__") and not hasattr(value, "file")):
        for item in value:
            yield from _pieces(item)


def plain_text(value: Any) -> str:
    """The words in ``value`` (HTML stripped, blocks flattened), one space between pieces.

    Images, documents, numbers and dates are skipped: only text a reader reads is returned.
    """
    return " ".join(" ".join(piece.split()) for piece in _pieces(value) if piece and piece.strip())
