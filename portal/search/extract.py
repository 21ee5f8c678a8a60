"""Plain text out of the values pages hold (rich text, StreamField values), for indexing."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from django.utils.html import strip_tags
from wagtail.blocks import StreamValue, StructValue
from wagtail.documents.models import AbstractDocument
from wagtail.rich_text import RichText

_DOCUMENT_LINK = re.compile(r'<a[^>]*\blinktype="document"[^>]*\bid="(\d+)"')


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


def linked_document_ids(value: Any) -> list[int]:
    """The primary keys of the documents ``value`` links (document blocks, sources), in order."""
    found: list[int] = []
    _collect_documents(value, found)
    return found


def _collect_documents(value: Any, found: list[int]) -> None:
    if value is None:
        return
    if isinstance(value, RichText | str):
        # Rich text links documents as <a linktype="document" id="N">.
        source = value.source if isinstance(value, RichText) else value
        found.extend(int(pk) for pk in _DOCUMENT_LINK.findall(source))
    elif isinstance(value, AbstractDocument):
        found.append(value.pk)
    elif isinstance(value, StreamValue):
        for block in value:
            _collect_documents(block.value, found)
    elif isinstance(value, StructValue | dict):
        for item in value.values():
            _collect_documents(item, found)
    elif isinstance(value, list | tuple):
        for item in value:
            _collect_documents(item, found)
