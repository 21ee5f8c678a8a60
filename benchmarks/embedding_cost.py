"""Query-embedding time of hybrid search, uncached and cached, per canonical query.

    .venv/bin/python benchmarks/embedding_cost.py URL_FOLDER [--queries 200]

Reads the directory API's query mix (``api-experts.txt``, written by ``benchmarks/data.py
--urls``), keeps its distinct non-empty queries by ``query_key`` (what the provider's cache is
keyed by), and embeds each one through the configured provider three times in a fresh process:
the first call computes the vector (uncached; it also looks in and writes to the shared cache),
the second, after the per-process cache is emptied, is answered by the shared cache (Redis, as
for a worker that has not seen the query), the third by the per-process cache. Prints a
Markdown table of p50/p95/p99 milliseconds, wall time on one thread.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")

import django

django.setup()  # the path and settings above must come first

from benchmarks.data import markdown_table  # noqa: E402
from portal.search.embeddings import get_provider, query_key  # noqa: E402


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("urls", type=Path, help="the folder benchmarks/data.py --urls wrote")
    parser.add_argument("--queries", type=int, default=200, help="distinct queries measured")
    options = parser.parse_args()
    provider = get_provider()
    if provider is None:
        raise SystemExit("hybrid search is off (SEARCH_EMBEDDINGS=off): nothing to measure")
    queries: dict[str, str] = {}
    for line in (options.urls / "api-experts.txt").read_text(encoding="utf-8").splitlines():
        text = parse_qs(urlsplit(line).query).get("q", [""])[0]
        if text.strip():
            queries.setdefault(query_key(text), text)
    chosen = list(queries.values())[: options.queries]
    provider.embed_query("query: warm-up")  # loads the model: not a reader's cost after start-up
    rows = []
    labels = ("uncached (computed)", "shared (another worker's, from the cache)", "cached in the process")
    timings: dict[str, list[float]] = {label: [] for label in labels}
    for label in labels:
        if label == labels[1]:
            provider._queries.clear()  # as a worker that has not seen these queries: Redis answers
        for text in chosen:
            started = time.perf_counter()
            provider.embed_query(text)
            timings[label].append((time.perf_counter() - started) * 1000)
    for label, values in timings.items():
        rows.append(
            [
                label,
                len(values),
                f"{statistics.median(values):.3f}",
                f"{percentile(values, 0.95):.3f}",
                f"{percentile(values, 0.99):.3f}",
            ]
        )
    print(markdown_table(["query vector", "queries", "p50 ms", "p95 ms", "p99 ms"], rows), flush=True)


if __name__ == "__main__":
    main()
