"""Benchmark data: experts and knowledge pages in four languages, written in bulk, then indexed.

    .venv/bin/python benchmarks/data.py --experts 10000 --pages 5000 [--json FILE]

Runs against whatever database the environment names (``DATABASE_URL``; ``benchmarks/run.py``
creates a fresh ``portal_bench_<pid>`` on PostgreSQL, migrates it and loads the demo first, so the
seeded cities, taxonomy, section pages and twinning partnerships exist). Text is drawn from the
demo's own experts and pages, so it reads like the portal: positions, organisations and
biographies in the languages their demo authors wrote them in, mixed across people; names from
per-language pools; every expert and page tagged with the seeded slugs (docs/architecture.md, "Vocabularies").

Rows go in with ``bulk_create`` (no per-object ``save()``, no signals, so nothing is queued for the
task worker); the embedded index is then rebuilt in bulk (``search_index rebuild``), and both are
timed. ``--experts`` may be run again with a larger number: only the missing experts are added.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import sys
import time
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta
from io import StringIO
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")

import django

django.setup()  # the path and settings above must come first

from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import translation  # noqa: E402
from wagtail.models import Page  # noqa: E402

from experts.demo import EXPERTS as DEMO_EXPERTS  # noqa: E402
from experts.models import Availability, Expert, OrganisationType  # noqa: E402
from knowledge.demo_content import CASE_STUDIES, FORUM_REPORTS, TRAINING_MATERIALS  # noqa: E402
from knowledge.models import (  # noqa: E402
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
from knowledge.services import KNOWLEDGE_TYPES, ensure_index_pages, rich_text_body  # noqa: E402
from portal.content_cache import bump_content_version  # noqa: E402
from portal.i18n import language_codes, localized_field  # noqa: E402
from portal.search.documents import get_document_type  # noqa: E402
from portal.search.engines.base import get_engine  # noqa: E402
from portal.search.text import fold, segment_thai  # noqa: E402

LANGUAGES = language_codes()
BENCH_EMAIL_DOMAIN = "bench.example.org"
BATCH = 2_000
PROFILE_SEED = 1_000_003
"""Seeds the text of profile k (``_expert``) as PROFILE_SEED + k, whatever order experts are written in."""

GIVEN = {
    "en": ["Maria", "Jose", "Sarah", "Michael", "Priya", "Ali", "Chan", "Park", "Aiko", "Rahul", "Grace"],
    "vi": ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"],
    "id": ["Arief", "Budi", "Dewi", "Rizky", "Siti", "Agus", "Putri", "Wahyu", "Indah", "Fajar", "Ratna"],
    "th": ["สมชาย", "กัญญา", "วิชัย", "อนัญญา", "พิมพ์ชนก", "ประเสริฐ", "สุภาพร", "ธนพล", "ศิริพร", "ณัฐวุฒิ"],
}
FAMILY = {
    "en": ["Santos", "Reyes", "Johnson", "Sharma", "Raza", "Sokha", "Tanaka", "Kim", "Cruz", "Lim"],
    "vi": ["Thị Lan", "Minh Đức", "Văn Quang", "Thanh Hoa", "Anh Thư", "Quốc Bảo", "Thùy Linh", "Hữu Nghĩa"],
    "id": ["Santoso", "Lestari", "Pratama", "Wicaksono", "Hidayat", "Saputra", "Nugroho", "Kusuma"],
    "th": ["วงศ์สวัสดิ์", "รัตนพงษ์", "พรหมมา", "จันทร์เพ็ญ", "ศรีสุข", "ทองดี", "แก้วมณี", "บุญมา"],
}
# The vocabularies' own lists (docs/architecture.md, "Vocabularies"), never a copy of them.
ORGANISATION_TYPES = list(OrganisationType.values)
AVAILABILITY = list(Availability.values)
SPOKEN = ["en", "vi", "id", "th", "zh", "ja", "ko", "km", "lo", "ms", "tl"]
TAXONOMY_MODELS = {"themes": Theme, "pollutants": Pollutant, "sectors": Sector, "actions": Action}


def _pool(entries: Iterable[dict[str, Any]], key: str) -> dict[str, list[str]]:
    """Every text the demo experts wrote themselves under ``key``, per language (the
    secretariat's translations of experts/data/experts.json are left out: a profile reads in the
    languages its author writes)."""
    pool: dict[str, list[str]] = {language: [] for language in LANGUAGES}
    for entry in entries:
        for language in entry["authored"][key]:
            text = entry[key][language]
            if text and text not in pool[language]:
                pool[language].append(text)
    return pool


def _sentences(pool: dict[str, list[str]]) -> dict[str, list[str]]:
    """The demo biographies cut into paragraphs, to recombine into new ones."""
    return {
        language: [piece + "</p>" for html in texts for piece in html.split("</p>") if piece.strip()]
        for language, texts in pool.items()
    }


class Vocabulary:
    """The demo's texts and the seeded slugs, loaded once."""

    def __init__(self) -> None:
        self.positions = _pool(DEMO_EXPERTS, "position")
        self.organisations = _pool(DEMO_EXPERTS, "organisation")
        self.biographies = _sentences(_pool(DEMO_EXPERTS, "bio"))
        self.skills = sorted({skill for entry in DEMO_EXPERTS for skill in entry.get("skills", [])})
        self.cities = list(City.objects.select_related("country").order_by("slug"))
        self.terms = {name: list(model.objects.order_by("slug")) for name, model in TAXONOMY_MODELS.items()}
        self.partnerships = list(TwinningPartnership.objects.order_by("slug"))


