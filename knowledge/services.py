"""Write-side domain logic for knowledge pages: section set-up, saving pages, the JSON Lines importer."""

from __future__ import annotations

import json
import sys
import zoneinfo
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any, TextIO

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import transaction
from django.utils import translation
from tqdm import tqdm
from wagtail.models import Page
from wagtail.rich_text import RichText

from knowledge.models import (
    Action,
    CaseStudyIndexPage,
    CaseStudyPage,
    City,
    ForumReportIndexPage,
    ForumReportPage,
    Pollutant,
    Sector,
    Theme,
    TrainingMaterialIndexPage,
    TrainingMaterialPage,
)
from portal.i18n import is_portal_language, language_codes, set_translations
from portal.models import HomePage
from portal.sanitize import sanitize_html

# Knowledge-type slug (docs/architecture.md, "Vocabularies") → (page model, its index page model).
KNOWLEDGE_TYPES: dict[str, tuple[type[Page], type[Page]]] = {
    "case_study": (CaseStudyPage, CaseStudyIndexPage),
    "training_material": (TrainingMaterialPage, TrainingMaterialIndexPage),
    "forum_report": (ForumReportPage, ForumReportIndexPage),
}

# Each section's index page: slug and title in the four languages.
INDEX_PAGES: dict[type[Page], tuple[str, dict[str, str], dict[str, str]]] = {
    CaseStudyIndexPage: (
        "case-studies",
        {"en": "Case studies", "vi": "Nghiên cứu điển hình", "id": "Studi kasus", "th": "กรณีศึกษา"},
        {
            "en": "What cities did against air pollution, what changed and what they learned.",
            "vi": "Các thành phố đã làm gì để chống ô nhiễm không khí, điều gì đã thay đổi và họ rút ra bài học gì.",
            "id": "Apa yang dilakukan kota-kota melawan pencemaran udara, apa yang berubah, dan pelajaran yang mereka petik.",
            "th": "เมืองต่าง ๆ ทำอะไรเพื่อต่อสู้กับมลพิษทางอากาศ อะไรเปลี่ยนไป และได้บทเรียนอะไรบ้าง",
        },
    ),
    TrainingMaterialIndexPage: (
        "training",
        {"en": "Training materials", "vi": "Tài liệu đào tạo", "id": "Materi pelatihan", "th": "สื่อการฝึกอบรม"},
        {
            "en": "Courses, toolkits, slides, videos and webinars for city staff.",
            "vi": "Khóa học, bộ công cụ, bài trình bày, video và hội thảo trực tuyến cho cán bộ thành phố.",
            "id": "Kursus, perangkat kerja, salindia, video, dan webinar untuk staf pemerintah kota.",
            "th": "หลักสูตร ชุดเครื่องมือ สไลด์ วิดีโอ และการสัมมนาออนไลน์สำหรับเจ้าหน้าที่เมือง",
        },
    ),
    ForumReportIndexPage: (
        "forum-reports",
        {"en": "Forum reports", "vi": "Báo cáo diễn đàn", "id": "Laporan forum", "th": "รายงานการประชุม"},
        {
            "en": "Outcomes of regional forums and workshops on clean air.",
            "vi": "Kết quả của các diễn đàn và hội thảo khu vực về không khí sạch.",
            "id": "Hasil forum dan lokakarya regional tentang udara bersih.",
            "th": "ผลลัพธ์จากเวทีและการประชุมเชิงปฏิบัติการระดับภูมิภาคด้านอากาศสะอาด",
        },
    ),
}

# Import key → (page relation, taxonomy model).
TERM_KEYS: dict[str, tuple[str, type]] = {
    "themes": ("themes", Theme),
    "pollutants": ("pollutants", Pollutant),
    "sectors": ("sectors", Sector),
    "actions": ("actions", Action),
}
TRANSLATED_KEYS = ("title", "summary", "body")
PROGRESS_THRESHOLD = 50


def ensure_index_pages() -> dict[type[Page], Page]:
    """The three section index pages under the home page, created (published) when missing."""
    with translation.override("en"):
        return _ensure_index_pages()


def _ensure_index_pages() -> dict[type[Page], Page]:
    home = HomePage.objects.get()
    indexes: dict[type[Page], Page] = {}
    for model, (slug, titles, intros) in INDEX_PAGES.items():
        index = model.objects.first()
        if index is None:
            index = model(slug=slug, show_in_menus=True, title=titles["en"], draft_title=titles["en"])
            set_translations(index, "title", titles, clear_missing=False)
            set_translations(index, "intro", intros, clear_missing=False)
            home.add_child(instance=index)
            index.save_revision().publish()
        indexes[model] = index
    return indexes


