"""One served portal and one Debian chromium for the whole browser session.

The portal runs as `make run` runs it (manage.py with the dev settings: runserver and the task
worker) on a free port in a fresh PORTAL_DATA_DIR, with the demo content and the local admin, so
the journeys see what a developer sees. E-mails land as files under that directory's mail/.
Set BROWSER_TEST_PORTAL_URL (and BROWSER_TEST_DATA_DIR) to reuse a portal already running.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from tests.browser.helpers import ARTIFACTS_DIR, PROJECT_DIR, Mailbox

CHROMIUM = "/usr/bin/chromium"
PORT_RANGE = range(18100, 18200)
# Variables that would point the served portal at someone else's database, index or settings.
INHERITED_VARIABLES_TO_DROP = (
    "DATABASE_URL",
    "MEILISEARCH_URL",
    "MEILISEARCH_API_KEY",
    "MEILISEARCH_SEARCH_KEY",
    "REDIS_URL",
    "DJANGO_SETTINGS_MODULE",
    "PORTAL_BASE_URL",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
)


@dataclass(frozen=True)
class Portal:
    base_url: str
    data_dir: Path
    mailbox: Mailbox

    def url(self, path: str) -> str:
        return f"{self.base_url}{path}"


def _free_port() -> int:
    for port in PORT_RANGE:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {PORT_RANGE.start}-{PORT_RANGE.stop - 1}")


def _manage(*args: str, env: dict[str, str], log: Path) -> None:
    with log.open("ab") as output:
        subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=PROJECT_DIR,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            check=True,
        )


def _wait_until_healthy(url: str, process: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the portal stopped (exit {process.returncode}):\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - our own loopback server
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    raise RuntimeError(f"the portal did not answer {url} within {timeout}s:\n{log.read_text()[-3000:]}")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="session")
def portal() -> Iterator[Portal]:
    reused = os.environ.get("BROWSER_TEST_PORTAL_URL")
    if reused:
        # While writing tests: point at a portal already serving (e.g. one started by `make run`)
        # and its PORTAL_DATA_DIR, instead of waiting a minute for a fresh one each run.
        data_dir = Path(os.environ.get("BROWSER_TEST_DATA_DIR", PROJECT_DIR / "var"))
        yield Portal(base_url=reused.rstrip("/"), data_dir=data_dir, mailbox=Mailbox(data_dir / "mail"))
        return
    yield from _served_portal()


def _served_portal() -> Iterator[Portal]:
    # Not pytest's tmp_path_factory: its basetemp is shared by every pytest run of this user, and
    # another run may prune it while this server still writes there.
    data_dir = Path(tempfile.mkdtemp(prefix="portal-browser-"))
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    env = {key: value for key, value in os.environ.items() if key not in INHERITED_VARIABLES_TO_DROP}
    env.update(PORTAL_DATA_DIR=str(data_dir), PORTAL_BASE_URL=base_url, PYTHONUNBUFFERED="1")
    log = data_dir / "portal.log"
    _manage("migrate", "--noinput", env=env, log=log)
    _manage("load_demo", env=env, log=log)
    _manage("ensure_local_admin", env=env, log=log)
    # The demo queues hundreds of index updates for the worker; building the search index now lets
    # the journeys search at once (e-mails, queued with a higher priority, do not wait behind them).
    _manage("search_index", "rebuild", env=env, log=log)
    with log.open("ab") as output:
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--interval", "1", "--no-reload"],
            cwd=PROJECT_DIR,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
            cwd=PROJECT_DIR,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_until_healthy(f"{base_url}/healthz", server, log)
        yield Portal(base_url=base_url, data_dir=data_dir, mailbox=Mailbox(data_dir / "mail"))
    finally:
        _stop(server)
        _stop(worker)
        ARTIFACTS_DIR.mkdir(exist_ok=True)
        shutil.copyfile(log, ARTIFACTS_DIR / "portal.log")
        shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make browser-deps` installs Debian's chromium")
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-background-networking"]
        )
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