def _in(pool: dict[str, list[str]], language: str, rng: random.Random) -> str:
    texts = pool.get(language) or []
    return rng.choice(texts) if texts else ""


# --------------------------------------------------------------------------------------------
# Experts


def _expert(number: int, vocabulary: Vocabulary, rng: random.Random, *, profiles: int = 0) -> Expert:
    """One generated expert. With ``profiles``, the text hybrid search embeds (name, position,
    organisation, biography, public skills — which are embedded with the profile — and the
    languages they are written in) is that of profile ``number % profiles``, while everything
    else (city, filters) is the expert's own: the
    index holds every expert and every vector row, but only ``profiles`` distinct passages sets
    need embedding (issue 23: the bench may reuse vectors of repeated texts, and computes every
    distinct one). Without it, every expert's text is drawn afresh (and its name is unique)."""
    text = random.Random(PROFILE_SEED + number % profiles) if profiles else rng
    language = text.choice(LANGUAGES)
    # Most profiles carry English and the expert's own language; some only the own language.
    written = [language] if language == "en" or text.random() < 0.2 else ["en", language]
    expert = Expert(
        name=f"{text.choice(GIVEN[language])} {text.choice(FAMILY[language])} {number % profiles if profiles else number}",
        email=f"expert{number}@{BENCH_EMAIL_DOMAIN}",
        slug=f"bench-expert-{number}",
        city=rng.choice(vocabulary.cities),
        organisation_type=rng.choice(ORGANISATION_TYPES),
        nominated_by="",
        languages=sorted({language, *rng.sample(SPOKEN, rng.randint(0, 2))}),
        availability=sorted(rng.sample(AVAILABILITY, rng.randint(0, 3))),
        # Skills travel with the profile's text: hybrid search embeds public skills beside it, so
        # skills drawn per expert would make every passage distinct (10,000 embeddings, not 100).
        skills=text.sample(vocabulary.skills, min(2, len(vocabulary.skills))),
        status="published",
    )
    for code in written:
        for field, pool in (("position", vocabulary.positions), ("organisation", vocabulary.organisations)):
            setattr(expert, localized_field(field, code), _in(pool, code, text))
        paragraphs = vocabulary.biographies.get(code) or []
        if paragraphs:
            chosen = text.sample(paragraphs, min(len(paragraphs), text.randint(1, 3)))
            setattr(expert, localized_field("biography", code), "".join(chosen))
    return expert


