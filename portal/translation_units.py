"""A page's or snippet's translatable texts as units a translator works on, one at a time.

One unit per translated field (the Wagtail title, a summary, a rich text section) and, inside a
StreamField, one per text block (a paragraph, a quote's text, a session's title…). Each unit has
a key that stays the same while the English is edited around it: the field's name, then for a
stream the ids Wagtail gives each block (never their position, so inserting a paragraph does not
shift every key after it) and the names of a block's parts.

The English source beside a translation's box (portal.translation_forms) and the files exchanged
with translators (portal.translation_files) both read these units, so a translator sees the same
texts in the editor and in the file.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.text import capfirst
from wagtail import blocks
from wagtail.fields import RichTextField, StreamField

from portal.i18n import DEFAULT_LANGUAGE, is_written, localized_field
from portal.translation_sources import translated_page_fields

TEXT = "text"
HTML = "html"


@dataclass(frozen=True)
class Unit:
    key: str  # "summary", "body/0f5c…/text"
    field: str  # the translated field the unit belongs to ("body")
    label: str  # what the editor calls it: "Body › Quote › Text"
    kind: str  # TEXT or HTML (rich text, kept as Wagtail stores it)
    source: str  # the English
    target: str  # the translation as it stands, "" when not written
    features: Any = None  # a rich text's editor features (what markup it may hold)


@dataclass
class _Leaf:
    """A text inside a stream's stored (JSON) form, with where it sits so it can be replaced."""

    key: str
    position: tuple[Any, ...]  # block types and indexes from the top: aligns two languages' streams
    label: str
    kind: str
    holder: Any
    index: Any
    features: Any = None

    @property
    def text(self) -> str:
        value = self.holder[self.index]
        return value if isinstance(value, str) else ""


def _label(block: blocks.Block) -> str:
    return str(capfirst(block.label or block.name or ""))


def _leaves(
    block: blocks.Block, holder: Any, index: Any, key: str, label: str, position: tuple[Any, ...]
) -> Iterator[_Leaf]:
    value = holder[index]
    if isinstance(block, blocks.RichTextBlock | blocks.CharBlock | blocks.TextBlock):
        # URL, e-mail and choice blocks are FieldBlocks but not CharBlocks: nothing to translate.
        if isinstance(value, str):
            if isinstance(block, blocks.RichTextBlock):
                yield _Leaf(key, position, label, HTML, holder, index, block.features)
            else:
                yield _Leaf(key, position, label, TEXT, holder, index)
    elif isinstance(block, blocks.StreamBlock) and isinstance(value, list):
        for number, item in enumerate(value):
            child = block.child_blocks.get(item.get("type")) if isinstance(item, dict) else None
            if child is None or "value" not in item:
                continue
            yield from _leaves(
                child,
                item,
                "value",
                f"{key}/{item.get('id') or number}",
                f"{label} › {_label(child)}",
                (*position, number, item["type"]),
            )
    elif isinstance(block, blocks.StructBlock) and isinstance(value, dict):
        for name, child in block.child_blocks.items():
            if name in value:
                yield from _leaves(
                    child, value, name, f"{key}/{name}", f"{label} › {_label(child)}", (*position, name)
                )
    elif isinstance(block, blocks.ListBlock) and isinstance(value, list):
        for number, item in enumerate(value):
            # Wagtail stores list items as {"type": "item", "value": …, "id": …}; older data as bare values.
            if isinstance(item, dict) and item.get("type") == "item" and "value" in item:
                yield from _leaves(
                    block.child_block,
                    item,
                    "value",
                    f"{key}/{item.get('id') or number}",
                    label,
                    (*position, number),
                )
            else:
                yield from _leaves(
                    block.child_block, value, number, f"{key}/{number}", label, (*position, number)
                )


def _stream_data(instance: models.Model, column: str) -> list[Any]:
    """The stored (JSON) form of a StreamField column: a list of blocks."""
    if not is_written(getattr(instance, column, None)):
        return []
    return json.loads(instance._meta.get_field(column).value_to_string(instance))


def _stream_leaves(field: StreamField, name: str, data: list[Any], label: str = "") -> list[_Leaf]:
    holder = [data]
    return list(_leaves(field.stream_block, holder, 0, name, label, ()))


def _plain(instance: models.Model, column: str) -> str:
    value = getattr(instance, column, None)
    return str(value) if is_written(value) else ""


def _is_rich_text(model: type[models.Model], field: str, model_field: models.Field) -> bool:
    # A model may keep sanitised HTML in a plain TextField (an expert's biography, written on the
    # public profile form too) and say so in `rich_text_fields`: shown formatted, never as tags.
    return isinstance(model_field, RichTextField) or field in getattr(model, "rich_text_fields", ())


def field_kind(model: type[models.Model], field: str) -> str:
    model_field = model._meta.get_field(localized_field(field, DEFAULT_LANGUAGE))
    if isinstance(model_field, StreamField):
        return "stream"
    return HTML if _is_rich_text(model, field, model_field) else TEXT


def field_units(instance: models.Model, field: str, language: str) -> list[Unit]:
    """The units of one translated field: the English written in it, beside ``language``'s text."""
    model = type(instance)
    english_column, column = localized_field(field, DEFAULT_LANGUAGE), localized_field(field, language)
    model_field = model._meta.get_field(english_column)
    # The field's own name ("Body"), not its English column's ("Body (English)").
    label = str(capfirst(model._meta.get_field(field).verbose_name))
    if isinstance(model_field, StreamField):
        english = _stream_leaves(model_field, field, _stream_data(instance, english_column), label)
        translated = _stream_leaves(model_field, field, _stream_data(instance, column))
        by_key = {leaf.key: leaf.text for leaf in translated}
        by_position = {leaf.position: leaf.text for leaf in translated}
        return [
            Unit(
                leaf.key,
                field,
                leaf.label,
                leaf.kind,
                leaf.text,
                by_key.get(leaf.key) or by_position.get(leaf.position) or "",
                leaf.features,
            )
            for leaf in english
            if leaf.text.strip()
        ]
    source = _plain(instance, english_column)
    if not source.strip():
        return []
    kind = HTML if _is_rich_text(model, field, model_field) else TEXT
    features = model_field.features if isinstance(model_field, RichTextField) else None
    return [Unit(field, field, label, kind, source, _plain(instance, column), features)]


def translation_units(instance: models.Model, language: str) -> list[Unit]:
    """Every text of ``instance`` written in English, in the order editors see the fields, with its
    translation into ``language`` as it stands."""
    return [
        unit
        for field in translated_page_fields(type(instance))
        for unit in field_units(instance, field, language)
    ]


def translated_stream(instance: models.Model, field: str, language: str, texts: dict[str, str]) -> list[Any]:
    """``language``'s copy of a StreamField built on the English blocks: each text block takes the
    translation in ``texts`` (by unit key), else the one it has now, else keeps its English."""
    model_field = type(instance)._meta.get_field(localized_field(field, DEFAULT_LANGUAGE))
    data = copy.deepcopy(_stream_data(instance, localized_field(field, DEFAULT_LANGUAGE)))
    current = _stream_leaves(model_field, field, _stream_data(instance, localized_field(field, language)))
    by_key = {leaf.key: leaf.text for leaf in current}
    by_position = {leaf.position: leaf.text for leaf in current}
    for leaf in _stream_leaves(model_field, field, data):
        text = texts.get(leaf.key) or by_key.get(leaf.key) or by_position.get(leaf.position)
        if text:
            leaf.holder[leaf.index] = text
    return data
