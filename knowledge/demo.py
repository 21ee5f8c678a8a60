"""Demo knowledge pages (14 case studies, 6 training materials, 15 forum reports) in four languages.

The twinning pairs' action lists (knowledge/twinning/demo.py) and the demo events and city
certifications (knowledge/events/demo.py) are loaded by their own apps after the experts
(`load_demo` follows INSTALLED_APPS).

Idempotent: pages are matched on slug and updated. The content is data (knowledge/data/*.json),
turned into entries by knowledge/demo_content.py.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import zoneinfo
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management.base import OutputWrapper
from modeltranslation.utils import build_localized_fieldname
from wagtail.documents import get_document_model

from knowledge import demo_content, demo_reports
from knowledge.demo_content import CASE_STUDIES, FORUM_REPORTS, TRAINING_MATERIALS
from knowledge.demo_images import ILLUSTRATION_ALT, alt_texts, demo_illustration_image, demo_map_image
from knowledge.demo_reports import (
    LANGUAGES,
    forum_report_pdfs,
    haiphong_inventory_pdf,
    link_text,
    report_languages,
    training_material_pdfs,
)
from knowledge.models import (
    Action,
    CaseStudyPage,
    City,
    ForumReportPage,
    Pollutant,
    Sector,
    Theme,
    TrainingMaterialPage,
    TwinningPartnership,
)
from knowledge.services import PageData, ensure_index_pages, parse_moment, rich_text_body, save_knowledge_page
from portal import pdf as portal_pdf
from portal.pdf import can_set
from portal.sanitize import sanitize_html
from portal.search.document_text import extract_document_text

# The pages' data files (knowledge/data/), which load_demo checks before it writes anything.
DATA_FILES = demo_content.DATA_FILES
LAST_REVIEWED = date(2026, 11, 20)
# The demo is translated into every language except these fields, left out on purpose so readers
# see the fallback notice (and editors see them in the "Missing translations" report):
# page slug → language → fields.
DEMO_UNTRANSLATED: dict[str, dict[str, list[str]]] = {
    "shenzhen-electric-buses": {"id": ["body"], "th": ["body"]},
    "city-action-plan-methodology": {"th": ["title", "summary"]},
}
RICH_TEXT_FIELDS = {
    "lessons_learned",
    "measures_taken",
    "cost_and_funding",
    "learning_objectives",
    "key_outcomes",
}
# StreamFields given per language as (block type, value) lists.
STREAM_FIELDS = {"results", "sources"}
PLAIN_TRANSLATED_FIELDS = {
    "title",
    "summary",
    "period",
    "audience",
    "duration",
    "series",
    "venue",
    "organisers",
}
PLAIN_FIELDS = {
    "year",
    "format",
    "level",
    "timezone",
    "online_participation",
    "interpretation_languages",
    "map_query",
}


def demo_report_document(*, title: str, filename: str, content: bytes):
    """The demo's report document with this title; its file is replaced when the report changed,
    so loading again after the demo content changed serves the new report (and no duplicate)."""
    Document = get_document_model()
    document = Document.objects.filter(title=title).first()
    if document is None:
        document = Document(title=title)
    elif document.file_hash == hashlib.sha1(content, usedforsecurity=False).hexdigest():
        return document
    else:
        document.file.delete(save=False)
    document.file.save(filename, ContentFile(content), save=False)
    # What the admin's upload form records, so the reader sees the file's size beside its link.
    document.file_size = len(content)
    document.file_hash = hashlib.sha1(content, usedforsecurity=False).hexdigest()
    document.save()
    # The loader reads the text now rather than through the task worker, so a fresh demo is
    # searchable by its reports' contents as soon as it is indexed.
    extract_document_text(document=document)
    return document


def _localized_name(place: Any, language: str) -> str:
    return getattr(place, build_localized_fieldname("name", language), "") or place.name_en


def _source_files(module: Any) -> list[Path]:
    """A module's source, or every source file of a package (a split module changes in its parts)."""
    path = Path(module.__file__)
    if path.name == "__init__.py":
        return sorted(path.parent.glob("*.py"))
    return [path]


