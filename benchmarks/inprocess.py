"""SQL queries per page and in-process profiles, through Django's test client.

    .venv/bin/python benchmarks/inprocess.py URL_FOLDER [--profile FOLDER] [--requests 20]

For each address list written by ``benchmarks/data.py --urls`` (API mixes and reader pages),
requests the first addresses in-process, as an anonymous reader over HTTPS (what the proxy tells
production settings), and prints a Markdown table: SQL queries per request (the most any
address needed, and the mean) and the median wall and CPU time in-process. With ``--profile``, the same requests
run again under pyinstrument and each list's profile is written as text to FOLDER/<list>.txt.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")

import django

django.setup()  # the path and settings above must come first

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from benchmarks.data import markdown_table  # noqa: E402


def read_paths(path: Path, limit: int) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line][:limit]


def measure(client: Client, paths: list[str]) -> tuple[list[int], list[float], list[float]]:
    """SQL queries, milliseconds and CPU milliseconds of this process per request; every answer
    must be a 200. CPU time is the figure to compare on a shared machine: other processes' load
    inflates wall time, not this process's own CPU (the database server's is not counted)."""
    queries, timings, cpu = [], [], []
    for path in paths:
        with CaptureQueriesContext(connection) as captured:
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.get(path)
            timings.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{path}: status {response.status_code}")
        queries.append(len(captured.captured_queries))
    return queries, timings, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("urls", type=Path, help="the folder benchmarks/data.py --urls wrote")
    parser.add_argument("--requests", type=int, default=20, help="addresses measured per list")
    parser.add_argument("--profile", type=Path, help="write a pyinstrument profile per list here")
    parser.add_argument("--only", help="only lists whose name contains this")
    options = parser.parse_args()

    client = Client(headers={"x-forwarded-proto": "https"})
    rows = []
    for path in sorted(options.urls.glob("*.txt")):
        name = path.stem
        if options.only and options.only not in name:
            continue
        paths = read_paths(path, options.requests)
        measure(client, paths[:2])  # warm-up: translations, templates, the Thai dictionary, the index
        queries, timings, cpu = measure(client, paths)
        rows.append(
            [
                name,
                len(paths),
                max(queries),
                f"{statistics.mean(queries):.1f}",
                f"{statistics.median(timings):.1f}",
                f"{max(timings):.1f}",
                f"{statistics.median(cpu):.1f}",
            ]
        )
        if options.profile:
            from pyinstrument import Profiler

            options.profile.mkdir(parents=True, exist_ok=True)
            profiler = Profiler(interval=0.0005)
            with profiler:
                measure(client, paths)
            (options.profile / f"{name}.txt").write_text(
                profiler.output_text(unicode=True, color=False, show_all=False), encoding="utf-8"
            )
    print(
        markdown_table(
            [
                "list",
                "requests",
                "SQL queries (max)",
                "SQL queries (mean)",
                "median ms",
                "max ms",
                "median CPU ms",
            ],
            rows,
        ),
        flush=True,
    )


if __name__ == "__main__":
    main()
