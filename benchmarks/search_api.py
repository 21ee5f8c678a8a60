"""Benchmark the directory search API at 10,000 generated experts: p50/p95/p99 per request.

    .venv/bin/python benchmarks/search_api.py [--experts 10000] [--requests 500]

Builds a throw-away instance (its own PORTAL_DATA_DIR: SQLite database and embedded index),
generates experts in the four languages across the seeded cities, rebuilds the index (printing
the indexing rate), then sends a query mix through the JSON API in-process (Django's test client:
URL routing, validation, the engine, facets and JSON encoding, without a network hop).
Target on the 2-core reference machine: p95 <= 20 ms.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from io import StringIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ["PORTAL_DATA_DIR"] = tempfile.mkdtemp(prefix="portal-bench-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")

import django

django.setup()  # the data directory and settings above must come first

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from experts.models import Expert  # noqa: E402
from knowledge.models import Action, City, Pollutant, Sector, Theme  # noqa: E402

GIVEN = {
    "vi": ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi"],
    "id": ["Arief", "Budi", "Dewi", "Rizky", "Siti", "Agus", "Putri", "Wahyu"],
    "th": ["สมชาย", "กัญญา", "วิชัย", "อนัญญา", "พิมพ์ชนก", "ประเสริฐ", "สุภาพร", "ธนพล"],
    "en": ["Maria", "Jose", "Sarah", "Michael", "Priya", "Ali", "Chan", "Park"],
}
FAMILY = {
    "vi": ["Thị Lan", "Minh Đức", "Văn Quang", "Thanh Hoa", "Anh Thư", "Quốc Bảo"],
    "id": ["Santoso", "Lestari", "Pratama", "Wicaksono", "Hidayat", "Saputra"],
    "th": ["วงศ์สวัสดิ์", "รัตนพงษ์", "พรหมมา", "จันทร์เพ็ญ", "ศรีสุข", "ทองดี"],
    "en": ["Santos", "Reyes", "Johnson", "Sharma", "Raza", "Sokha"],
}
POSITIONS = {
    "en": [
        "Air quality engineer",
        "Emissions inventory specialist",
        "Transport planner",
        "Public health officer",
    ],
    "vi": ["Kỹ sư chất lượng không khí", "Chuyên viên kiểm kê phát thải", "Cán bộ quy hoạch giao thông"],
    "id": ["Insinyur kualitas udara", "Spesialis inventarisasi emisi", "Perencana transportasi"],
    "th": ["วิศวกรคุณภาพอากาศ", "ผู้เชี่ยวชาญบัญชีการปล่อยมลพิษ", "นักวางแผนการขนส่ง"],
}
QUERIES = [
    ("emissions inventory", {}),
    ("emisions inventroy", {}),
    ("air qualty engineer", {"country": "VN"}),
    ("kiem ke phat thai", {}),
    ("chuyên viên", {"language": "vi"}),
    ("inventarisasi emisi", {"country": "ID"}),
    ("perencana transportasi", {}),
    ("วิศวกรคุณภาพอากาศ", {}),
    ("บัญชีการปล่อยมลพิษ", {"availability": "mentor"}),
    ("nguyen", {}),
    ("santoso", {"city": "jakarta"}),
    ("", {"action": "public-bike-sharing", "country": "PH"}),
    ("transport planner", {"sort": "name"}),
    ("public health", {"page": "3"}),
]


def generate(count: int) -> float:
    rng = random.Random(7)
    cities = list(City.objects.all())
    taxonomies = [list(model.objects.all()) for model in (Theme, Pollutant, Sector, Action)]
    started = time.perf_counter()
    experts = []
    for number in range(count):
        language = rng.choice(list(GIVEN))
        expert = Expert(
            name=f"{rng.choice(GIVEN[language])} {rng.choice(FAMILY[language])} {number}",
            email=f"expert{number}@bench.example.org",
            slug=f"bench-expert-{number}",
            city=rng.choice(cities),
            organisation_type=rng.choice(["government", "city", "academia", "civil-society"]),
            languages=sorted({language, "en"}),
            availability=rng.sample(["mentor", "train", "review", "advise"], 2),
            status="published",
        )
        expert.position_en = rng.choice(POSITIONS["en"])
        if language != "en":
            setattr(
                expert, f"position_{'ind' if language == 'id' else language}", rng.choice(POSITIONS[language])
            )
        experts.append(expert)
    Expert.objects.bulk_create(experts, batch_size=1000)
    for relation, terms in zip(("themes", "pollutants", "sectors", "actions"), taxonomies, strict=True):
        through = getattr(Expert, relation).through
        rows = [
            through(expert_id=expert.pk, **{f"{terms[0]._meta.model_name}_id": term.pk})
            for expert in Expert.objects.only("pk")
            for term in rng.sample(terms, 2)
        ]
        through.objects.bulk_create(rows, batch_size=5000, ignore_conflicts=True)
    return time.perf_counter() - started


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--experts", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=500)
    options = parser.parse_args()

    print(f"data directory: {settings.DATA_DIR}")
    call_command("migrate", "--noinput", verbosity=0, stdout=StringIO())
    print(f"generated {options.experts} experts in {generate(options.experts):.1f} s")
    started = time.perf_counter()
    call_command("search_index", "rebuild", "--type", "experts", stdout=StringIO(), stderr=StringIO())
    elapsed = time.perf_counter() - started
    print(
        f"rebuilt the experts index in {elapsed:.1f} s ({options.experts / elapsed:,.0f} experts/s, reading the database included)"
    )

    client = Client()
    for text, params in QUERIES:  # warm-up: caches, Thai dictionary, index readers
        client.get("/api/v1/experts", {"q": text, **params})
    timings = []
    for number in range(options.requests):
        text, params = QUERIES[number % len(QUERIES)]
        started = time.perf_counter()
        response = client.get("/api/v1/experts", {"q": text, "lang": "en", **params})
        timings.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{text!r} {params}: status {response.status_code} {response.content[:200]!r}")
    print(
        f"GET /api/v1/experts at {options.experts} experts, {options.requests} requests: "
        f"p50 {statistics.median(timings):.1f} ms, p95 {percentile(timings, 0.95):.1f} ms, "
        f"p99 {percentile(timings, 0.99):.1f} ms (target p95 <= 20 ms)"
    )


if __name__ == "__main__":
    main()
