"""The directory search side by side with its floors, in one process, on the same index files.

    .venv/bin/python benchmarks/floors.py URL_FOLDER [--requests 200] [--wagtail] [--profile 25]

For each address of the directory API mix (``api-experts.txt``, written by
``benchmarks/data.py --urls``), interleaved, the process CPU of:

- raw tantivy on the same index files (the live generation of the experts index, opened by
  tantivy itself): a plain boolean query (every word as a term in any text field, the filters as
  terms), the page of hits and their stored documents; no typo expansion, highlights or facets.
  This is the floor: what the engine's own library needs for the request;
- the portal's engine without facets, and with the facets the API asks for;
- the directory API in-process (Django's test client: middleware, validation, presenting, JSON);
- with ``--wagtail``, Wagtail's database search backend (``WAGTAILSEARCH_BACKENDS``: PostgreSQL's
  full-text search under ``make bench``), what a Wagtail developer would use by default: the
  experts are added to its index first (timed), then the same texts are searched in published
  experts (its index has no filter fields for countries or actions, so filters are left out, and
  so are the empty queries it cannot answer); how many of its queries found nothing is shown.

Prints one Markdown table: p50, p95 and the mean CPU of each side, and each p95 against the raw
tantivy p95 (and the API against the engine with facets: the time spent outside the engine).
CPU, not wall time: the figure that stays honest on a shared machine.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
import unicodedata
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")

import django

django.setup()  # the path and settings above must come first

import tantivy  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import QueryDict  # noqa: E402
from django.test import Client  # noqa: E402

from benchmarks.data import markdown_table  # noqa: E402
from portal.search.documents import get_document_type  # noqa: E402
from portal.search.engines.base import get_engine  # noqa: E402
from portal.search.query import SearchQuery  # noqa: E402
from portal.search.requests import get_spec, parse_search_request  # noqa: E402

COLLECTION = "experts"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


class RawTantivy:
    """The experts index as tantivy alone reads it: terms, booleans, a page of stored documents."""

    def __init__(self, engine, document_type) -> None:
        live = engine._live(document_type)  # the generation the engine searches right now
        self.index = tantivy.Index.open(str(engine._base(document_type) / live.generation))
        self.schema = live.layout.schema
        self.text_keys = [item.key for item in live.layout.text]
        self.searcher = self.index.searcher()

    def _word(self, word: str) -> tantivy.Query:
        return tantivy.Query.boolean_query(
            [
                (tantivy.Occur.Should, tantivy.Query.term_query(self.schema, key, word))
                for key in self.text_keys
            ]
        )

    def search(self, query) -> list[bytes]:
        # Lower case without marks, split on spaces: what a plain term query can be given without
        # the portal's analysers (an unspaced Thai query is one term, and mostly finds nothing).
        folded = "".join(
            char
            for char in unicodedata.normalize("NFKD", query.text.lower())
            if not unicodedata.combining(char)
        )
        clauses = [(tantivy.Occur.Must, self._word(word)) for word in folded.split()]
        clauses += [
            (
                tantivy.Occur.Must,
                tantivy.Query.boolean_query(
                    [
                        (tantivy.Occur.Should, tantivy.Query.term_query(self.schema, name, value))
                        for value in values
                    ]
                ),
            )
            for name, values in query.filters.items()
        ]
        plain = tantivy.Query.boolean_query(clauses) if clauses else tantivy.Query.all_query()
        found = self.searcher.search(plain, limit=query.page_size, offset=query.offset, count=True)
        return [self.searcher.doc(address).get_first("_source") for _, address in found.hits]


class WagtailDatabase:
    """Wagtail's default search backend over the same experts (published ones)."""

    def __init__(self) -> None:
        from wagtail.search.backends import get_search_backend

        from experts.models import Expert, ExpertStatus

        self.backend = get_search_backend()
        self.published = Expert.objects.filter(status=ExpertStatus.PUBLISHED)
        started = time.perf_counter()
        self.backend.add_bulk(Expert, list(self.published))
        self.indexing_seconds = time.perf_counter() - started
        self.count = self.published.count()
        self.empty = 0

    def search(self, query) -> list:
        found = list(
            self.backend.search(query.text, self.published)[query.offset : query.offset + query.page_size]
        )
        self.empty += not found
        return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("urls", type=Path, help="the folder benchmarks/data.py --urls wrote")
    parser.add_argument("--requests", type=int, default=200, help="addresses of the mix measured")
    parser.add_argument("--wagtail", action="store_true", help="also Wagtail's database search backend")
    parser.add_argument("--json", type=Path, help="write the figures here too (benchmarks/run.py reads them)")
    parser.add_argument(
        "--profile",
        type=int,
        default=0,
        metavar="LINES",
        help="after the measured pass, profile the engine with facets and the API (cProfile, CPU clock) "
        "over the same queries and print this many lines of each, by own and by cumulative time",
    )
    options = parser.parse_args()

    paths = [line for line in (options.urls / "api-experts.txt").read_text().splitlines() if line]
    paths = paths[: options.requests]
    spec = get_spec(COLLECTION)
    document_type = get_document_type(spec.document_type)
    engine = get_engine()
    queries = []
    for path in paths:
        raw = urlsplit(path).query
        language = (parse_qs(raw).get("lang") or ["en"])[0] or "en"
        queries.append(parse_search_request(QueryDict(raw), spec=spec, language=language))
    raw_tantivy = RawTantivy(engine, document_type)
    wagtail = WagtailDatabase() if options.wagtail else None
    client = Client(headers={"x-forwarded-proto": "https"})

    # key of the JSON figures → (label, what runs)
    sides: dict[str, tuple[str, Callable[[SearchQuery, str], object]]] = {
        "raw tantivy": (
            "raw tantivy on the same index files (plain boolean query, no highlights or facets)",
            lambda query, path: raw_tantivy.search(query),
        ),
        "engine without facets": (
            "the portal's engine without facets",
            lambda query, path: engine.search(document_type, replace(query, facets=[])),
        ),
        "engine with facets": (
            "the portal's engine with facets (what the API asks)",
            lambda query, path: engine.search(document_type, query),
        ),
        "api in-process": (
            "the directory API in-process (middleware, validation, answer)",
            lambda query, path: client.get(path),
        ),
    }
    if wagtail is not None:
        sides["wagtail database"] = (
            f"Wagtail's database search backend ({connection.vendor}; text only, published experts)",
            lambda query, path: wagtail.search(query),
        )
    # A warm-up pass (readers, plans, the Thai dictionary), then every side on each query in turn:
    # whatever else the machine does weighs on all of them alike.
    cpu: dict[str, list[float]] = {key: [] for key in sides}
    for measured in (False, True):
        if wagtail is not None:
            wagtail.empty = 0
        for query, path in zip(queries, paths, strict=True):
            for key, (_label, run) in sides.items():
                if key == "wagtail database" and not query.text:
                    continue  # it answers nothing without words
                started = time.process_time()
                run(query, path)
                if measured:
                    cpu[key].append((time.process_time() - started) * 1000)

    figures = {
        key: {
            "queries": len(values),
            "p50": percentile(values, 0.5),
            "p95": percentile(values, 0.95),
            "mean": statistics.mean(values),
        }
        for key, values in cpu.items()
    }
    floor = figures["raw tantivy"]["p95"]
    engine_p95 = figures["engine with facets"]["p95"]
    rows = []
    for key, (label, _run) in sides.items():
        p95 = figures[key]["p95"]
        against = "floor" if key == "raw tantivy" else f"{p95 / floor:.1f}×" if floor else "—"
        if key in {"api in-process", "wagtail database"}:
            against += f" ({p95 / engine_p95:.1f}× the engine with facets)"
        rows.append(
            [
                label,
                figures[key]["queries"],
                f"{figures[key]['p50']:.2f}",
                f"{p95:.2f}",
                f"{figures[key]['mean']:.2f}",
                against,
            ]
        )
    print(
        markdown_table(
            ["side (in-process CPU)", "queries", "p50 ms", "p95 ms", "mean ms", "p95 against the floor"], rows
        )
    )
    if wagtail is not None:
        figures["wagtail database"]["empty"] = wagtail.empty
        print(
            f"\nWagtail's database backend: {wagtail.count:,} published experts added to its index in "
            f"{wagtail.indexing_seconds:.1f} s; {wagtail.empty} of {figures['wagtail database']['queries']} "
            "queries with words found nothing."
        )
    if options.json:
        options.json.write_text(json.dumps(figures))
    if options.profile:
        for key in ("engine with facets", "api in-process"):
            print(f"\n{sides[key][0]}: cProfile over {len(queries)} queries, top {options.profile}\n")
            print(profiled(sides[key][1], queries, paths, lines=options.profile))


def profiled(
    run: Callable[[SearchQuery, str], object], queries: list, paths: list[str], *, lines: int
) -> str:
    """cProfile of ``run`` over every query, timed by the process's CPU clock (not wall time:
    the machine may be shared): its ``lines`` largest entries by own time, then by cumulative time."""
    import cProfile
    import io
    import pstats

    profiler = cProfile.Profile(time.process_time)
    profiler.enable()
    for query, path in zip(queries, paths, strict=True):
        run(query, path)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("tottime").print_stats(lines)
    stats.sort_stats("cumulative").print_stats(lines)
    return out.getvalue()


if __name__ == "__main__":
    main()
