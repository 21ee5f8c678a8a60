"""Reports in every language a page is written in: forum reports and training material summaries,
with the link text that names each file's language in the reader's.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from django.utils import translation

from knowledge.demo_reports.background import PORTAL_NAME
from knowledge.demo_reports.english import _blocks, _when, forum_report_pdf
from knowledge.demo_reports.words import LANGUAGE_NAMES, LANGUAGES, LINK_TEXT, WORDS
from knowledge.models import TrainingMaterialPage
from portal.l10n import local_date, local_year
from portal.pdf import Block, Section, can_set, write_pdf


def link_text(kind: str, *, reader: str, document: str) -> str:
    """The link to a ``kind`` ("report", "course") file in ``document``'s language, for a reader of ``reader``."""
    return LINK_TEXT[kind][reader].format(language=LANGUAGE_NAMES[reader][document])


def report_languages(entry: dict[str, Any]) -> list[str]:
    """The languages a page's report is written in: those of its title that the writer can set."""
    return [language for language in LANGUAGES if language in entry["title"] and can_set(language)]


def _text(entry: dict[str, Any], key: str, language: str) -> str:
    return entry.get(key, {}).get(language, "")


def _local_when(start: str, end: str) -> str:
    if translation.get_language() == "en":  # as the English forum reports write them
        return _when(start, end)
    first, last = date.fromisoformat(start), date.fromisoformat(end)
    if first == last:
        return local_date(first)
    return f"{local_date(first)} \u2013 {local_date(last)}"


def _translated_report(
    entry: dict[str, Any], language: str, *, facts: list[Block], sections: Sequence[Section], notice: str
) -> bytes:
    words = WORDS[language]
    title = entry["title"][language]
    summary = [Block(_text(entry, "summary", language)), *_blocks(_text(entry, "body", language))]
    parts = [
        Section(title, [Block(PORTAL_NAME), *facts, Block(words[notice])], size=20),
        Section(words["summary"], [block for block in summary if block.text], new_page=True),
        *sections,
        Section(words["sources"], [Block(words["source"], bullet=True)]),
    ]
    return write_pdf(title=title, language=language, sections=parts, footer=PORTAL_NAME)


def forum_report_pdfs(entry: dict[str, Any], *, city_name: Callable[[str], str]) -> dict[str, bytes]:
    """The report of one demo forum report entry in each of its languages, as PDF bytes by language.

    ``city_name(language)`` names the entry's city in that language (for entries with no venue).
    """
    reports = {}
    for language in report_languages(entry):
        if language == "en":
            reports["en"] = forum_report_pdf(entry, city_name=city_name("en"))
            continue
        words = WORDS[language]
        with translation.override(language):
            facts = [Block(_local_when(entry["start"], entry["end"]), label=words["dates"])]
            venue = _text(entry, "venue", language)
            facts.append(
                Block(venue, label=words["venue"])
                if venue
                else Block(city_name(language), label=words["city"])
            )
            facts.append(Block(entry["timezone"], label=words["time_zone"]))
            for key in ("organisers", "series"):
                if _text(entry, key, language):
                    facts.append(Block(_text(entry, key, language), label=words[key]))
            sections = []
            if _text(entry, "key_outcomes", language):
                sections.append(
                    Section(words["outcomes"], _blocks(_text(entry, "key_outcomes", language), bullets=True))
                )
            reports[language] = _translated_report(
                entry, language, facts=facts, sections=sections, notice="notice"
            )
    return reports


def _training_editions(
    entry: dict[str, Any], editions: Sequence[dict[str, Any]], language: str
) -> list[Block]:
    """The dated editions of a training (the forum-report entries of the same programme)."""
    blocks = []
    for edition in editions:
        name = _text(edition, "title", language) or edition["title"]["en"]
        blocks.append(Block(_local_when(edition["start"], edition["end"]), label=name, bullet=True))
    return blocks


def training_material_pdfs(
    entry: dict[str, Any], *, editions: Sequence[dict[str, Any]] = ()
) -> dict[str, bytes]:
    """The course summary of one demo training material in each of its languages, by language.

    ``editions`` are the dated forum-report entries of the same training programme, listed with
    their dates (the ICLEI x SHRDC training has five).
    """
    reports = {}
    for language in report_languages(entry):
        words = WORDS[language]
        with translation.override(language):
            facts = [Block(str(TrainingMaterialPage.Format(entry["format"]).label), label=words["format"])]
            if entry.get("level"):
                facts.append(
                    Block(str(TrainingMaterialPage.Level(entry["level"]).label), label=words["level"])
                )
            for key in ("audience", "duration"):
                if _text(entry, key, language):
                    facts.append(Block(_text(entry, key, language), label=words[key]))
            if entry.get("year"):
                facts.append(Block(local_year(entry["year"]), label=words["year"]))
            sections = []
            if _text(entry, "learning_objectives", language):
                sections.append(
                    Section(
                        words["objectives"],
                        _blocks(_text(entry, "learning_objectives", language), bullets=True),
                    )
                )
            if editions:
                sections.append(Section(words["editions"], _training_editions(entry, editions, language)))
            reports[language] = _translated_report(
                entry, language, facts=facts, sections=sections, notice="training_notice"
            )
    return reports