def _fingerprint(*parts: Any) -> str:
    """What a demo report is made from: its facts, the writer's code and which languages it can set."""
    digest = hashlib.sha1(usedforsecurity=False)
    for module in (demo_reports, portal_pdf):
        for path in _source_files(module):
            digest.update(path.read_bytes())
    digest.update(
        json.dumps([parts, [can_set(code) for code in LANGUAGES]], sort_keys=True, default=str).encode()
    )
    return digest.hexdigest()


class _ReportCache:
    """The report files a previous load wrote, by document title, with what they were made from.

    Writing a report takes a good part of a second and the demo has about ninety, so loading
    again (every ``make run``) reuses each file whose facts and writer did not change instead of
    writing it again to compare.
    """

    def __init__(self) -> None:
        self.path = Path(settings.DATA_DIR) / "demo-reports.json"
        try:
            self.entries: dict[str, dict[str, str]] = json.loads(self.path.read_text())
        except (OSError, ValueError):
            self.entries = {}

    def documents(self, titles: dict[str, str], fingerprint: str) -> dict[str, Any] | None:
        """The documents by language when every one is as the cache says, else None."""
        Document = get_document_model()
        found = {}
        for language, title in titles.items():
            entry = self.entries.get(title)
            if not entry or entry["fingerprint"] != fingerprint:
                return None
            document = Document.objects.filter(title=title, file_hash=entry["file_hash"]).first()
            if document is None:
                return None
            found[language] = document
        return found

    def remember(self, documents: dict[str, Any], fingerprint: str) -> None:
        for document in documents.values():
            self.entries[document.title] = {"fingerprint": fingerprint, "file_hash": document.file_hash}

    def save(self) -> None:
        # A read-only data directory only means the next load writes the reports again.
        with contextlib.suppress(OSError):
            self.path.write_text(json.dumps(self.entries, indent=0, sort_keys=True))


def _document_lists(
    *,
    entry: dict[str, Any],
    kind: str,
    label: str,
    make_reports: Callable[[], dict[str, bytes]],
    facts: Any,
    cache: _ReportCache,
) -> dict[str, list[tuple[str, dict[str, Any]]]]:
    """One document per report language, offered on every language's page: the reader's own
    language first, each link saying which language its file is in."""

    # The English file keeps the title and file name it had when it was the only one, so a
    # loaded demo's document (and its address) is replaced rather than duplicated.
    def title(language: str) -> str:
        return f"{entry['title']['en']}: {label}" + ("" if language == "en" else f" ({language})")

    fingerprint = _fingerprint(kind, facts)
    titles = {language: title(language) for language in report_languages(entry)}
    documents = cache.documents(titles, fingerprint)
    if documents is None:
        documents = {
            language: demo_report_document(
                title=title(language),
                filename=f"{entry['slug']}-{label}" + ("" if language == "en" else f"-{language}") + ".pdf",
                content=content,
            )
            for language, content in make_reports().items()
        }
        cache.remember(documents, fingerprint)
    lists = {}
    for reader in LANGUAGES:
        order = sorted(documents, key=lambda language: (language != reader, LANGUAGES.index(language)))
        lists[reader] = [
            (
                "document",
                {"document": documents[language], "title": link_text(kind, reader=reader, document=language)},
            )
            for language in order
        ]
    return lists


# The training materials whose programme ran as dated editions, shown as forum reports: the
# course summary lists each edition with its dates.
TRAINING_EDITIONS = {"iclei-shrdc-air-quality-training": "iclei-shrdc-training-"}


