"""One served portal and one Debian chromium for the whole browser session.

The portal runs as `make run` runs it (tests/served_portal.py, shared with `make check-web`), with
the local admin too, so the journeys see what a developer sees. E-mails land as files under that
directory's mail/.
Set BROWSER_TEST_PORTAL_URL (and BROWSER_TEST_DATA_DIR) to reuse a portal already running.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from tests.browser.helpers import ARTIFACTS_DIR, PROJECT_DIR, Mailbox
from tests.served_portal import CHROMIUM, CHROMIUM_ARGS, served_portal

PORT_RANGE = range(18100, 18200)


@dataclass(frozen=True)
class Portal:
    base_url: str
    data_dir: Path
    mailbox: Mailbox

    def url(self, path: str) -> str:
        return f"{self.base_url}{path}"


@pytest.fixture(scope="session")
def portal() -> Iterator[Portal]:
    reused = os.environ.get("BROWSER_TEST_PORTAL_URL")
    if reused:
        # While writing tests: point at a portal already serving (e.g. one started by `make run`)
        # and its PORTAL_DATA_DIR, instead of waiting a minute for a fresh one each run.
        data_dir = Path(os.environ.get("BROWSER_TEST_DATA_DIR", PROJECT_DIR / "var"))
        yield Portal(base_url=reused.rstrip("/"), data_dir=data_dir, mailbox=Mailbox(data_dir / "mail"))
        return
    with served_portal(
        ports=PORT_RANGE, prefix="portal-browser-", local_admin=True, keep_log=ARTIFACTS_DIR / "portal.log"
    ) as served:
        yield Portal(
            base_url=served.base_url, data_dir=served.data_dir, mailbox=Mailbox(served.data_dir / "mail")
        )


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make browser-deps` installs Debian's chromium")
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_ARGS))
        yield browser
        browser.close()


@pytest.fixture
def context(browser: Browser, portal: Portal) -> Iterator[BrowserContext]:
    """A fresh visitor: no cookies, a laptop-sized window, downloads allowed."""
    context = browser.new_context(base_url=portal.base_url, accept_downloads=True)
    context.set_default_timeout(15_000)
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()
