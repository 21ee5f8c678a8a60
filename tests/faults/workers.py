"""The portal's task worker run in the test's own process, for the fault tests that need one."""

from __future__ import annotations

import pytest

from portal.management.commands.db_worker import Worker
from portal.worker import HeartbeatThread


def run_worker(monkeypatch: pytest.MonkeyPatch, *, worker_id: str = "worker-1") -> None:
    """One pass of the portal's `db_worker` in batch mode: it beats, reclaims the tasks of dead
    workers, runs what is due and stops. Its heartbeat thread is not started: a second thread
    cannot share the test's uncommitted transaction, and the worker's own first beat does the
    same work."""
    monkeypatch.setattr(HeartbeatThread, "start", lambda self: None)
    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id,
        excluded_queue_names=[],
    ).run()
