"""`make check-web`: the portal measured from outside, as a crawler, a validator or a feed reader
sees it, in its four languages (issue 21, "Done when").

1. Serves the portal as `make run` does (runserver and the task worker, the demo content) on a
   free port with a fresh PORTAL_DATA_DIR, or checks the one at ``--url``.
2. Crawls it from each language's home page, /sitemap.xml and /robots.txt with GET and HEAD:
   an address that answers GET but not HEAD the same way, or a link that leads to an error, is an
   error. Facet links multiply addresses, so a path is followed with at most
   ``--variants-per-path`` query strings.
3. Picks one address of every kind of page per language (the path with its slugs taken out: a
   case study, a city, an expert profile, a filtered listing…) and runs on them:
   - the Nu Html Checker (vnu-jar, on the machine's Java): every error;
   - pa11y-ci with the axe runner (WCAG 2 A and AA) in Debian's /usr/bin/chromium: every error;
   - extruct: JSON-LD that does not parse or lacks @context/@type, an og:url that is not the
     page's absolute address at the host that served it.
4. Reads every feed the pages announce (rel=alternate RSS/Atom) with feedparser: a feed it finds
   malformed (bozo), or an entry without a title, link or date, is an error.

Prints one line per problem and a summary; exits 1 if there was any, 0 otherwise. The outside
tools are installed by the Makefile (`make check-web-deps`): .ci/check-web/package.json (npm,
PUPPETEER_SKIP_DOWNLOAD=1, never a downloaded browser) and .ci/check-web/requirements.txt (a venv
of its own under var/tools/check-web).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from collections import deque
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

from bs4 import BeautifulSoup
from extruct import extract

PROJECT_DIR = Path(__file__).resolve().parent.parent
# Run as a script (.ci/ first on the path): the shared serving code lives with the tests.
sys.path.insert(0, str(PROJECT_DIR))
from tests.served_portal import CHROMIUM, CHROMIUM_ARGS, served_portal  # noqa: E402

TOOLS_DIR = PROJECT_DIR / ".ci" / "check-web"
VNU_JAR = TOOLS_DIR / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
PA11Y_CI = TOOLS_DIR / "node_modules" / ".bin" / "pa11y-ci"
FEED_PYTHON = PROJECT_DIR / "var" / "tools" / "check-web" / "venv" / "bin" / "python"
LANGUAGES = ("en", "vi", "id", "th")
PORT_RANGE = range(18300, 18400)
# Not ours to crawl: the admin, sign-out (a form), the click counter (a redirect per result
# link, each the same), personal calendar files (sign-in redirects).
SKIP = re.compile(
    r"^/(admin|documents/\d+/|django-admin)|/search/click/|/accounts/sign-out/|/my-calendar\.ics$"
)
FEED_TYPES = ("application/rss+xml", "application/atom+xml")


@dataclass
class Address:
    url: str
    get_status: int = 0
    head_status: int = 0
    content_type: str = ""
    body: bytes = b""
    referrer: str = ""


@dataclass
class Report:
    problems: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, instrument: str, message: str) -> None:
        self.problems.append(f"{instrument}: {message}")


# ------------------------------------------------------------------------------------------------
# Serving


@contextmanager
def portal_to_check() -> Iterator[str]:
    """The demo portal served as the browser tests serve it (tests/served_portal.py)."""
    with served_portal(ports=PORT_RANGE, prefix="portal-check-web-") as served:
        yield served.base_url


# ------------------------------------------------------------------------------------------------
# Crawling


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def _fetch(url: str, method: str) -> tuple[int, str, bytes, str]:
    request = urllib.request.Request(url, method=method, headers={"User-Agent": "portal-check-web"})  # noqa: S310
    try:
        with _OPENER.open(request, timeout=60) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read(), ""
    except urllib.error.HTTPError as error:
        return (
            error.code,
            error.headers.get("Content-Type", ""),
            error.read(),
            error.headers.get("Location", ""),
        )


def _links(address: Address) -> Iterator[str]:
    if "text/html" in address.content_type:
        soup = BeautifulSoup(address.body.decode("utf-8", "replace"), "html.parser")
        for element in soup.select("a[href], link[href]"):
            yield element["href"]
        for element in soup.select("img[src], script[src]"):
            yield element["src"]
    elif "xml" in address.content_type:
        yield from re.findall(rb"<(?:loc|link)>([^<]+)</", address.body)
        yield from re.findall(rb'href="([^"]+)"', address.body)
    elif address.url.endswith("/robots.txt"):
        yield from re.findall(rb"(?m)^Sitemap:\s*(\S+)", address.body)


def crawl(base_url: str, *, limit: int, variants_per_path: int, report: Report) -> list[Address]:
    seeds = [f"{base_url}/{language}/" for language in LANGUAGES] + [
        f"{base_url}/sitemap.xml",
        f"{base_url}/robots.txt",
    ]
    queued: set[str] = set(seeds)
    variants: dict[str, int] = {}
    queue: deque[tuple[str, str]] = deque((seed, "") for seed in seeds)
    done: list[Address] = []
    host = urlsplit(base_url).netloc

    def visit(url: str, referrer: str) -> Address:
        status, content_type, body, location = _fetch(url, "GET")
        head_status = _fetch(url, "HEAD")[0]
        address = Address(url, status, head_status, content_type, body, referrer)
        address.location = location  # type: ignore[attr-defined]
        return address

    with ThreadPoolExecutor(max_workers=4) as pool:
        while queue and len(done) < limit:
            batch = [queue.popleft() for _ in range(min(len(queue), 8, limit - len(done)))]
            for address in pool.map(lambda item: visit(*item), batch):
                done.append(address)
                found = list(_links(address))
                if getattr(address, "location", ""):
                    found.append(address.location)  # type: ignore[attr-defined]
                for raw in found:
                    link = raw.decode() if isinstance(raw, bytes) else raw
                    url = urldefrag(urljoin(address.url, link.strip())).url
                    parts = urlsplit(url)
                    if parts.scheme not in ("http", "https") or parts.netloc != host or url in queued:
                        continue
                    if SKIP.search(parts.path):
                        continue
                    if parts.query:
                        if variants.get(parts.path, 0) >= variants_per_path:
                            continue
                        variants[parts.path] = variants.get(parts.path, 0) + 1
                    queued.add(url)
                    queue.append((url, address.url))
    for address in done:
        if address.get_status >= 400:
            report.add(
                "crawl", f"{address.get_status} {address.url} (linked from {address.referrer or 'a seed'})"
            )
        if address.head_status != address.get_status:
            report.add("crawl", f"GET {address.get_status} but HEAD {address.head_status}: {address.url}")
    report.counts["addresses crawled"] = len(done)
    return done


def page_kind(url: str) -> tuple[str, str] | None:
    """(language, kind): the path with its slugs taken out, and whether it has a query."""
    parts = urlsplit(url)
    segments = [segment for segment in parts.path.split("/") if segment]
    if not segments or segments[0] not in LANGUAGES:
        return None
    language, rest = segments[0], segments[1:]
    shape = "/".join([rest[0], *["*" for _ in rest[1:]]]) if rest else "home"
    if rest and rest[0] == "twinning" and len(rest) > 1 and rest[1] == "match":
        shape = "twinning/match"
    return language, shape + ("?" if parts.query else "")


def sample_pages(addresses: list[Address]) -> list[Address]:
    chosen: dict[tuple[str, str], Address] = {}
    for address in addresses:
        kind = page_kind(address.url)
        if kind and address.get_status == 200 and "text/html" in address.content_type and kind not in chosen:
            chosen[kind] = address
    return list(chosen.values())


# ------------------------------------------------------------------------------------------------
# Instruments


# SVG 2 properties that the checker's CSS profile (the W3C CSS validator's, CSS 2.1/3 only) does not
# know, though browsers apply them and the SVG 2 specification defines them: the map's marker radius
# on phones (`r`), the label halo (`paint-order`) and hairline borders (`vector-effect`) in
# figures.css. They show since the stylesheets are set in the page; each is still counted below.
SVG2_PROPERTIES_VNU_LACKS = frozenset({"r", "paint-order", "vector-effect"})
_UNKNOWN_PROPERTY = re.compile(r"CSS: “(?P<name>[^”]+)”: Property “(?P=name)” doesn't exist\.")


def _svg2_property_vnu_lacks(message: str) -> bool:
    found = _UNKNOWN_PROPERTY.fullmatch(message)
    return bool(found) and found["name"] in SVG2_PROPERTIES_VNU_LACKS


def check_html(pages: list[Address], report: Report) -> None:
    if not VNU_JAR.exists():
        report.add("vnu", f"{VNU_JAR} is missing: run `make check-web-deps`")
        return
    with tempfile.TemporaryDirectory(prefix="check-web-html-") as folder:
        files = {}
        for number, page in enumerate(pages):
            path = Path(folder) / f"page-{number}.html"
            path.write_bytes(page.body)
            # vnu names a file "file:/tmp/…"; other versions "file:///tmp/…".
            for name in (path.as_uri(), f"file:{path}", str(path)):
                files[name] = page.url
        result = subprocess.run(  # noqa: S603 - the pinned checker on our own files
            ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", "--exit-zero-always"]
            + [str(Path(folder) / f"page-{number}.html") for number in range(len(pages))],
            capture_output=True,
            text=True,
            check=False,
        )
        try:
            messages = json.loads(result.stderr or result.stdout)["messages"]
        except (ValueError, KeyError):
            report.add("vnu", f"unreadable output: {(result.stderr or result.stdout)[:500]}")
            return
    lacking = 0
    for message in messages:
        if _svg2_property_vnu_lacks(message.get("message", "")):
            lacking += 1
            continue
        where = files.get(message.get("url", ""), message.get("url", ""))
        report.add("vnu", f"{where} line {message.get('lastLine', '?')}: {message.get('message', '')}")
    report.counts["pages validated (vnu)"] = len(pages)
    report.counts["vnu: SVG 2 properties its CSS profile lacks (r, paint-order, vector-effect)"] = lacking


def check_accessibility(pages: list[Address], report: Report) -> None:
    if not PA11Y_CI.exists():
        report.add("pa11y", f"{PA11Y_CI} is missing: run `make check-web-deps`")
        return
    config = {
        "defaults": {
            "runners": ["axe"],
            "standard": "WCAG2AA",
            # axe's "needs review" (incomplete) results are not violations: axe could not decide
            # (a colour over an image, say). pa11y counts them as errors by default; our own
            # browser tests and the issue count violations.
            "levelCapWhenNeedsReview": "warning",
            "concurrency": 1,
            "timeout": 120000,
            "chromeLaunchConfig": {
                "executablePath": CHROMIUM,
                "args": list(CHROMIUM_ARGS),
            },
        },
        "urls": [page.url for page in pages],
    }
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(config, handle)
    env = {**os.environ, "PUPPETEER_SKIP_DOWNLOAD": "1"}
    result = subprocess.run(  # noqa: S603 - the pinned tool on our own addresses
        [str(PA11Y_CI), "--config", handle.name, "--json"],
        capture_output=True,
        text=True,
        check=False,
        env=env,
        cwd=TOOLS_DIR,
    )
    os.unlink(handle.name)
    # The JSON is the last line; pa11y-ci may print a warning before it.
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    try:
        results = json.loads(lines[-1])["results"]
    except (ValueError, KeyError, IndexError):
        report.add(
            "pa11y",
            f"unreadable output (exit {result.returncode}): {(result.stderr or result.stdout)[-800:]}",
        )
        return
    for url, issues in results.items():
        for issue in issues:
            if isinstance(issue, dict) and issue.get("type", "error") == "error":
                report.add(
                    "pa11y",
                    f"{url} {issue.get('code', '')}: {issue.get('message', '')} ({issue.get('selector', '')})",
                )
            elif not isinstance(issue, dict):
                report.add("pa11y", f"{url}: {issue}")
    report.counts["pages checked (pa11y, axe)"] = len(pages)


def check_structured_data(pages: list[Address], report: Report) -> None:
    items = 0
    for page in pages:
        html = page.body.decode("utf-8", "replace")
        try:
            data = extract(html, base_url=page.url, syntaxes=["json-ld", "opengraph"], errors="strict")
        except Exception as error:  # noqa: BLE001 - extruct raises whatever its parser raised
            report.add("extruct", f"{page.url}: {error}")
            continue
        for item in data.get("json-ld", []):
            items += 1
            if "schema.org" not in str(item.get("@context", "")) or not item.get("@type"):
                report.add("extruct", f"{page.url}: a JSON-LD item without a schema.org @context or @type")
        for og in data.get("opengraph", []):
            properties = dict(og.get("properties", []))
            url = properties.get("og:url")
            if url and urlsplit(url).netloc != urlsplit(page.url).netloc:
                report.add("extruct", f"{page.url}: og:url {url} is not at the host that served the page")
    report.counts["JSON-LD items read (extruct)"] = items


_FEED_SCRIPT = """
import json, sys, feedparser
problems = []
for url in json.load(sys.stdin):
    feed = feedparser.parse(url)
    if feed.bozo:
        problems.append(f"{url}: {feed.bozo_exception}")
    if not feed.feed.get("title"):
        problems.append(f"{url}: no title")
    for entry in feed.entries:
        for key in ("title", "link"):
            if not entry.get(key):
                problems.append(f"{url}: an entry without {key}")
        if not (entry.get("published_parsed") or entry.get("updated_parsed")):
            problems.append(f"{url}: {entry.get('link')} has no date")
