"""Benchmark the embedded search engine: bulk indexing rate and query latency (p50/p95).

    .venv/bin/python benchmarks/search_engine.py [--documents 100000] [--queries 600]

Generates small knowledge-like documents in English, Vietnamese, Bahasa Indonesia and Thai (a
title and a summary in one or two languages, taxonomy keywords, a date), rebuilds a throw-away
index with them, then runs a mix of reader queries (typos, prefixes, tone-less Vietnamese,
unspaced Thai, glossary terms, filters, sorting) each asking for facet counts and highlights,
as the search page does. Targets: indexing >= 2,000 documents/s, p95 <= 5 ms at 100k documents.
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")

import django

django.setup()  # the path and settings above must come first

from portal.search.documents import DocumentType, KeywordField, SortableField, TextField  # noqa: E402
from portal.search.engines.embedded import EmbeddedEngine  # noqa: E402
from portal.search.glossary import GLOSSARY  # noqa: E402
from portal.search.query import SearchQuery  # noqa: E402

# Words every generated text draws on first (the portal's own vocabulary), then a long tail.
DOMAIN_WORDS = {
    "en": "emissions inventory industrial zones ports shipping bike sharing low emission zone monitoring "
    "network forecasting early warning source apportionment action plan black carbon open burning "
    "commercial cooking grilling construction dust public information alerts city partnership "
    "lessons results funding baseline indicator training toolkit webinar forum report",
    "vi": "khu công nghiệp cảng biển xe đạp quan trắc chất lượng không khí dự báo cảnh báo sớm "
    "kế hoạch hành động đốt rơm rạ bụi mịn Hà Nội Hải Phòng Đà Nẵng thành phố bài học kết quả",
    "id": "kawasan industri pelabuhan sepeda zona rendah pemantauan kualitas udara peringatan dini "
    "rencana aksi karbon hitam pembakaran terbuka kota pelajaran hasil pendanaan Jakarta Surabaya",
    "th": "กรุงเทพมหานคร เชียงใหม่ ฝุ่นละออง คุณภาพอากาศ การตรวจวัด จักรยาน สาธารณะ มลพิษ "
    "ยานพาหนะ การเผา แผนปฏิบัติการ เมือง ผลลัพธ์ บทเรียน",
}
TAIL_WORDS = 4_000


def vocabulary(language: str, rng: random.Random) -> list[str]:
    """The portal's words first, then made-up words in the language's spelling (Zipf ranks)."""
    words = DOMAIN_WORDS[language].split()
    if language == "th":
        from pythainlp.corpus import thai_words

        tail = rng.sample(sorted(word for word in thai_words() if " " not in word), TAIL_WORDS)
    elif language == "vi":
        onsets = (
            "b",
            "c",
            "d",
            "đ",
            "g",
            "h",
            "k",
            "l",
            "m",
            "n",
            "ng",
            "nh",
            "ph",
            "qu",
            "r",
            "s",
            "t",
            "th",
            "tr",
            "v",
            "x",
        )
        nuclei = "aáàảãạăắằâấầeéèêếềệiíìoóòôốồơớờuúùưứừy"  # one letter each, with its tone mark
        codas = ["", "c", "ch", "m", "n", "ng", "nh", "p", "t"]
        tail = sorted(
            {rng.choice(onsets) + rng.choice(nuclei) + rng.choice(codas) for _ in range(TAIL_WORDS * 2)}
        )
    else:
        consonants, vowels = "bcdfghjklmnprstvw", "aeiou"
        tail = sorted(
            {
                "".join(rng.choice(consonants) + rng.choice(vowels) for _ in range(rng.randint(2, 4)))
                for _ in range(TAIL_WORDS * 2)
            }
        )
    rng.shuffle(tail)
    return words + tail[:TAIL_WORDS]


COUNTRIES = ["TH", "VN", "ID", "PH", "JP", "KR", "CN", "MY", "KH", "LA", "MM", "SG", "US", "TW"]
ACTIONS = [
    "emissions-inventory",
    "air-quality-monitoring-network",
    "forecasting-and-early-warning",
    "source-apportionment",
    "clean-air-action-plan",
    "public-bike-sharing",
    "low-emission-zones-and-urban-development",
    "port-emission-controls",
    "commercial-cooking-and-grilling-controls",
    "waste-burning-bans",
    "public-information-and-alerts",
]
KINDS = ["case-study", "training-material", "forum-report"]
QUERIES = [
    {"text": "emisions inventroy"},
    {"text": "bike sharing", "filters": {"country": ["PH"]}},
    {"text": "monitor"},
    {"text": "Ha Noi"},
    {"text": "kiểm kê phát thải"},
    {"text": "chat luong khong khi"},
    {"text": "pemantaun kualitas udara"},
    {"text": "กรุงเทพ"},
    {"text": "ฝุ่น PM2.5"},
    {"text": "black carbon", "sort": "-date"},
    {"text": "", "filters": {"action": ["emissions-inventory", "port-emission-controls"]}},
    {"text": "forecasting early warnin", "filters": {"kind": ["training-material"], "country": ["TH", "VN"]}},
    {"text": "port", "page": 3},
    {"text": "", "sort": "-date"},
]


class BenchmarkDocuments(DocumentType):
    name = "benchmark"
    text_fields = (TextField("title", weight=3.0), TextField("summary", weight=1.0))
    keyword_fields = (KeywordField("country"), KeywordField("action"), KeywordField("kind"))
    sortable_fields = (SortableField("date", kind="date"),)
    facets = ("country", "action", "kind", "language")


class Corpus:
    """Zipf-distributed words per language, and now and then a glossary term."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.words = {language: vocabulary(language, self.rng) for language in DOMAIN_WORDS}
        self.weights = {
            language: list(itertools.accumulate(1 / rank for rank in range(1, len(words) + 1)))
            for language, words in self.words.items()
        }
        self.terms = {
            language: [term for group in GLOSSARY for term in group.terms.get(language, ())]
            for language in DOMAIN_WORDS
        }

    def text(self, language: str, count: int, *, term_chance: float = 0.0) -> str:
        words = self.rng.choices(self.words[language], cum_weights=self.weights[language], k=count)
        if self.rng.random() < term_chance:
            words.insert(self.rng.randrange(len(words) + 1), self.rng.choice(self.terms[language]))
        if language == "th":  # Thai runs words together; spaces only between phrases
            return " ".join("".join(words[i : i + 6]) for i in range(0, len(words), 6))
        return " ".join(words).capitalize()


