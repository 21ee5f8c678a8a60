"""What the request logger spends on one request's line, against a trivial floor.

    .venv/bin/python benchmarks/logging_cost.py [--repeat 200]

Times, in-process and in CPU time, :func:`portal.logs.logged_path` (the path and query string a
request's log line shows: parsed, redacted, capped) and :func:`portal.logs.redact` on a whole
request line, for a 16,000-character query string (one long word: the input on which the old
URL-password pattern was quadratic; 1 s of CPU a request), a 100,000-character one, and many short
parameters, each against the floor of the same call on ``?country=VN``. Prints a Markdown table:
milliseconds of CPU per call and the ratio to the floor. Issue 24's bound is 50 ms of CPU for a
request's own logging and parsing, for any input up to the server's request-line limit.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")

import django

django.setup()  # the path and settings above must come first

from django.test import RequestFactory  # noqa: E402

from benchmarks.data import markdown_table  # noqa: E402
from portal.logs import logged_path, redact  # noqa: E402

FLOOR_QUERY = "country=VN"
INPUTS = {
    "16,000-character query (one word)": "q=" + "a" * 16_000,
    "100,000-character query (one word)": "q=" + "a" * 100_000,
    "16,000 characters of URL-like text": "q=" + "a://b:" * 2_666,
    "16,000 characters in 4,000 parameters": "&".join(["a=b"] * 4_000),
}


def cpu_ms(call: Callable[[], object], *, repeat: int) -> float:
    """The least CPU time of ``repeat`` calls, in milliseconds (the least: the machine is shared)."""
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time_ns()
        call()
        best = min(best, time.process_time_ns() - started)
    return best / 1e6


def request_for(query: str):
    request = RequestFactory().get("/en/experts/")
    request.META["QUERY_STRING"] = query
    return request


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200, help="calls timed per figure (the least counts)")
    parser.add_argument(
        "--json", type=Path, help="write the worst figure and the floor here (for benchmarks/run.py)"
    )
    options = parser.parse_args()

    floor_request = request_for(FLOOR_QUERY)
    floor_logged = cpu_ms(lambda: logged_path(floor_request), repeat=options.repeat)
    floor_redact = cpu_ms(lambda: redact("/en/experts/?" + FLOOR_QUERY), repeat=options.repeat)
    worst = 0.0
    rows = [["floor: ?country=VN", f"{floor_logged:.3f}", "1.0×", f"{floor_redact:.3f}", "1.0×"]]
    for label, query in INPUTS.items():
        request = request_for(query)
        line = "/en/experts/?" + query
        logged = cpu_ms(lambda request=request: logged_path(request), repeat=options.repeat)
        redacted = cpu_ms(lambda line=line: redact(line), repeat=max(options.repeat // 10, 3))
        worst = max(worst, logged, redacted)
        rows.append(
            [
                label,
                f"{logged:.3f}",
                f"{logged / floor_logged:,.1f}×",
                f"{redacted:.3f}",
                f"{redacted / floor_redact:,.1f}×",
            ]
        )
    print(
        markdown_table(
            [
                "input",
                "logged path, CPU ms",
                "against the floor",
                "redact() on the whole line, CPU ms",
                "against the floor",
            ],
            rows,
        ),
        flush=True,
    )
    if options.json:
        options.json.write_text(json.dumps({"worst_ms": worst, "floor_ms": max(floor_logged, floor_redact)}))


if __name__ == "__main__":
    main()