print(json.dumps(problems))
"""


def check_feeds(addresses: list[Address], report: Report) -> None:
    feeds = sorted(
        {
            address.url
            for address in addresses
            if address.get_status == 200 and address.content_type.split(";")[0] in FEED_TYPES
        }
    )
    if not FEED_PYTHON.exists():
        report.add("feedparser", f"{FEED_PYTHON} is missing: run `make check-web-deps`")
        return
    result = subprocess.run(  # noqa: S603 - the tool venv's interpreter, our own script
        [str(FEED_PYTHON), "-c", _FEED_SCRIPT],
        input=json.dumps(feeds),
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        problems = json.loads(result.stdout)
    except ValueError:
        report.add("feedparser", f"unreadable output: {result.stderr[-800:]}")
        return
    for problem in problems:
        report.add("feedparser", problem)
    report.counts["feeds read (feedparser)"] = len(feeds)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="check a portal already serving here instead of a fresh one")
    parser.add_argument("--limit", type=int, default=1500, help="addresses to crawl at most")
    parser.add_argument("--variants-per-path", type=int, default=3)
    parser.add_argument("--skip", action="append", default=[], choices=["vnu", "pa11y", "extruct", "feeds"])
    args = parser.parse_args()

    report = Report()

    def run(base_url: str) -> None:
        addresses = crawl(base_url, limit=args.limit, variants_per_path=args.variants_per_path, report=report)
        pages = sample_pages(addresses)
        report.counts["kinds of page × language sampled"] = len(pages)
        if "vnu" not in args.skip:
            check_html(pages, report)
        if "extruct" not in args.skip:
            check_structured_data(pages, report)
        if "feeds" not in args.skip:
            check_feeds(addresses, report)
        if "pa11y" not in args.skip:
            check_accessibility(pages, report)

    if args.url:
        run(args.url.rstrip("/"))
    else:
        with portal_to_check() as base_url:
            run(base_url)

    for problem in report.problems:
        print(problem)
    for name, count in report.counts.items():
        print(f"{name}: {count}")
    print(f"{len(report.problems)} problem(s)")
    return 1 if report.problems else 0


if __name__ == "__main__":
    sys.exit(main())
