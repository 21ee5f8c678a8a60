"""CPU and Redis round trips of a page cache hit, in-process, called as gunicorn calls the app.

    .venv/bin/python benchmarks/page_hits.py PATH… [--requests 3000] [--profile FILE] [--dump DIR]

Run from the tree to measure (its directory is put first on ``sys.path``), with the production
settings and the data's environment (``DATABASE_URL``, ``REDIS_URL``, ``PORTAL_DATA_DIR``…). Each
path is requested once (a miss that stores the answer, or a static file), then ``--requests``
times round-robin; every answer must be a 200, and a page must say ``X-Page-Cache: hit``. Prints
one JSON line: CPU per request (``time.process_time``: this process only, not Redis's), Redis
commands sent per request. ``--dump`` writes each path's raw answer (status line, headers in
order, body) with the request id, the date and the nonce masked, to compare two trees byte for
byte; ``--profile`` writes a cProfile of the measured loop.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path.cwd()
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")

import django  # noqa: E402

django.setup()

import redis  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402

_NONCE = re.compile(rb"nonce-[A-Za-z0-9+/=_-]+|nonce=\"[A-Za-z0-9+/=_-]+\"")


def environ_for(path: str) -> dict:
    path, _, query = path.partition("?")
    return {
        "REQUEST_METHOD": "GET",
        "SCRIPT_NAME": "",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "18440",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "127.0.0.1:18440",
        "HTTP_X_FORWARDED_PROTO": "https",
        "HTTP_ACCEPT_LANGUAGE": "en",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
        "wsgi.url_scheme": "http",
        "wsgi.version": (1, 0),
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }


def call(application, path: str) -> tuple[str, list[tuple[str, str]], bytes]:
    seen: dict = {}

    def start_response(status, headers, exc_info=None):
        seen["status"], seen["headers"] = status, headers

    result = application(environ_for(path), start_response)
    try:
        body = b"".join(result)
    finally:
        if hasattr(result, "close"):
            result.close()
    return seen["status"], seen["headers"], body


def masked(status: str, headers: list[tuple[str, str]], body: bytes) -> bytes:
    lines = [status.encode()]
    for name, value in headers:
        if name.lower() in ("x-request-id", "date"):
            value = "<masked>"
        lines.append(f"{name}: {value}".encode())
    return _NONCE.sub(b"nonce-<masked>", b"\r\n".join(lines) + b"\r\n\r\n" + body)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--profile", type=Path)
    parser.add_argument("--dump", type=Path)
    options = parser.parse_args()

    sent = [0]
    original = redis.connection.AbstractConnection.send_packed_command

    def counting(self, *args, **kwargs):
        sent[0] += 1
        return original(self, *args, **kwargs)

    redis.connection.AbstractConnection.send_packed_command = counting
    application = get_wsgi_application()
    for path in options.paths:
        call(application, path)  # the miss that stores it
    for path in options.paths:
        status, headers, body = call(application, path)
        if not status.startswith("200"):
            raise SystemExit(f"{path}: {status}")
        if options.dump:
            options.dump.mkdir(parents=True, exist_ok=True)
            name = re.sub(r"[^A-Za-z0-9]+", "_", path).strip("_") or "root"
            (options.dump / name).write_bytes(masked(status, headers, body))
    paths = options.paths
    cpu = []
    hits = 0
    sent[0] = 0
    profile = cProfile.Profile(time.process_time) if options.profile else None
    if profile:
        profile.enable()
    for number in range(options.requests):
        started = time.process_time()
        status, headers, body = call(application, paths[number % len(paths)])
        cpu.append((time.process_time() - started) * 1e6)
        hits += ("X-Page-Cache", "hit") in headers
    if profile:
        profile.disable()
        profile.dump_stats(options.profile)
    cpu.sort()
    print(
        json.dumps(
            {
                "tree": str(ROOT),
                "requests": options.requests,
                "hits": hits,
                "cpu_us_mean": round(statistics.fmean(cpu), 1),
                "cpu_us_p50": round(cpu[len(cpu) // 2], 1),
                "cpu_us_p95": round(cpu[int(len(cpu) * 0.95)], 1),
                "redis_commands_per_request": round(sent[0] / options.requests, 2),
            }
        )
    )


if __name__ == "__main__":
    main()
