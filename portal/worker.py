"""The task worker's heartbeat, and tasks a dead worker held given back to the queue.

Why: django-tasks' database worker marks a task RUNNING when it claims it and nothing else ever
looks at it again. A worker killed mid-task (OOM killer, ``docker kill``, a host reboot) left the
task RUNNING forever: a sign-in link never sent, a purge never done. And ``/healthz`` judged the
worker by the age of the queue, so a worker busy with a 12,000-row import was reported dead.

So each worker (``manage.py db_worker``, portal/management/commands/db_worker.py) writes a
:class:`WorkerHeartbeat` every ``HEARTBEAT_INTERVAL_S`` from a thread of its own, also while a
long task runs. A worker not heard from for ``WORKER_LEASE_S`` is dead: any live worker gives
the RUNNING tasks it held back to the queue (:func:`reclaim_abandoned_tasks`), where they run
again. A task that has been held by ``MAX_CLAIMS`` workers that all died is more likely the
cause than the victim (it exhausts memory): it is marked FAILED with :class:`WorkerLost`, shown
in ``/healthz`` as failed and in the admin's failed tasks, rather than killing workers forever.
Tasks must therefore tolerate running twice (they do: index updates go through the outbox,
purges and renditions are idempotent, and an e-mail sent twice beats one never sent).
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import DatabaseError, close_old_connections, connection, models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

__all__ = [
    "HEARTBEAT_INTERVAL_S",
    "MAX_CLAIMS",
    "WORKER_LEASE_S",
    "HeartbeatThread",
    "ReclaimReport",
    "WorkerHeartbeat",
    "WorkerLost",
    "beat",
    "live_workers",
    "reclaim_abandoned_tasks",
]

logger = logging.getLogger(__name__)

HEARTBEAT_INTERVAL_S = 10
WORKER_LEASE_S = 60
"""Six missed beats: long enough for a busy database or a paused container, short enough that a
sign-in link held by a dead worker goes out about a minute late rather than never."""
MAX_CLAIMS = 3
FORGET_AFTER = timedelta(days=1)
"""Heartbeats of workers gone for a day are deleted; they only matter while their tasks may be
reclaimed."""


class WorkerLost(Exception):
    """Recorded on a task whose workers all died while running it (see the module docstring)."""


class WorkerHeartbeat(models.Model):
    """The last sign of life of one task worker process (one row per worker id)."""

    worker_id = models.CharField(max_length=64, unique=True)
    host = models.CharField(max_length=255, blank=True)
    pid = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(default=timezone.now)
    beat_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        app_label = "portal"
        verbose_name = _("task worker heartbeat")

    def __str__(self) -> str:
        return f"worker {self.worker_id} on {self.host} (pid {self.pid})"


def beat(*, worker_id: str, started_at: datetime | None = None) -> None:
    """Record that worker ``worker_id`` (this process) is alive now."""
    now = timezone.now()
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={"beat_at": now, "host": socket.gethostname()[:255], "pid": os.getpid()},
        create_defaults={
            "beat_at": now,
            "started_at": started_at or now,
            "host": socket.gethostname()[:255],
            "pid": os.getpid(),
        },
    )


def live_workers(*, now: datetime | None = None) -> models.QuerySet[WorkerHeartbeat]:
    """Workers heard from within ``WORKER_LEASE_S``."""
    now = now or timezone.now()
    return WorkerHeartbeat.objects.filter(beat_at__gte=now - timedelta(seconds=WORKER_LEASE_S))


@dataclass(frozen=True)
class ReclaimReport:
    requeued: list[str]
    failed: list[str]


def reclaim_abandoned_tasks(*, now: datetime | None = None) -> ReclaimReport:
    """Give the RUNNING tasks of workers not heard from for ``WORKER_LEASE_S`` back to the queue.

    Each change is a conditional UPDATE on the row as it was read (still RUNNING, same
    ``started_at``), so two workers reclaiming at once, or a slow worker that finishes its task
    meanwhile, never double a task or undo its result.
    """
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=WORKER_LEASE_S)
    live = set(live_workers(now=now).values_list("worker_id", flat=True))
    requeued: list[str] = []
    failed: list[str] = []
    # Only tasks started before the cutoff: a worker that claimed one a moment ago may not have
    # written its first heartbeat yet.
    candidates = DBTaskResult.objects.running().filter(started_at__lt=cutoff)
    for task in candidates.only("id", "worker_ids", "started_at", "task_path"):
        holder = task.worker_ids[-1] if task.worker_ids else ""
        if holder in live:
            continue
        same_claim = DBTaskResult.objects.filter(
            pk=task.pk, status=TaskResultStatus.RUNNING, started_at=task.started_at
        )
        if len(task.worker_ids) >= MAX_CLAIMS:
            message = (
                f"{WorkerLost.__module__}.{WorkerLost.__qualname__}: the {len(task.worker_ids)} workers "
                f"that ran this task ({', '.join(task.worker_ids)}) all stopped answering while "
                "running it; it is not retried again automatically"
            )
            changed = same_claim.update(
                status=TaskResultStatus.FAILED,
                finished_at=now,
                exception_class_path=f"{WorkerLost.__module__}.{WorkerLost.__qualname__}",
                traceback=message,
            )
            if changed:
                failed.append(str(task.pk))
                logger.error("task %s (%s) failed: %s", task.pk, task.task_path, message)
        else:
            changed = same_claim.update(status=TaskResultStatus.READY, started_at=None)
            if changed:
                requeued.append(str(task.pk))
                logger.warning(
                    "task %s (%s) given back to the queue: its worker %s stopped answering",
                    task.pk,
                    task.task_path,
                    holder or "(unknown)",
                )
    WorkerHeartbeat.objects.filter(beat_at__lt=now - FORGET_AFTER).delete()
    return ReclaimReport(requeued=requeued, failed=failed)


class HeartbeatThread(threading.Thread):
    """Beats for one worker and reclaims dead workers' tasks every ``interval`` seconds.

    A thread, not a step of the worker's loop: the loop is busy for as long as a task runs, and
    a worker busy with a long task is alive. Database errors are logged and the thread carries on
    (the database may come back); it never stops the worker.
    """

    def __init__(self, *, worker_id: str, interval: float = HEARTBEAT_INTERVAL_S) -> None:
        super().__init__(name=f"heartbeat-{worker_id}", daemon=True)
        self.worker_id = worker_id
        self.interval = interval
        self.started = timezone.now()
        self._stop_event = threading.Event()

    def tick(self) -> None:
        try:
            close_old_connections()
            beat(worker_id=self.worker_id, started_at=self.started)
            reclaim_abandoned_tasks()
        except DatabaseError:
            logger.exception("task worker %s: could not write its heartbeat", self.worker_id)

    def run(self) -> None:
        try:
            while not self._stop_event.is_set():
                self.tick()
                self._stop_event.wait(self.interval)
        finally:
            connection.close()  # this thread's own connection

    def stop(self) -> None:
        self._stop_event.set()
