"""StreamField form posts that are incomplete or absurd become a field error, never a 500.

Why: Wagtail reads a StreamField from the POST by trusting its ``<field>-count`` key and then
indexing ``<field>-<i>-deleted``, ``-type`` and ``-order`` for each block (``StreamBlock.
value_from_datadict``). A post without the count key, with a count the blocks do not match
(``-count 500`` over three blocks), or with a non-number raised KeyError or ValueError in the
admin's edit view: a 500 and a traceback for an editor whose browser lost part of the form, and
a cheap way to make the admin loop on nonsense.

:func:`install` (called from ``PortalConfig.ready``) wraps Wagtail's block widget and field:
the count must be a whole number from 0 to ``MAX_POSTED_BLOCKS`` and every block it announces
must be readable; otherwise the field gets an error the editor can act on and the form
re-renders, nothing saved.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.blocks.base import BlockField, BlockWidget
from wagtail.blocks.stream_block import StreamBlock, StreamValue

__all__ = ["MAX_POSTED_BLOCKS", "MalformedStreamValue", "install"]

MAX_POSTED_BLOCKS = 300
"""Far above any page's real body (the longest demo page has 40 blocks); Django's
DATA_UPLOAD_MAX_NUMBER_FIELDS (1,000 fields, four or more per block) refuses bigger posts first."""

MALFORMED = _(
    "This content could not be read: the form sent incomplete blocks. Nothing was saved; "
    "reload the page and make your change again."
)
TOO_MANY = _("This content has more blocks than the %(limit)s the portal accepts.")


class MalformedStreamValue(StreamValue):
    """An empty stream standing for a post that could not be read: the form can re-render with
    it (an empty field and the error), and :func:`_clean` turns it into the field's error."""

    def __init__(self, stream_block: StreamBlock, message: str) -> None:
        super().__init__(stream_block, [])
        self.message = message


def _read(widget: BlockWidget, original: Any, data: Any, files: Any, name: str) -> Any:
    block = widget.block_def
    if not isinstance(block, StreamBlock):
        return original(widget, data, files, name)
    raw = data.get(f"{name}-count")
    try:
        count = int(raw)
    except (TypeError, ValueError):
        return MalformedStreamValue(block, str(MALFORMED))
    if count < 0:
        return MalformedStreamValue(block, str(MALFORMED))
    if count > MAX_POSTED_BLOCKS:
        return MalformedStreamValue(block, str(TOO_MANY % {"limit": MAX_POSTED_BLOCKS}))
    try:
        return original(widget, data, files, name)
    except (KeyError, ValueError, TypeError, IndexError):
        # A block announced by the count but missing (or garbled) in the post.
        return MalformedStreamValue(block, str(MALFORMED))


def install() -> None:
    """Wrap Wagtail's ``BlockWidget.value_from_datadict`` and ``BlockField.clean`` once."""
    if getattr(BlockWidget, "_portal_guarded", False):
        return
    original_read = BlockWidget.value_from_datadict
    original_clean = BlockField.clean

    def value_from_datadict(self: BlockWidget, data: Any, files: Any, name: str) -> Any:
        return _read(self, original_read, data, files, name)

    def clean(self: BlockField, value: Any) -> Any:
        if isinstance(value, MalformedStreamValue):
            raise ValidationError(value.message, code="malformed")
        return original_clean(self, value)

    BlockWidget.value_from_datadict = value_from_datadict
    BlockField.clean = clean
    BlockWidget._portal_guarded = True
