"""Demo knowledge pages (14 case studies, 6 training materials, 15 forum reports) in four languages.

The twinning pairs' action lists (knowledge/twinning/demo.py) and the demo events and city
certifications (knowledge/events/demo.py) are loaded by their own apps after the experts
(`load_demo` follows INSTALLED_APPS).

Idempotent: pages are matched on slug and updated. Content lives in knowledge/demo_content.py.
"""

from __future__ import annotations

import hashlib
import zoneinfo
from datetime import date
from typing import Any

from django.core.files.base import ContentFile
from django.core.management.base import OutputWrapper
from wagtail.documents import get_document_model

from knowledge.demo_content import CASE_STUDIES, FORUM_REPORTS, REPORT_LINK_TEXT, TRAINING_MATERIALS
from knowledge.demo_images import alt_texts, demo_map_image
from knowledge.demo_reports import forum_report_pdf, haiphong_inventory_pdf
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
from portal.sanitize import sanitize_html
from portal.search.document_text import extract_document_text

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


def _report_documents(entry: dict[str, Any], city_name: str) -> dict[str, list[tuple[str, dict[str, Any]]]]:
    """The forum report's PDF, offered in every language's list with a link text saying its language."""
    title = entry["title"]["en"]
    document = demo_report_document(
        title=f"{title}: report",
        filename=f"{entry['slug']}-report.pdf",
        content=forum_report_pdf(entry, city_name=city_name),
    )
    return {
        language: [("document", {"document": document, "title": link_text})]
        for language, link_text in REPORT_LINK_TEXT.items()
    }


def _page_data(model: type, entry: dict[str, Any], lookups: dict[str, dict[str, Any]]) -> PageData:
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
    if "city" in entry and model in (CaseStudyPage, ForumReportPage):
        city = lookups["city"][entry["city"]]
        partners = [lookups["city"][slug] for slug in entry.get("partner_cities", [])]
        fields["card_image"] = demo_map_image(
            title=f"Map: {', '.join(place.name_en for place in [city, *partners])}",
            filename=f"map-{'-'.join(place.slug for place in [city, *partners])}.png",
            city=city,
            partners=partners,
        )
        translated["card_image_alt"] = alt_texts(city=city, partners=partners)
    if model is ForumReportPage:
        translated["report_documents"] = _report_documents(entry, lookups["city"][entry["city"]].name_en)
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
    for model, entries in (
        (CaseStudyPage, CASE_STUDIES),
        (TrainingMaterialPage, TRAINING_MATERIALS),
        (ForumReportPage, FORUM_REPORTS),
    ):
        for entry in entries:
            save_knowledge_page(data=_page_data(model, entry, lookups), indexes=indexes)
        stdout.write(f"{model._meta.verbose_name_plural}: {len(entries)} pages in en, vi, id, th")
