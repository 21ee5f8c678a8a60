"""Every address of the search APIs' mixes and of the reader pages, one by one, in-process: the worst cases by name.

    .venv/bin/python benchmarks/addresses.py URL_FOLDER [--lists api-experts api-knowledge
        page-case-study page-forum-report page-directory page-profile page-home]
        [--worst 5] [--json FILE] [--profile N]

A percentile over a mix hides which address is slow: a tail over HTTP could be a few addresses
that are slow every time (a relaxed pass, a deep page, a filter that makes facet counting walk
everything) or a stall that hits any of them (a cache filling, a lock, a write inside a request).
This runs each address of each list (written by ``benchmarks/data.py --urls``) through Django's
test client twice, a first pass on a fresh process (what a worker meets after a start or a
rebuild) and a second one (caches filled), and prints, per list, the p50/p95/max of each pass and
the ``--worst`` addresses by CPU with their CPU and wall time in both passes and the SQL statements
each ran. Reader pages (``page-*`` lists) are measured with the page cache off, as the uncached
load stage serves them: the second pass would otherwise be a cache hit. Before the second pass the
heap is frozen (``gc.freeze()``), as ``deploy/gunicorn.conf.py`` does in the master before it
forks: otherwise a full collection of the warmed process's objects (~135 ms) lands on whichever
address happens to start it and names it among the slowest.

CPU (``time.process_time``), not wall time: the figure that stays honest on a shared machine; a
request whose wall time is far above its CPU waited for something (a lock, the database, I/O).
``--profile N`` profiles (cProfile, CPU clock) the worst address of each list and prints N lines.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import json
import os
import pstats
import sys
import time
from pathlib import Path
from urllib.parse import unquote_plus

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")

import django

django.setup()  # the path and settings above must come first

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402

from benchmarks.data import markdown_table  # noqa: E402

LISTS = ("api-experts", "api-knowledge")
# The reader pages the uncached load stage requests (benchmarks/data.py --urls writes them).
PAGE_LISTS = ("page-case-study", "page-forum-report", "page-directory", "page-profile", "page-home")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def readable(path: str) -> str:
    """``path`` as a reader types it (Thai and Vietnamese words, not their percent-encoding)."""
    return unquote_plus(path)


def timed(client: Client, path: str) -> tuple[float, float, int, int]:
    """CPU ms, wall ms, status and SQL statements of one request."""
    with CaptureQueriesContext(connection) as captured:
        cpu, wall = time.process_time(), time.perf_counter()
        status = client.get(path).status_code
        cpu, wall = (time.process_time() - cpu) * 1000, (time.perf_counter() - wall) * 1000
    return cpu, wall, status, len(captured.captured_queries)


def measure(client: Client, paths: list[str]) -> list[dict[str, float | str | int]]:
    """Each address twice, in two passes over the list: ``first`` on a fresh process, then ``again``."""
    rows: list[dict[str, float | str | int]] = [{"path": path} for path in paths]
    for name in ("first", "again"):
        if name == "again":
            gc.collect()
            gc.freeze()
        for row in rows:
            cpu, wall, status, statements = timed(client, str(row["path"]))
            row[f"{name}_cpu"], row[f"{name}_wall"], row["status"] = cpu, wall, status
            row[f"{name}_sql"] = statements
    return rows


def summary(rows: list[dict], *, worst: int) -> dict:
    figures: dict = {"addresses": len(rows), "not_ok": sum(1 for row in rows if row["status"] != 200)}
    for name in ("first", "again"):
        for clock in ("cpu", "wall", "sql"):
            values = [row[f"{name}_{clock}"] for row in rows]
            figures[f"{name}_{clock}"] = {
                "p50": percentile(values, 0.5),
                "p95": percentile(values, 0.95),
                "max": max(values, default=0.0),
            }
    figures["worst"] = sorted(rows, key=lambda row: row["again_cpu"], reverse=True)[:worst]
    return figures


def profiled(client: Client, path: str, *, lines: int) -> str:
    profile = cProfile.Profile(time.process_time)
    profile.runcall(client.get, path)
    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out)
    stats.sort_stats("cumulative").print_stats(lines)
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("urls", type=Path, help="the folder benchmarks/data.py --urls wrote")
    parser.add_argument("--lists", nargs="+", default=list(LISTS), help="address lists, by name")
    parser.add_argument("--worst", type=int, default=5, help="slowest addresses shown per list")
    parser.add_argument("--json", type=Path, help="write the figures here too (benchmarks/run.py reads them)")
    parser.add_argument(
        "--profile", type=int, default=0, metavar="LINES", help="profile each list's worst address"
    )
    options = parser.parse_args()

    client = Client(headers={"x-forwarded-proto": "https"})
    results = {}
    for name in options.lists:
        paths = [line for line in (options.urls / f"{name}.txt").read_text().splitlines() if line]
        # Pages uncached, as the uncached load stage requests them; the APIs have no page cache.
        with override_settings(PAGE_CACHE_SECONDS=0):
            rows = measure(client, paths)
        figures = results[name] = summary(rows, worst=options.worst)
        print(f"\n{name}: {figures['addresses']} addresses, {figures['not_ok']} not answered 200\n")
        print(
            markdown_table(
                [
                    "pass",
                    "p50 CPU ms",
                    "p95 CPU ms",
                    "max CPU ms",
                    "p50 wall ms",
                    "p95 wall ms",
                    "max wall ms",
                    "p50 / p95 / max SQL statements",
                ],
                [
                    [
                        label,
                        *(
                            f"{figures[f'{key}_{clock}'][stat]:.1f}"
                            for clock in ("cpu", "wall")
                            for stat in ("p50", "p95", "max")
                        ),
                        " / ".join(f"{figures[f'{key}_sql'][stat]:.0f}" for stat in ("p50", "p95", "max")),
                    ]
                    for key, label in (("first", "first (fresh process)"), ("again", "again"))
                ],
            )
        )
        print(f"\nThe {options.worst} slowest addresses of {name} (by CPU, second pass):\n")
        print(
            markdown_table(
                ["address", "CPU ms", "wall ms", "SQL statements", "first pass CPU ms", "first pass wall ms"],
                [
                    [
                        f"`{readable(str(row['path']))}`",
                        f"{row['again_cpu']:.1f}",
                        f"{row['again_wall']:.1f}",
                        row["again_sql"],
                        f"{row['first_cpu']:.1f}",
                        f"{row['first_wall']:.1f}",
                    ]
                    for row in figures["worst"]
                ],
            )
        )
        if options.profile and figures["worst"]:
            print(f"\ncProfile (CPU clock) of `{readable(str(figures['worst'][0]['path']))}`:\n")
            print(profiled(client, str(figures["worst"][0]["path"]), lines=options.profile))
    if options.json:
        options.json.write_text(json.dumps(results))


if __name__ == "__main__":
    main()
