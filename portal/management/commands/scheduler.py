"""``manage.py scheduler``: the periodic jobs, in one long-running process (compose's `scheduler`).

Why a process of its own rather than host cron: scheduled publishing never fired in production
because nothing ran ``publish_scheduled``, and event reminders relied on cron set up by hand on
the host. One container that runs every job on its interval needs nothing on the host, and its
log lines are JSON like every other process's.

Each job runs in this process through ``call_command``; a job that fails is logged with its
traceback and tried again at its next interval, and never stops the others. Every job is safe to
run more often than needed (publishing is by date, reminders are sent once, verify compares and
repairs), so a restart that runs them all at once costs nothing. Run one scheduler per
deployment (two would only do the same work twice).

    manage.py scheduler           # forever
    manage.py scheduler --once    # every job once, then exit (a host cron line, or a test)
    manage.py scheduler --check   # exit 0 if a scheduler on this host looped in the last 3 minutes
"""

from __future__ import annotations

import logging
import signal
import tempfile
import time
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from types import FrameType

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections

logger = logging.getLogger("portal.scheduler")


@dataclass(frozen=True)
class Job:
    name: str
    command: tuple[str, ...]
    every_s: int


JOBS = (
    # Pages (and snippets) whose go-live or expiry time has come; Wagtail's own command.
    Job("publish scheduled pages", ("publish_scheduled",), 60),
    # Reminders of events starting within EVENT_REMINDER_HOURS (each sent once).
    Job("event reminders", ("send_event_reminders",), 15 * 60),
    # The search index against the database, repairing drift (a restore, a lost update).
    Job("search index verify", ("search_index", "verify", "--fix"), 24 * 60 * 60),
)


ALIVE_FILE = Path(tempfile.gettempdir()) / "portal-scheduler-alive"
"""Touched every second by a running scheduler; ``--check`` (compose's health check, run in the
same container) reads its age. A file, not the database: the check must not depend on it."""
ALIVE_MAX_AGE_S = 180


def run_job(job: Job) -> bool:
    """Run ``job`` once; whether it succeeded. Its output goes to the log, not to a terminal."""
    close_old_connections()
    out = StringIO()
    began = time.monotonic()
    try:
        call_command(*job.command, stdout=out, stderr=out)
    except BaseException as error:
        if isinstance(error, KeyboardInterrupt):
            raise
        # SystemExit included: a command that exits non-zero must not stop the scheduler.
        logger.exception("scheduler: %s failed: %s", job.name, out.getvalue().strip()[-2000:])
        return False
    finally:
        close_old_connections()
    logger.info(
        "scheduler: %s done in %.1f s: %s", job.name, time.monotonic() - began, out.getvalue().strip()[-500:]
    )
    return True


class Command(BaseCommand):
    help = "Run the periodic jobs (scheduled publishing, event reminders, index verification) forever."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="run every job once, then exit")
        parser.add_argument(
            "--check", action="store_true", help="exit 1 unless a scheduler here looped in the last 3 minutes"
        )

    def handle(self, *args: object, once: bool = False, check: bool = False, **options: object) -> None:
        if check:
            try:
                age = time.time() - ALIVE_FILE.stat().st_mtime
            except OSError:
                age = float("inf")
            if age > ALIVE_MAX_AGE_S:
                self.stderr.write(f"the scheduler has not looped for {age:.0f} s")
                raise SystemExit(1)
            return
        if once:
            failed = [job.name for job in JOBS if not run_job(job)]
            if failed:
                for name in failed:
                    self.stderr.write(f"{name}: failed (see the log)")
                raise SystemExit(1)
            return
        stopping = False

        def stop(signum: int, frame: FrameType | None) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        next_run = dict.fromkeys(JOBS, 0.0)
        logger.info(
            "scheduler: started with %s", ", ".join(f"{job.name} every {job.every_s} s" for job in JOBS)
        )
        while not stopping:
            now = time.monotonic()
            for job in JOBS:
                if stopping or next_run[job] > now:
                    continue
                run_job(job)
                next_run[job] = time.monotonic() + job.every_s
            # Short sleeps so SIGTERM (compose stop) ends the process within a second.
            deadline = min(next_run.values())
            while not stopping and time.monotonic() < deadline:
                ALIVE_FILE.touch()
                time.sleep(min(1.0, max(0.0, deadline - time.monotonic())))
        logger.info("scheduler: stopped")