@dataclass
class PageData:
    """Everything needed to create or update one knowledge page, already validated."""

    model: type[Page]
    slug: str
    translated: dict[str, dict[str, Any]] = field(default_factory=dict)
    fields: dict[str, Any] = field(default_factory=dict)
    relations: dict[str, Sequence[Any]] = field(default_factory=dict)
    live: bool = True


def rich_text_body(html: str) -> list[tuple[str, RichText]]:
    """Limited HTML, sanitised, as the single rich-text block of a body StreamField."""
    cleaned = sanitize_html(html)
    return [("rich_text", RichText(cleaned))] if cleaned else []


def save_knowledge_page(
    *, data: PageData, indexes: Mapping[type[Page], Page] | None = None
) -> tuple[Page, bool]:
    """Create or update (matched on slug) a knowledge page; publish it or leave a draft revision."""
    # The untranslated columns (what Wagtail's admin and revisions read) are saved in English.
    with translation.override("en"), transaction.atomic():
        return _save_knowledge_page(data, indexes or ensure_index_pages())


def _save_knowledge_page(data: PageData, indexes: Mapping[type[Page], Page]) -> tuple[Page, bool]:
    index_model = next(index for model, index in KNOWLEDGE_TYPES.values() if model is data.model)
    page = data.model.objects.filter(slug=data.slug).first()
    created = page is None
    if created:
        page = data.model(slug=data.slug, live=data.live)
    for name, values in data.translated.items():
        set_translations(page, name, values, clear_missing=True)
    page.draft_title = page.title
    for name, value in data.fields.items():
        setattr(page, name, value)
    for name, values in data.relations.items():
        getattr(page, name).set(values)
    if created:
        indexes[index_model].add_child(instance=page)
    else:
        page.save()
    revision = page.save_revision()
    if data.live:
        revision.publish()
    elif page.live:
        page.unpublish()
    return page, created


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def failed_lines(self) -> int:
        return len({error.split(":", 1)[0] for error in self.errors})


class _Vocabulary:
    """Every slug a row may name, loaded once per import."""

    def __init__(self) -> None:
        self.cities = {city.slug: city for city in City.objects.all()}
        self.terms = {
            key: {term.slug: term for term in model.objects.all()} for key, (_r, model) in TERM_KEYS.items()
        }


def _translated(row: dict[str, Any], key: str, problems: list[str]) -> dict[str, str] | None:
    value = row.get(key)
    if value is None:
        return None
    if not isinstance(value, dict):
        problems.append(f"{key} must be an object keyed by language code")
        return None
    unknown = sorted(set(value) - set(language_codes()))
    if unknown:
        problems.append(f"{key} has unknown language code(s): {', '.join(unknown)}")
    if any(not isinstance(text, str) for text in value.values()):
        problems.append(f"{key} values must be strings")
        return None
    return {language: text.strip() for language, text in value.items() if is_portal_language(language)}


def _slug_list(row: dict[str, Any], key: str, known: Mapping[str, Any], problems: list[str]) -> list[Any]:
    values = row.get(key) or []
    if not isinstance(values, list) or not all(isinstance(value, str) for value in values):
        problems.append(f"{key} must be a list of slugs")
        return []
    unknown = [value for value in values if value not in known]
    if unknown:
        problems.append(f"unknown {key} slug(s): {', '.join(unknown)}")
    return [known[value] for value in values if value in known]


def parse_moment(value: Any, zone: zoneinfo.ZoneInfo, *, end: bool) -> datetime:
    if not isinstance(value, str):
        raise ValueError("expected an ISO date")
    if len(value) == 10:
        # A bare date covers the whole local day: shown as a date only (ForumReportPage.is_all_day).
        day = date.fromisoformat(value)
        return datetime.combine(day, time(23, 59) if end else time(0, 0), tzinfo=zone)
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)


