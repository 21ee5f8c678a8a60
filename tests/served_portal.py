"""A portal served as `make run` serves it, for the instruments that look at it from outside: the
browser tests (tests/browser/conftest.py) and `make check-web` (.ci/check_web.py). One place, so
both see the same portal and drop the same inherited settings.

The portal runs with the dev settings (runserver and the task worker) on a free port in a fresh
PORTAL_DATA_DIR, with the demo content and a built search index; E-mails land as files under that
directory's mail/. Debian's chromium drives the pages, never a downloaded browser.
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
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
# Flags for Debian's chromium in a container: no sandbox (no user namespaces), and none of the
# calls home a fresh profile makes (they would wait on a network the machines do not have).
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
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
class ServedPortal:
    base_url: str
    data_dir: Path
    log: Path


def free_port(ports: range) -> int:
    for port in ports:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {ports.start}-{ports.stop - 1}")


def _wait_until_healthy(url: str, process: subprocess.Popen, log: Path, timeout: float = 90) -> None:
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


@contextmanager
def served_portal(
    *, ports: range, prefix: str, local_admin: bool = False, keep_log: Path | None = None
) -> Iterator[ServedPortal]:
    """Migrate, load the demo (and the local admin), build the index, then serve with the worker
    until the block ends; ``keep_log`` receives the portal's log when it stops."""
    # Not pytest's tmp_path_factory: its basetemp is shared by every pytest run of this user, and
    # another run may prune it while this server still writes there.
    data_dir = Path(tempfile.mkdtemp(prefix=prefix))
    port = free_port(ports)
    base_url = f"http://127.0.0.1:{port}"
    env = {key: value for key, value in os.environ.items() if key not in INHERITED_VARIABLES_TO_DROP}
    env.update(PORTAL_DATA_DIR=str(data_dir), PORTAL_BASE_URL=base_url, PYTHONUNBUFFERED="1")
    log = data_dir / "portal.log"
    # The demo queues hundreds of index updates for the worker; building the index now lets the
    # instruments search at once (e-mails, queued with a higher priority, do not wait behind them).
    commands = [["migrate", "--noinput"], ["load_demo"], *([["ensure_local_admin"]] if local_admin else [])]
    commands.append(["search_index", "rebuild"])
    processes: list[subprocess.Popen] = []
    try:
        with log.open("ab") as output:
            # Every command runs in the project with the portal's environment and writes to one log.
            manage = {"cwd": PROJECT_DIR, "env": env, "stdout": output, "stderr": subprocess.STDOUT}
            for args in commands:
                subprocess.run([sys.executable, "manage.py", *args], check=True, **manage)
            for args in (
                ["db_worker", "--interval", "1", "--no-reload"],
                ["runserver", f"127.0.0.1:{port}", "--noreload"],
            ):
                processes.append(subprocess.Popen([sys.executable, "manage.py", *args], **manage))
        _wait_until_healthy(f"{base_url}/healthz", processes[-1], log)
        yield ServedPortal(base_url=base_url, data_dir=data_dir, log=log)
    finally:
        for process in reversed(processes):
            _stop(process)
        if keep_log is not None and log.exists():
            keep_log.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(log, keep_log)
        shutil.rmtree(data_dir, ignore_errors=True)
