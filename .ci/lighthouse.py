"""Lighthouse (mobile) on the pages that show the map, charts, images and documents (issue 22).

Serves a fresh demo portal as the browser tests do (tests/served_portal.py), or checks one
already running (--url), and runs Lighthouse from .ci/lighthouse/node_modules against Debian's
chromium (CHROME_PATH; never a downloaded browser) for each page in English and Thai: performance,
accessibility, best practices and SEO. Lighthouse's default mobile profile and simulated
throttling: the scores are computed from a model of a mid-range phone on a slow 4G link, so a
loaded machine moves them less than wall-clock figures (it still does somewhat: see BENCHMARKS.md).

Prints one line per page and writes each full report to var/lighthouse/ (JSON). Exits 1 when a
score is below --minimum (95 by default), with one line per shortfall.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
# Run as a script (.ci/ first on the path): the shared serving code lives with the tests.
sys.path.insert(0, str(PROJECT_DIR))
from tests.served_portal import CHROMIUM, CHROMIUM_ARGS, served_portal  # noqa: E402

LIGHTHOUSE = PROJECT_DIR / ".ci" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
REPORTS = PROJECT_DIR / "var" / "lighthouse"
PORT_RANGE = range(18400, 18500)
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
# The pages that gained a map, charts, images or documents (issue 22), by what they show.
PAGES = {
    "home (map)": "",
    "cities (map, filters)": "cities/",
    "city (map, charts)": "cities/haiphong/",
    "twinning (map, progress)": "twinning/",
    "case study (chart, image)": "case-studies/beijing-air-quality-management/",
    "forum report (documents, image)": "forum-reports/escap-regional-workshop-city-action-plans-2022/",
}
LANGUAGES = ("en", "th")


def run_lighthouse(url: str, report: Path) -> dict[str, int]:
    """Lighthouse's four category scores (0-100) for ``url``; the full report goes to ``report``."""
    flags = " ".join(("--headless=new", *CHROMIUM_ARGS))
    subprocess.run(  # noqa: S603 - our own pinned lighthouse, with our own arguments
        [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={report}",
            f"--only-categories={','.join(CATEGORIES)}",
            f"--chrome-flags={flags}",
            "--max-wait-for-load=90000",
        ],
        env={**os.environ, "CHROME_PATH": CHROMIUM},
        check=True,
        timeout=600,
    )
    categories = json.loads(report.read_text())["categories"]
    return {name: round((categories[name]["score"] or 0) * 100) for name in CATEGORIES}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="check a portal already serving here instead of a fresh one")
    parser.add_argument("--minimum", type=int, default=95, help="lowest acceptable score (0-100)")
    # One page at a time while working on it: a run of all twelve takes minutes.
    parser.add_argument(
        "--page",
        action="append",
        choices=sorted(path or "/" for path in PAGES.values()),
        help="only this page (path under the language, '/' for the home; repeatable)",
    )
    parser.add_argument(
        "--language", action="append", choices=LANGUAGES, help="only this language (repeatable)"
    )
    args = parser.parse_args()
    pages = {name: path for name, path in PAGES.items() if not args.page or (path or "/") in args.page}
    languages = args.language or LANGUAGES
    if not LIGHTHOUSE.exists():
        print(f"{LIGHTHOUSE} is missing: run `make lighthouse-deps`", file=sys.stderr)
        return 2
    REPORTS.mkdir(parents=True, exist_ok=True)
    shortfalls: list[str] = []

    def check(base_url: str) -> None:
        print(f"{'page':<34} {'lang':<4} " + " ".join(f"{name:>14}" for name in CATEGORIES))
        for name, path in pages.items():
            for language in languages:
                slug = (path.strip("/").replace("/", "-") or "home") + f"-{language}"
                scores = run_lighthouse(f"{base_url}/{language}/{path}", REPORTS / f"{slug}.json")
                print(f"{name:<34} {language:<4} " + " ".join(f"{scores[c]:>14}" for c in CATEGORIES))
                shortfalls.extend(
                    f"{name} ({language}): {category} {score} < {args.minimum}"
                    for category, score in scores.items()
                    if score < args.minimum
                )

    if args.url:
        check(args.url.rstrip("/"))
    else:
        with served_portal(ports=PORT_RANGE, prefix="portal-lighthouse-") as served:
            check(served.base_url)
    for shortfall in shortfalls:
        print(shortfall)
    return 1 if shortfalls else 0


if __name__ == "__main__":
    sys.exit(main())