def parse_row(row: Any, vocabulary: _Vocabulary) -> tuple[PageData | None, list[str]]:
    """Validate one JSON Lines object (format in the README, "Importing knowledge pages"); return the page data or the problems."""
    problems: list[str] = []
    if not isinstance(row, dict):
        return None, ["expected a JSON object"]
    type_slug = row.get("type")
    if type_slug not in KNOWLEDGE_TYPES:
        problems.append(f"unknown type {type_slug!r} (expected one of {', '.join(KNOWLEDGE_TYPES)})")
    slug = row.get("slug")
    try:
        validate_slug(slug if isinstance(slug, str) else "")
    except ValidationError:
        problems.append(f"invalid or missing slug {slug!r}")
    translated = {key: _translated(row, key, problems) for key in TRANSLATED_KEYS}
    if not (translated["title"] or {}).get("en"):
        problems.append("title.en is required")

    relations: dict[str, Sequence[Any]] = {}
    fields: dict[str, Any] = {}
    city_slug = row.get("city")
    if city_slug is not None:
        if city_slug in vocabulary.cities:
            fields["city"] = vocabulary.cities[city_slug]
        else:
            problems.append(f"unknown city {city_slug!r}")
    relations["partner_cities"] = _slug_list(row, "partner_cities", vocabulary.cities, problems)
    for key, (relation, _model) in TERM_KEYS.items():
        relations[relation] = _slug_list(row, key, vocabulary.terms[key], problems)
    year = row.get("year")
    if year is not None:
        if isinstance(year, int) and not isinstance(year, bool) and 1950 <= year <= 2100:
            fields["year"] = year
        else:
            problems.append(f"year must be a whole number between 1950 and 2100, got {year!r}")
    live = row.get("live", True)
    if not isinstance(live, bool):
        problems.append("live must be true or false")

    extra_translated: dict[str, dict[str, Any]] = {}
    model = KNOWLEDGE_TYPES[type_slug][0] if type_slug in KNOWLEDGE_TYPES else None
    if model is ForumReportPage:
        zone_name = row.get("timezone") or "UTC"
        try:
            zone = zoneinfo.ZoneInfo(zone_name)
            fields["timezone"] = zone_name
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            problems.append(f"unknown time zone {zone_name!r}")
            zone = zoneinfo.ZoneInfo("UTC")
        for key, attribute in (("start_date", "start"), ("end_date", "end")):
            if row.get(key) is not None:
                try:
                    fields[attribute] = parse_moment(row[key], zone, end=key == "end_date")
                except ValueError:
                    problems.append(f"{key} must be an ISO date (YYYY-MM-DD), got {row[key]!r}")
        if fields.get("start") and fields.get("end") and fields["end"] < fields["start"]:
            problems.append("end_date is before start_date")
        for key in ("venue", "series", "organisers"):
            if row.get(key) is not None:
                if isinstance(row[key], str):
                    extra_translated[key] = {"en": row[key]}
                else:
                    problems.append(f"{key} must be text")
    if model is TrainingMaterialPage:
        if row.get("audience") is not None:
            extra_translated["audience"] = {"en": str(row["audience"])}
        for key, choices in (("level", TrainingMaterialPage.Level), ("format", TrainingMaterialPage.Format)):
            if row.get(key) is not None:
                if row[key] in choices.values:
                    fields[key] = row[key]
                else:
                    problems.append(f"{key} must be one of {', '.join(choices.values)}, got {row[key]!r}")
    if model and isinstance(slug, str):
        clash = Page.objects.filter(slug=slug).exclude(content_type__model=model._meta.model_name).first()
        if clash and clash.specific_class in (m for m, _i in KNOWLEDGE_TYPES.values()):
            problems.append(f"slug {slug!r} is already used by a page of another type")

    if problems or model is None:
        return None, problems
    page_translated: dict[str, dict[str, Any]] = {"title": translated["title"]}
    if translated["summary"] is not None:
        page_translated["summary"] = translated["summary"]
    if translated["body"] is not None:
        page_translated["body"] = {
            language: rich_text_body(html) for language, html in translated["body"].items()
        }
    page_translated.update(extra_translated)
    return PageData(
        model=model, slug=slug, translated=page_translated, fields=fields, relations=relations, live=live
    ), []


def import_knowledge(
    *, lines: Iterable[str], stderr: TextIO | None = None, total: int | None = None
) -> ImportReport:
    """Import JSON Lines rows; each valid row is saved in its own transaction, bad rows reported.

    Errors read `line N: reason`, one per problem. A second import of a slug updates that page.
    """
    stderr = stderr or sys.stderr
    report = ImportReport()
    vocabulary = _Vocabulary()
    indexes = ensure_index_pages()
    show_progress = total is not None and total >= PROGRESS_THRESHOLD and stderr.isatty()
    for number, line in enumerate(tqdm(lines, total=total, file=stderr, disable=not show_progress), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            report.errors.append(f"line {number}: invalid JSON ({error.msg})")
            continue
        data, problems = parse_row(row, vocabulary)
        if data is None:
            report.errors.extend(f"line {number}: {problem}" for problem in problems)
            continue
        _page, created = save_knowledge_page(data=data, indexes=indexes)
        if created:
            report.created += 1
        else:
            report.updated += 1
    return report