def generate(count: int, seed: int = 2026) -> list[dict]:
    corpus = Corpus(seed)
    rng = corpus.rng
    documents = []
    for number in range(count):
        languages = rng.sample(["en", "vi", "id", "th"], k=rng.choice([1, 1, 2]))
        document: dict = {"id": f"doc-{number}", "language": sorted(languages)}
        for language in languages:
            document[f"title_{language}"] = corpus.text(language, rng.randint(4, 8), term_chance=0.05)
            document[f"summary_{language}"] = corpus.text(language, rng.randint(12, 24), term_chance=0.15)
        document["country"] = rng.sample(COUNTRIES, k=rng.choice([1, 1, 2]))
        document["action"] = rng.sample(ACTIONS, k=rng.choice([1, 2]))
        document["kind"] = rng.choice(KINDS)
        document["date"] = f"{rng.randint(2005, 2026)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        document["url"] = f"/en/knowledge/{number}/"
        documents.append(document)
    return documents


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=600, help="queries measured (after a warm-up)")
    parser.add_argument(
        "--no-facet-cache", action="store_true", help="count facets afresh for every query (worst case)"
    )
    args = parser.parse_args()

    document_type = BenchmarkDocuments()
    print(f"generating {args.documents} documents…", flush=True)
    documents = generate(args.documents)
    with tempfile.TemporaryDirectory(prefix="search-bench-") as directory:
        engine = EmbeddedEngine(index_dir=directory, facet_cache_size=0 if args.no_facet_cache else 256)
        started = time.perf_counter()
        written = engine.rebuild(document_type, documents)
        elapsed = time.perf_counter() - started
        print(f"indexing: {written} documents in {elapsed:.1f} s = {written / elapsed:,.0f} documents/s")

        started = time.perf_counter()
        engine.index_documents(document_type, documents[:1])
        print(f"single-document update (commit included): {(time.perf_counter() - started) * 1000:.1f} ms")

        summary: list[list[str]] = []
        cache = "off" if args.no_facet_cache else "on"
        for label, facets in (
            (f"with 4 facets (cache {cache})", list(document_type.facets)),
            ("without facets", []),
        ):
            queries = [SearchQuery(facets=facets, language="en", **spec) for spec in QUERIES]
            for query in queries * 3:  # warm-up: caches, PyThaiNLP dictionary, page cache
                engine.search(document_type, query)
            timings: dict[str, list[float]] = {}
            totals: dict[str, int] = {}
            rng = random.Random(7)
            all_timings: list[float] = []
            for _ in range(args.queries):
                query = rng.choice(queries)
                started = time.perf_counter()
                result = engine.search(document_type, query)
                took = (time.perf_counter() - started) * 1000
                key = (
                    f"{query.text!r} {query.filters or ''} {query.sort if query.sort != 'relevance' else ''}"
                )
                timings.setdefault(key, []).append(took)
                totals[key] = result.total
                all_timings.append(took)
            print(f"\nqueries at {written} documents {label}; highlights; page of 20:")
            for key, values in timings.items():
                print(f"  {statistics.median(values):6.2f} ms median  {totals[key]:>6} hits  {key}")
            p50, p95 = percentile(all_timings, 0.50), percentile(all_timings, 0.95)
            summary.append([label, f"{p50:.2f}", f"{p95:.2f}", f"{max(all_timings):.2f}"])
        print(f"\n| engine alone, {written:,} documents | p50 ms | p95 ms | max ms |")
        print("| --- | --- | --- | --- |")
        print(f"| bulk indexing | {written / elapsed:,.0f} documents/s | | |")
        for row in summary:
            print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