def _term_rows(
    model: type, owner: str, owner_ids: list[int], terms: dict[str, list[Any]], rng: random.Random
):
    """Through-table rows tagging each owner with one to three terms of every vocabulary."""
    rows = []
    for relation, choices in terms.items():
        through = getattr(model, relation).through
        target = f"{choices[0]._meta.model_name}_id"
        rows.append(
            (
                through,
                [
                    through(**{f"{owner}_id": pk, target: term.pk})
                    for pk in owner_ids
                    for term in rng.sample(choices, rng.randint(1, min(3, len(choices))))
                ],
            )
        )
    return rows


def generate_experts(*, total: int, seed: int = 7, profiles: int = 0) -> int:
    """Add published bench experts until ``total`` exist; return how many were written
    (``profiles``: see ``_expert``)."""
    vocabulary = Vocabulary()
    existing = Expert.objects.filter(email__endswith="@" + BENCH_EMAIL_DOMAIN).count()
    rng = random.Random(seed + existing)
    written = 0
    for start in range(existing, total, BATCH):
        experts = [
            _expert(number, vocabulary, rng, profiles=profiles)
            for number in range(start, min(total, start + BATCH))
        ]
        with transaction.atomic():
            created = Expert.objects.bulk_create(experts)
            ids = [expert.pk for expert in created]
            for through, rows in _term_rows(Expert, "expert", ids, vocabulary.terms, rng):
                through.objects.bulk_create(rows)
        written += len(experts)
    return written


# --------------------------------------------------------------------------------------------
# Knowledge pages

INDEX_MODELS = dict(KNOWLEDGE_TYPES.values())
PAGE_TYPES = (
    (CaseStudyPage, CASE_STUDIES),
    (TrainingMaterialPage, TRAINING_MATERIALS),
    (ForumReportPage, FORUM_REPORTS),
)


def _page(
    model: type[Page], template: dict[str, Any], number: int, vocabulary: Vocabulary, rng: random.Random
):
    city = rng.choice(vocabulary.cities)
    year = rng.randint(2005, 2026)
    languages = ["en", *rng.sample(["vi", "id", "th"], rng.randint(0, 3))]
    page = model(slug=f"bench-{model._meta.model_name}-{number}", city=city, year=year)
    for language in languages:
        base = template["title"].get(language) or template["title"]["en"]
        city_name = getattr(city, localized_field("name", language), None) or city.name
        title = f"{base} — {city_name} {year} #{number}"
        setattr(page, localized_field("title", language), title)
        summary = template["summary"].get(language) or template["summary"]["en"]
        setattr(page, localized_field("summary", language), summary)
        body = (template.get("body") or {}).get(language)
        if body:
            setattr(page, localized_field("body", language), rich_text_body(body))
    # The untranslated columns (what Wagtail's admin and tree read) hold English, as on a real save.
    page.title = page.draft_title = getattr(page, localized_field("title", "en"))
    page.summary = getattr(page, localized_field("summary", "en"))
    if model is CaseStudyPage and vocabulary.partnerships and rng.random() < 0.2:
        # Partnerships produce case studies: the home page's twinning highlights list them.
        page.twinning_partnership = rng.choice(vocabulary.partnerships)
    if model is ForumReportPage:
        start = datetime(year, rng.randint(1, 12), rng.randint(1, 28), 1, 0, tzinfo=UTC)
        page.start, page.end, page.timezone = start, start + timedelta(days=2), "Asia/Bangkok"
        for field in ("series", "venue", "organisers"):
            for language, text in (template.get(field) or {}).items():
                setattr(page, localized_field(field, language), text)
    return page


def _insert_children(model: type[Page], pages: list[Page]) -> None:
    """Insert the page type's own table rows for pages whose ``wagtailcore_page`` rows exist.

    Django's bulk_create refuses multi-table inheritance; the child rows are what it would write
    for a single-table model, so the same internal insert is used on the child table's own fields.
    """
    fields = [field for field in model._meta.local_concrete_fields]
    model._base_manager._insert(pages, fields=fields, using=connection.alias)


