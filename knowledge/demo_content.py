"""Demo knowledge pages, drawn from the facts in the shared seed documents.

The pages are data: ``knowledge/data/case_studies.json``, ``training_materials.json`` and
``forum_reports.json`` (one item per page: slug, translated title/summary/body and the type's
fields, the languages side by side; a few translations are left out on purpose so readers see the
"not yet available in …" notice, see ``knowledge.demo.DEMO_UNTRANSLATED``), read through
:mod:`portal.content_data`. (The reports' link texts are built per language in
``knowledge.demo_reports``.)

This module turns the items into the entries ``knowledge.demo`` saves and ``benchmarks/data.py``
draws from (:data:`CASE_STUDIES`, :data:`TRAINING_MATERIALS`, :data:`FORUM_REPORTS`): the only shapes JSON cannot hold are built here, a case study's results
stream (:func:`indicator_results`) and its sources stream.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from knowledge.models import TrainingMaterialPage
from portal.content_data import (
    Boolean,
    DataFile,
    Date,
    Integer,
    ListOf,
    OneOf,
    Record,
    Slug,
    Text,
    TimeZone,
    Translated,
    app_data,
    optional,
)

# The demo leaves a few of these out on purpose (knowledge.demo.DEMO_UNTRANSLATED): English is
# what every item needs.
TEXT = Translated()
TAGS = {
    name: optional(ListOf(Slug()))
    for name in ("partner_cities", "themes", "pollutants", "sectors", "actions")
}


class DecimalText(Text):
    """A figure written as text ("89.5"), so it is read exactly."""

    def problems(self, value: Any, path: str) -> list[str]:
        found = super().problems(value, path)
        if not found:
            try:
                Decimal(value)
            except InvalidOperation:
                found = [f"{path}: {value!r} is not a number"]
        return found


FIGURE = Record({"year": Integer(), "value": DecimalText()})
CASE_STUDY_FILE = DataFile(
    app_data(__file__, "case_studies.json"),
    Record(
        {
            "slug": Slug(),
            "city": Slug(),
            **TAGS,
            "partnership": optional(Slug()),
            "year": Integer(),
            "period": optional(TEXT),
            **{name: TEXT for name in ("title", "summary", "body")},
            **{name: optional(TEXT) for name in ("lessons_learned", "measures_taken", "cost_and_funding")},
            # One indicator: its baseline and the values of later years, drawn as one chart.
            "results": optional(
                Record(
                    {
                        "indicator": TEXT,
                        "unit": Text(blank=True),
                        "baseline": FIGURE,
                        "values": ListOf(FIGURE),
                    }
                )
            ),
            "sources": optional(ListOf(Record({"title": TEXT}), min_length=1)),
            # A report generated as PDF (knowledge/demo_reports/) and listed as the page's source.
            "report": optional(Record({"filename": Text(), "title": TEXT})),
        }
    ),
    key="slug",
)
TRAINING_MATERIAL_FILE = DataFile(
    app_data(__file__, "training_materials.json"),
    Record(
        {
            "slug": Slug(),
            "city": optional(Slug()),
            **TAGS,
            "year": Integer(),
            "format": OneOf(TrainingMaterialPage.Format.values),
            "level": OneOf(TrainingMaterialPage.Level.values),
            **{name: TEXT for name in ("title", "summary")},
            **{name: optional(TEXT) for name in ("body", "audience", "duration", "learning_objectives")},
        }
    ),
    key="slug",
)
FORUM_REPORT_FILE = DataFile(
    app_data(__file__, "forum_reports.json"),
    Record(
        {
            "slug": Slug(),
            "city": Slug(),
            **TAGS,
            "year": Integer(),
            "start": Date(),
            "end": Date(),
            "timezone": TimeZone(),
            "online_participation": optional(Boolean()),
            "interpretation_languages": optional(Text()),
            "map_query": optional(Text()),
            **{name: TEXT for name in ("title", "summary", "series", "organisers")},
            **{name: optional(TEXT) for name in ("venue", "body", "key_outcomes")},
        }
    ),
    key="slug",
)
DATA_FILES = (CASE_STUDY_FILE, TRAINING_MATERIAL_FILE, FORUM_REPORT_FILE)


def t(en: str, vi: str | None = None, id: str | None = None, th: str | None = None) -> dict[str, str]:
    """A text in the languages given, side by side (as the data files write them)."""
    return {lang: text for lang, text in {"en": en, "vi": vi, "id": id, "th": th}.items() if text}


def indicator_results(
    name: dict[str, str], unit: str, *, baseline: tuple[int, str], results: list[tuple[int, str]]
) -> dict[str, list[tuple[str, dict[str, Any]]]]:
    """A results stream per language: the baseline on the first block, one block per result year.

    The blocks share the indicator's name and unit, so the page draws them as one chart.
    """
    baseline_year, baseline_value = baseline
    streams: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for language, label in name.items():
        blocks = []
        for index, (year, value) in enumerate(results):
            block = {"indicator": label, "unit": unit, "result": Decimal(value), "year": year}
            if index == 0:
                block.update(baseline=Decimal(baseline_value), baseline_year=baseline_year)
            blocks.append(("indicator", block))
        streams[language] = blocks
    return streams


def source_blocks(sources: list[Mapping[str, Any]]) -> dict[str, list[tuple[str, dict[str, Any]]]]:
    """A sources stream per language: one block per reference, without a link or a document."""
    languages = [language for language in sources[0]["title"]]
    return {
        language: [
            ("source", {"title": source["title"][language], "url": "", "document": None})
            for source in sources
        ]
        for language in languages
    }


def _case_study(item: Mapping[str, Any]) -> dict[str, Any]:
    entry = dict(item)
    if "results" in item:
        results = item["results"]
        entry["results"] = indicator_results(
            results["indicator"],
            results["unit"],
            baseline=(results["baseline"]["year"], results["baseline"]["value"]),
            results=[(figure["year"], figure["value"]) for figure in results["values"]],
        )
    if "sources" in item:
        entry["sources"] = source_blocks(item["sources"])
    return entry


CASE_STUDIES: list[dict[str, Any]] = [_case_study(item) for item in CASE_STUDY_FILE]
TRAINING_MATERIALS: list[dict[str, Any]] = [dict(item) for item in TRAINING_MATERIAL_FILE]
FORUM_REPORTS: list[dict[str, Any]] = [dict(item) for item in FORUM_REPORT_FILE]
# The link to each forum report's PDF (knowledge/demo_reports/), saying what language it is in.