def _page_data(
    model: type, entry: dict[str, Any], lookups: dict[str, dict[str, Any]], cache: _ReportCache
) -> PageData:
    translated: dict[str, dict[str, Any]] = {}
    fields: dict[str, Any] = {"last_reviewed": LAST_REVIEWED}
    for key, value in entry.items():
        if key == "body":
            translated["body"] = {language: rich_text_body(html) for language, html in value.items()}
        elif key in RICH_TEXT_FIELDS:
            translated[key] = {language: sanitize_html(html) for language, html in value.items()}
        elif key in STREAM_FIELDS or key in PLAIN_TRANSLATED_FIELDS:
            translated[key] = value
        elif key in PLAIN_FIELDS:
            fields[key] = value
    if "city" in entry:
        fields["city"] = lookups["city"][entry["city"]]
    if "partnership" in entry:
        fields["twinning_partnership"] = lookups["partnership"][entry["partnership"]]
    if "report" in entry:
        report = entry["report"]
        document = demo_report_document(
            title=report["title"]["en"], filename=report["filename"], content=haiphong_inventory_pdf(entry)
        )
        translated["sources"] = {
            language: [("source", {"title": title, "url": "", "document": document})]
            for language, title in report["title"].items()
        }
    # Every page shows a picture: its city's map, or without a city an illustration of its own.
    if "city" in entry:
        city = lookups["city"][entry["city"]]
        partners = [lookups["city"][slug] for slug in entry.get("partner_cities", [])]
        fields["card_image"] = demo_map_image(
            title=f"Map: {', '.join(place.name_en for place in [city, *partners])}",
            filename=f"map-{'-'.join(place.slug for place in [city, *partners])}.png",
            city=city,
            partners=partners,
        )
        translated["card_image_alt"] = alt_texts(city=city, partners=partners)
    else:
        fields["card_image"] = demo_illustration_image(
            title=f"Illustration: {entry['title']['en']}",
            filename=f"illustration-{entry['slug']}.png",
            seed=entry["slug"],
        )
        translated["card_image_alt"] = dict(ILLUSTRATION_ALT)
    if model is ForumReportPage:
        city = lookups["city"][entry["city"]]
        names = {language: _localized_name(city, language) for language in LANGUAGES}
        translated["report_documents"] = _document_lists(
            entry=entry,
            kind="report",
            label="report",
            make_reports=lambda: forum_report_pdfs(entry, city_name=names.__getitem__),
            facts=(entry, names),
            cache=cache,
        )
    if model is TrainingMaterialPage:
        prefix = TRAINING_EDITIONS.get(entry["slug"])
        editions = [report for report in FORUM_REPORTS if prefix and report["slug"].startswith(prefix)]
        translated["downloads"] = _document_lists(
            entry=entry,
            kind="course",
            label="summary",
            make_reports=lambda: training_material_pdfs(entry, editions=editions),
            facts=(entry, editions),
            cache=cache,
        )
    if "start" in entry:
        zone = zoneinfo.ZoneInfo(entry["timezone"])
        fields["start"] = parse_moment(entry["start"], zone, end=False)
        fields["end"] = parse_moment(entry["end"], zone, end=True)
    relations = {
        "partner_cities": [lookups["city"][slug] for slug in entry.get("partner_cities", [])],
        **{
            name: [lookups[name][slug] for slug in entry.get(name, [])]
            for name in ("themes", "pollutants", "sectors", "actions")
        },
    }
    return PageData(
        model=model, slug=entry["slug"], translated=translated, fields=fields, relations=relations
    )


def load(*, stdout: OutputWrapper) -> None:
    indexes = ensure_index_pages()
    lookups: dict[str, dict[str, Any]] = {
        "city": {city.slug: city for city in City.objects.all()},
        "partnership": {p.slug: p for p in TwinningPartnership.objects.all()},
        "themes": {term.slug: term for term in Theme.objects.all()},
        "pollutants": {term.slug: term for term in Pollutant.objects.all()},
        "sectors": {term.slug: term for term in Sector.objects.all()},
        "actions": {term.slug: term for term in Action.objects.all()},
    }
    cache = _ReportCache()
    for model, entries in (
        (CaseStudyPage, CASE_STUDIES),
        (TrainingMaterialPage, TRAINING_MATERIALS),
        (ForumReportPage, FORUM_REPORTS),
    ):
        for entry in entries:
            save_knowledge_page(data=_page_data(model, entry, lookups, cache), indexes=indexes)
        stdout.write(f"{model._meta.verbose_name_plural}: {len(entries)} pages in en, vi, id, th")
    cache.save()