def generate_pages(*, total: int, seed: int = 11) -> int:
    """Add live knowledge pages (a third of each type) until ``total`` exist; return how many."""
    vocabulary = Vocabulary()
    indexes = ensure_index_pages()
    existing = Page.objects.filter(slug__startswith="bench-").count()
    rng = random.Random(seed + existing)
    now = datetime.now(UTC)
    written = 0
    with translation.override("en"):
        for start in range(existing, total, BATCH):
            numbers = range(start, min(total, start + BATCH))
            by_type: dict[type[Page], list[Page]] = {}
            for number in numbers:
                model, templates = PAGE_TYPES[number % len(PAGE_TYPES)]
                by_type.setdefault(model, []).append(
                    _page(model, rng.choice(templates), number, vocabulary, rng)
                )
            with transaction.atomic():
                for model, pages in by_type.items():
                    parent = indexes[INDEX_MODELS[model]]
                    parent.refresh_from_db(fields=["numchild", "path", "depth", "url_path"])
                    content_type = ContentType.objects.get_for_model(model)
                    for offset, page in enumerate(pages, start=1):
                        page.depth = parent.depth + 1
                        page.path = Page._get_path(parent.path, page.depth, parent.numchild + offset)
                        page.numchild = 0
                        page.url_path = f"{parent.url_path}{page.slug}/"
                        page.content_type = content_type
                        page.locale_id = parent.locale_id
                        page.live = True
                        page.has_unpublished_changes = False
                        published = now - timedelta(minutes=rng.randint(1, 60 * 24 * 365 * 5))
                        page.first_published_at = page.last_published_at = published
                        page.latest_revision_created_at = published
                    # The tree rows first (Page.objects: the parent table only), then each type's own rows.
                    parents = Page.objects.bulk_create([Page(**_page_columns(page)) for page in pages])
                    for page, row in zip(pages, parents, strict=True):
                        page.pk = page.page_ptr_id = row.pk
                    _insert_children(model, pages)
                    Page.objects.filter(pk=parent.pk).update(numchild=parent.numchild + len(pages))
                    ids = [page.pk for page in pages]
                    for through, rows in _term_rows(
                        model, model._meta.model_name, ids, vocabulary.terms, rng
                    ):
                        through.objects.bulk_create(rows)
            written += len(numbers)
    return written


def _page_columns(page: Page) -> dict[str, Any]:
    """The ``wagtailcore_page`` columns of ``page`` (translated titles included)."""
    return {
        field.attname: getattr(page, field.attname)
        for field in Page._meta.concrete_fields
        if field.attname != "id"
    }


# --------------------------------------------------------------------------------------------
# The index


def rebuild_index(document_type: str) -> float:
    """Rebuild one document type's index from the database (as ``search_index rebuild``); seconds."""
    started = time.perf_counter()
    with contextlib.redirect_stderr(StringIO()):  # the command's progress bar writes to sys.stderr
        call_command("search_index", "rebuild", "--type", document_type, stdout=StringIO(), stderr=StringIO())
    return time.perf_counter() - started


def prepare(*, experts: int, pages: int, profiles: int = 0) -> list[dict[str, Any]]:
    """Write what is missing, rebuild both indexes; one figure per step."""
    figures: list[dict[str, Any]] = []
    for label, function, total in (
        ("knowledge pages", generate_pages, pages),
        ("experts", lambda total: generate_experts(total=total, profiles=profiles), experts),
    ):
        if not total:
            continue
        started = time.perf_counter()
        written = function(total=total)
        elapsed = time.perf_counter() - started
        figures.append({"step": f"write {label} (bulk)", "count": written, "seconds": elapsed})
    # Rows written in bulk send no signal: cached menus and home sections would not show them.
    bump_content_version()
    # A production database has statistics for its tables (autovacuum analyses them as they
    # grow); the benchmark's PostgreSQL may run without autovacuum, and a planner that believes
    # the bulk-written tables empty picks plans no reader would meet (a forum report routed
    # through every forum report: 1.2 s). Measure what production runs.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    for name, total in (("knowledge", pages), ("experts", experts)):
        if total:
            elapsed = rebuild_index(name)
            count = get_engine().count(get_document_type(name))
            figures.append({"step": f"rebuild {name} index", "count": count, "seconds": elapsed})
    return figures


