"""A task worker killed mid-task (issue 19, finding 9): the task it held is given back to the
queue once the worker's heartbeat stops, and runs again on a live worker; never lost, never
RUNNING forever. A task that killed every worker that ran it stops being retried and shows as
failed. /healthz judges the worker by its heartbeat."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from experts.accounts.tasks import send_email
from portal.worker import WorkerHeartbeat, beat, reclaim_abandoned_tasks
from tests.faults.workers import run_worker

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def database_queue(settings) -> None:
    # The production queue (django-tasks resets its backends when the setting changes).
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def claimed_by_dead_workers(*worker_ids: str, minutes_ago: float = 2) -> DBTaskResult:
    """A sign-in-style e-mail that each of ``worker_ids`` claimed in turn and died running: the
    row as a killed worker leaves it (RUNNING, its id last), and heartbeats that stopped."""
    result = send_email.enqueue(to=["member@example.org"], subject="Your sign-in link", body="…")
    task = DBTaskResult.objects.get(pk=result.id)
    then = timezone.now() - timedelta(minutes=minutes_ago)
    for worker_id in worker_ids:
        task.claim(worker_id)
        beat(worker_id=worker_id)
    DBTaskResult.objects.filter(pk=task.pk).update(started_at=then)
    WorkerHeartbeat.objects.filter(worker_id__in=worker_ids).update(beat_at=then)
    return task


def test_the_task_of_a_killed_worker_runs_again_on_the_next_worker(site, monkeypatch):
    task = claimed_by_dead_workers("killed-worker")
    client = Client()
    assert client.get("/healthz").json()["failing"] == ["tasks"]  # nobody alive to run it

    run_worker(monkeypatch, worker_id="next-worker")

    task.refresh_from_db()
    assert task.status == TaskResultStatus.SUCCESSFUL
    assert task.worker_ids == ["killed-worker", "next-worker"]
    assert [message.subject for message in mail.outbox] == ["Your sign-in link"]  # sent once
    tasks = client.get("/healthz").json()["checks"]["tasks"]
    assert (tasks["ok"], tasks["workers"], tasks["queued"]) == (True, 1, 0)


def test_a_live_worker_busy_with_a_long_task_keeps_it():
    task = claimed_by_dead_workers("busy-worker", minutes_ago=30)
    beat(worker_id="busy-worker")  # its heartbeat thread still beats during the long task

    report = reclaim_abandoned_tasks()

    assert report.requeued == [] and report.failed == []
    task.refresh_from_db()
    assert task.status == TaskResultStatus.RUNNING


def test_a_task_claimed_a_moment_ago_is_not_taken_from_a_worker_that_has_not_beaten_yet():
    task = claimed_by_dead_workers("starting-worker", minutes_ago=0.2)
    WorkerHeartbeat.objects.all().delete()

    assert reclaim_abandoned_tasks().requeued == []
    task.refresh_from_db()
    assert task.status == TaskResultStatus.RUNNING


def test_reclaiming_twice_at_once_queues_the_task_once():
    task = claimed_by_dead_workers("killed-worker")

    first, second = reclaim_abandoned_tasks(), reclaim_abandoned_tasks()

    assert first.requeued == [str(task.pk)]
    assert second.requeued == []
    assert DBTaskResult.objects.ready().count() == 1


def test_a_task_that_every_worker_died_running_is_failed_not_retried_forever(site, monkeypatch):
    task = claimed_by_dead_workers("worker-1", "worker-2", "worker-3")

    run_worker(monkeypatch, worker_id="worker-4")

    task.refresh_from_db()
    assert task.status == TaskResultStatus.FAILED
    assert task.exception_class_path == "portal.worker.WorkerLost"
    assert "worker-1, worker-2, worker-3" in task.traceback
    assert mail.outbox == []
    tasks = Client().get("/healthz").json()["checks"]["tasks"]
    assert (tasks["ok"], tasks["failed"]) == (True, 1)
