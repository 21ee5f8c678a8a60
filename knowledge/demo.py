"""Demo knowledge pages (13 case studies, 6 training materials, 15 forum reports) in four languages.

The twinning pairs' action lists (knowledge/twinning/demo.py) and the demo events and city
certifications (knowledge/events/demo.py) are loaded by their own apps after the experts
(`load_demo` follows INSTALLED_APPS).

Idempotent: pages are matched on slug and updated. Content lives in knowledge/demo_content.py.
"""

from __future__ import annotations

import zoneinfo
from datetime import date
from typing import Any

from django.core.files.base import ContentFile
from django.core.management.base import OutputWrapper
from wagtail.documents import get_document_model

from knowledge.demo_content import CASE_STUDIES, FORUM_REPORTS, TRAINING_MATERIALS
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


def _minimal_pdf(text: str) -> bytes:
    """A one-page PDF showing `text` (ASCII), so the demo has a real report to download."""
    stream = f"BT /F1 14 Tf 72 720 Td ({text}) Tj ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    output = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(output))
        output += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(output)
    output += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    output += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    output += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(output)


def demo_report_document(*, title: str, filename: str):
    """The demo's report document with this title, created once (loading again reuses it)."""
    Document = get_document_model()
    document = Document.objects.filter(title=title).first()
    if document is None:
        document = Document(title=title)
        document.file.save(filename, ContentFile(_minimal_pdf(title)), save=False)
        document.save()
    return document


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
        document = demo_report_document(title=report["title"]["en"], filename=report["filename"])
        translated["sources"] = {
            language: [("source", {"title": title, "url": "", "document": document})]
            for language, title in report["title"].items()
        }
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