# --------------------------------------------------------------------------------------------
# What the load process asks for


def _typo(word: str, rng: random.Random) -> str:
    """``word`` with two neighbouring letters swapped or one dropped (readers' usual slips)."""
    if len(word) < 5:
        return word
    position = rng.randrange(1, len(word) - 1)
    if rng.random() < 0.5:
        return word[:position] + word[position + 1] + word[position] + word[position + 2 :]
    return word[:position] + word[position + 1 :]


def _query_words(texts: list[str], language: str, rng: random.Random) -> str:
    """One to three words of a text as a reader would type them (Thai: a segmented run)."""
    text = rng.choice(texts)
    if language == "th":
        words = [word for word in segment_thai(text) if word.strip()]
        start = rng.randrange(len(words))
        return "".join(words[start : start + rng.randint(1, 2)])
    words = [word for word in text.replace(",", " ").split() if len(word) > 2]
    start = rng.randrange(len(words))
    chosen = words[start : start + rng.randint(1, 3)]
    if rng.random() < 0.3:  # a typo in the longest word
        longest = max(range(len(chosen)), key=lambda index: len(chosen[index]))
        chosen[longest] = _typo(chosen[longest], rng)
    if language == "vi" and rng.random() < 0.5:  # typed without tone marks
        chosen = [fold(word) for word in chosen]
    return " ".join(chosen).lower()


def _with_filters(
    params: dict[str, Any], choices: dict[str, list[str]], rng: random.Random
) -> dict[str, Any]:
    for name in rng.sample(sorted(choices), rng.choice([0, 0, 1, 1, 2])):
        params[name] = rng.choice(choices[name])
    return params


def expert_api_paths(*, count: int, seed: int = 3) -> list[str]:
    """The directory API's query mix: four languages, typos, names, filters, sorting, paging."""
    rng = random.Random(seed)
    vocabulary = Vocabulary()
    texts = {
        language: vocabulary.positions[language] + vocabulary.organisations[language]
        for language in LANGUAGES
    }
    choices = {
        "country": sorted({city.country.code for city in vocabulary.cities}),
        "city": [city.slug for city in vocabulary.cities],
        "action": [term.slug for term in vocabulary.terms["actions"]],
        "pollutant": [term.slug for term in vocabulary.terms["pollutants"]],
        "language": ["en", "vi", "id", "th"],
        "availability": AVAILABILITY,
        "organisation_type": ORGANISATION_TYPES,
    }
    paths = []
    for _ in range(count):
        language = rng.choice(LANGUAGES)
        roll = rng.random()
        if roll < 0.15:
            text = rng.choice(GIVEN[language]) if language != "vi" else fold(rng.choice(GIVEN["vi"]))
        elif roll < 0.25:
            text = ""
        else:
            text = _query_words(texts[language], language, rng)
        params = _with_filters({"q": text, "lang": language}, choices, rng)
        if rng.random() < 0.1:
            params["sort"] = "name"
        if rng.random() < 0.15:
            params["page"] = rng.randint(2, 5)
        paths.append("/api/v1/experts?" + urlencode(params))
    return paths


def knowledge_api_paths(*, count: int, seed: int = 5) -> list[str]:
    """The knowledge API's query mix: titles' words in four languages, typos, and filters."""
    rng = random.Random(seed)
    vocabulary = Vocabulary()
    templates = [entry for _, entries in PAGE_TYPES for entry in entries]
    texts = {
        language: [entry["title"][language] for entry in templates if language in entry["title"]]
        for language in LANGUAGES
    }
    choices = {
        "type": [slug for slug in KNOWLEDGE_TYPES],
        "country": sorted({city.country.code for city in vocabulary.cities}),
        "theme": [term.slug for term in vocabulary.terms["themes"]],
        "action": [term.slug for term in vocabulary.terms["actions"]],
        "year": [str(year) for year in range(2005, 2027)],
        "language": list(LANGUAGES),
    }
    paths = []
    for _ in range(count):
        language = rng.choice(LANGUAGES)
        text = "" if rng.random() < 0.1 else _query_words(texts[language], language, rng)
        # Every query here filters (the "knowledge search with filters").
        params = _with_filters({"q": text, "lang": language}, choices, rng)
        if len(params) == 2:
            name = rng.choice(sorted(choices))
            params[name] = rng.choice(choices[name])
        if rng.random() < 0.15:
            params["sort"] = "date"
        paths.append("/api/v1/knowledge?" + urlencode(params))
    return paths


