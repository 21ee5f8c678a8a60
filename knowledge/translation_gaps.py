"""Knowledge's rows in the editors' translation report (`portal.selectors.missing_translations`):
taxonomy terms, cities and countries, twinning partnerships with their action items, city
certification. Registered from `KnowledgeConfig.ready`, because the shell imports no app model."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext_lazy as _

from knowledge.models import (
    Action,
    CertificationLevel,
    City,
    CityCertification,
    Country,
    Pollutant,
    Sector,
    Theme,
    TwinningActionItem,
    TwinningPartnership,
)
from portal.selectors import (
    MissingTranslation,
    merge_gaps,
    register_translated_kind,
    snippet_rows,
    stale_gaps,
    translated_fields,
    translation_gaps,
)
from portal.translation_sources import track


def taxonomy_rows(languages: tuple[str, ...]) -> Iterator[MissingTranslation]:
    for model in (Theme, Pollutant, Sector, Action):
        yield from snippet_rows(
            "taxonomy", model.objects.order_by("sort_order", "slug"), translated_fields(model), languages
        )


def place_rows(languages: tuple[str, ...]) -> Iterator[MissingTranslation]:
    yield from snippet_rows("place", Country.objects.order_by("code"), translated_fields(Country), languages)
    yield from snippet_rows("place", City.objects.order_by("slug"), translated_fields(City), languages)


def partnership_rows(languages: tuple[str, ...]) -> Iterator[MissingTranslation]:
    item_fields = translated_fields(TwinningActionItem)
    partnerships = TwinningPartnership.objects.select_related(
        "mentor_city", "learning_city"
    ).prefetch_related("action_items")
    for partnership in partnerships:
        missing = translation_gaps(partnership, translated_fields(TwinningPartnership), languages)
        stale = stale_gaps(partnership, languages)
        # Action items are edited inline on the partnership; only published ones reach readers.
        for item in partnership.action_items.all():
            if item.is_published:
                prefix = f"{item.title_en or item.title} · "
                merge_gaps(missing, translation_gaps(item, item_fields, languages, prefix=prefix))
                merge_gaps(stale, stale_gaps(item, languages, prefix=prefix))
        if missing or stale:
            yield MissingTranslation(partnership, "twinning", str(partnership), missing, stale)


def certification_rows(languages: tuple[str, ...]) -> Iterator[MissingTranslation]:
    levels = CertificationLevel.objects.order_by("rank")
    yield from snippet_rows("certification", levels, translated_fields(CertificationLevel), languages)
    certifications = CityCertification.objects.select_related("city", "level").order_by(
        "city__slug", "level__rank"
    )
    yield from snippet_rows("certification", certifications, translated_fields(CityCertification), languages)


def register() -> None:
    # Editors translate these in the admin: their translations are marked out of date too.
    track(
        Theme,
        Pollutant,
        Sector,
        Action,
        Country,
        City,
        TwinningPartnership,
        TwinningActionItem,
        CertificationLevel,
        CityCertification,
    )
    register_translated_kind(key="taxonomy", label=_("Taxonomy terms"), rows=taxonomy_rows, order=10)
    register_translated_kind(key="place", label=_("Cities and countries"), rows=place_rows, order=20)
    register_translated_kind(
        key="twinning", label=_("Twinning partnerships"), rows=partnership_rows, order=30
    )
    register_translated_kind(
        key="certification", label=_("City certification"), rows=certification_rows, order=40
    )
