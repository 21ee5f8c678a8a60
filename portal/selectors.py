"""Read-side queries that span the apps: what is still to translate, for the editors' report."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import translator
from wagtail.models import Page

from portal.i18n import language_codes, translation_languages, written_in
from portal.translation_sources import stale_translations

# kind → label, in the report's order: "page" here; the apps add theirs with
# register_translated_kind() from their AppConfig.ready() (the shell imports no app model).
KIND_LABELS: dict[str, Any] = {"page": _("Pages")}
_KIND_ROWS: dict[str, Callable[[tuple[str, ...]], Iterable[MissingTranslation]]] = {}
_KIND_ORDER: dict[str, int] = {"page": 0}


def register_translated_kind(
    *, key: str, label: Any, rows: Callable[[tuple[str, ...]], Iterable[MissingTranslation]], order: int
) -> None:
    """A kind of row in the translation report: ``rows(languages)`` yields its gaps, ``order``
    places it among the others (pages are 0)."""
    _KIND_ROWS[key] = rows
    _KIND_ORDER[key] = order
    labels = {**KIND_LABELS, key: label}
    # Mutated in place: the admin report's filter reads this same dict.
    KIND_LABELS.clear()
    KIND_LABELS.update(sorted(labels.items(), key=lambda item: _KIND_ORDER[item[0]]))


@dataclass
class MissingTranslation:
    """One page, snippet or expert with reader-visible text not yet written in some languages."""

    instance: models.Model
    kind: str
    title: str
    # language code → labels of the fields still empty in it, in the order editors see them
    missing: dict[str, list[str]] = field(default_factory=dict)
    # language code → labels of the fields translated before their English last changed
    stale: dict[str, list[str]] = field(default_factory=dict)
    # Filled in by the admin view, which knows the editor (edit links depend on permissions).
    edit_url: str | None = None
    gaps: str = ""
    stale_gaps: str = ""

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS[self.kind])

    @property
    def type_label(self) -> str:
        return str(self.instance._meta.verbose_name)


def _field_label(model: type[models.Model], field_name: str) -> str:
    return str(model._meta.get_field(field_name).verbose_name)


def translation_gaps(
    instance: models.Model, fields: Iterable[str], languages: Iterable[str], prefix: str = ""
) -> dict[str, list[str]]:
    """language → fields that are written in some language but empty in this one.

    A field nobody has written (an optional section left out) is not a translation gap.
    """
    gaps: dict[str, list[str]] = {}
    fields = [name for name in fields if any(written_in(instance, name, code) for code in language_codes())]
    for language in languages:
        for name in fields:
            if not written_in(instance, name, language):
                gaps.setdefault(language, []).append(prefix + _field_label(type(instance), name))
    return gaps


@functools.cache
def translated_fields(model: type[models.Model]) -> tuple[str, ...]:
    """The model's translated fields in the order they are declared (roughly the editor's order)."""
    translated = set(translator.get_options_for_model(model).fields)
    return tuple(field.name for field in model._meta.get_fields() if field.name in translated)


def merge_gaps(into: dict[str, list[str]], more: dict[str, list[str]]) -> None:
    for language, labels in more.items():
        into.setdefault(language, []).extend(labels)


def _page_rows(languages: tuple[str, ...]) -> Iterator[MissingTranslation]:
    # Every live page readers can reach, of every translated page type; the Wagtail title is
    # translated for all of them.
    for page in Page.objects.live().filter(depth__gt=1).specific().order_by("path"):
        fields = ("title", *translated_fields(type(page)))
        missing = translation_gaps(page, fields, languages)
        stale = stale_gaps(page, languages)
        if missing or stale:
            yield MissingTranslation(page, "page", page.title_en or page.title, missing, stale)


def stale_gaps(instance: models.Model, languages: Iterable[str], prefix: str = "") -> dict[str, list[str]]:
    """language → labels of the fields translated before their English last changed."""
    return {
        language: [prefix + _field_label(type(instance), name) for name in names]
        for language, names in stale_translations(instance).items()
        if language in languages
    }


def snippet_rows(
    kind: str, queryset: models.QuerySet, fields: tuple[str, ...], languages: tuple[str, ...]
) -> Iterator[MissingTranslation]:
    for instance in queryset:
        missing = translation_gaps(instance, fields, languages)
        stale = stale_gaps(instance, languages)
        if missing or stale:
            yield MissingTranslation(instance, kind, str(instance), missing, stale)


def _rows(kind: str, languages: tuple[str, ...]) -> Iterable[MissingTranslation]:
    return _page_rows(languages) if kind == "page" else _KIND_ROWS[kind](languages)


STATE_LABELS = {"missing": _("Not yet translated"), "stale": _("Out of date")}


def missing_translations(*, language: str = "", kind: str = "", state: str = "") -> list[MissingTranslation]:
    """Reader-visible text written in one language but empty in another, per page and per kind
    the apps registered (snippets, published experts), and translations older than their
    English; `language` (vi, id or th), `kind` (a KIND_LABELS key) and `state` (a STATE_LABELS
    key) narrow the list."""
    languages = (language,) if language in translation_languages() else translation_languages()
    kinds = (kind,) if kind in KIND_LABELS else tuple(KIND_LABELS)
    rows = [row for each in kinds for row in _rows(each, languages)]
    if state == "missing":
        rows = [row for row in rows if row.missing]
    elif state == "stale":
        rows = [row for row in rows if row.stale]
    return rows


def describe_gaps(row: MissingTranslation, names: dict[str, Any], *, stale: bool = False) -> str:
    """ "Thai: summary, body · Vietnamese: body", with `names` mapping codes to language names;
    the out-of-date translations with ``stale``."""
    gaps = row.stale if stale else row.missing
    return " · ".join(f"{names.get(code, code)}: {', '.join(labels)}" for code, labels in gaps.items())