def page_paths(*, count: int, seed: int = 9) -> dict[str, list[str]]:
    """Reader pages per kind: ``count`` different addresses each (bench pages and experts)."""
    rng = random.Random(seed)
    case_studies = list(CaseStudyPage.objects.live().values_list("url_path", flat=True)[: count * 2])
    forum_reports = list(ForumReportPage.objects.live().values_list("url_path", flat=True)[: count * 2])
    experts = list(Expert.objects.filter(status="published").values_list("slug", flat=True)[: count * 2])
    root = Page.objects.get(depth=2).url_path  # the home page's url_path prefix
    cities = [city.slug for city in City.objects.all()]
    actions = [term.slug for term in Action.objects.all()]

    def in_language(path: str) -> str:
        return f"/{rng.choice(LANGUAGES)}/{path.lstrip('/')}"

    return {
        # The home page has one address per language; a query parameter it ignores keeps them apart.
        "home": [f"/{rng.choice(LANGUAGES)}/?visit={number}" for number in range(count)],
        "case study": [
            in_language(path[len(root) :]) for path in rng.sample(case_studies, min(count, len(case_studies)))
        ],
        "forum report": [
            in_language(path[len(root) :])
            for path in rng.sample(forum_reports, min(count, len(forum_reports)))
        ],
        "directory": [
            in_language(
                "experts/?"
                + urlencode(
                    _with_filters({}, {"city": cities, "action": actions}, rng) | {"page": rng.randint(1, 20)}
                )
            )
            for _ in range(count)
        ],
        "profile": [
            in_language(f"experts/{slug}/") for slug in rng.sample(experts, min(count, len(experts)))
        ],
    }


def write_url_lists(folder: Path) -> dict[str, Path]:
    """One file of paths per load stage (one a line), for benchmarks/load.lua; returns them."""
    folder.mkdir(parents=True, exist_ok=True)
    lists = {"api-experts": expert_api_paths(count=600), "api-knowledge": knowledge_api_paths(count=600)}
    lists |= {f"page-{kind.replace(' ', '-')}": paths for kind, paths in page_paths(count=400).items()}
    files = {}
    for name, paths in lists.items():
        files[name] = folder / f"{name}.txt"
        files[name].write_text("\n".join(paths) + "\n", encoding="utf-8")
    return files


def markdown_table(headers: list[str], rows: Iterator[list[Any]] | list[list[Any]]) -> str:
    """A Markdown table, ready to paste into BENCHMARKS.md."""
    lines = ["| " + " | ".join(headers) + " |", "| " + " | ".join("---" for _ in headers) + " |"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--experts", type=int, default=10_000, help="experts there should be (0: none added)")
    parser.add_argument("--pages", type=int, default=5_000, help="knowledge pages there should be (0: none)")
    parser.add_argument(
        "--profiles",
        type=int,
        default=0,
        help="distinct expert texts (name, position, organisation, biography) to draw from (0: each its own)",
    )
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--urls", type=Path, help="write the load process's address lists into this folder")
    options = parser.parse_args()
    if options.urls:
        write_url_lists(options.urls)
        return
    figures = prepare(experts=options.experts, pages=options.pages, profiles=options.profiles)
    print(
        markdown_table(
            ["step", "items", "seconds", "items/s"],
            (
                [
                    row["step"],
                    f"{row['count']:,}",
                    f"{row['seconds']:.1f}",
                    f"{row['count'] / row['seconds']:,.0f}",
                ]
                for row in figures
            ),
        ),
        flush=True,
    )
    if options.json:
        options.json.write_text(json.dumps(figures))


if __name__ == "__main__":
    main()
