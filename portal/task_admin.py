"""The admin's "Failed tasks" report (admin → Reports): what the task worker could not do, with
Retry and Discard.

Why: a failed task (an e-mail the relay refused, a task whose workers all died, portal/worker.py)
used to be visible only as a count in ``/healthz`` and a row in the database. Operators now see
what failed, when and why, and can run it again once the cause is fixed, or drop it.

Superusers only: a task's error may name internal hosts (driver errors) like ``/healthz``'s
details. Arguments are never shown: they hold e-mail addresses and message bodies.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.defaults import permission_denied
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

__all__ = [
    "FailedTask",
    "can_manage_tasks",
    "discard_failed_task",
    "failed_task_action_view",
    "failed_tasks",
    "failed_tasks_view",
    "retry_failed_task",
]

LIST_LIMIT = 200


def can_manage_tasks(user: object) -> bool:
    return bool(getattr(user, "is_active", False) and getattr(user, "is_superuser", False))


@dataclass(frozen=True)
class FailedTask:
    id: str
    name: str
    failed_at: datetime | None
    enqueued_at: datetime
    attempts: int
    error: str
    """The exception's class and message: the traceback's last line."""


def _error_line(traceback: str, exception_class_path: str) -> str:
    lines = [line for line in traceback.strip().splitlines() if line.strip()]
    return (lines[-1] if lines else exception_class_path)[:500]


def failed_tasks(*, limit: int = LIST_LIMIT) -> tuple[list[FailedTask], int]:
    """The newest ``limit`` failed tasks, and how many there are in all."""
    rows = DBTaskResult.objects.failed().order_by("-finished_at")
    tasks = [
        FailedTask(
            id=str(row.pk),
            name=row.task_path.rsplit(".", 1)[-1],
            failed_at=row.finished_at,
            enqueued_at=row.enqueued_at,
            attempts=len(row.worker_ids),
            error=_error_line(row.traceback, row.exception_class_path),
        )
        for row in rows.only(
            "id", "task_path", "finished_at", "enqueued_at", "worker_ids", "traceback", "exception_class_path"
        )[:limit]
    ]
    return tasks, rows.count()


def retry_failed_task(*, task_id: str) -> bool:
    """Put failed task ``task_id`` back in the queue to run as soon as a worker is free.

    A conditional UPDATE: two operators pressing Retry at once queue it once, and a task that
    is no longer failed (retried or discarded meanwhile) is left alone. Returns whether it was.
    """
    return bool(
        DBTaskResult.objects.filter(pk=task_id, status=TaskResultStatus.FAILED).update(
            status=TaskResultStatus.READY,
            enqueued_at=timezone.now(),
            run_after=get_date_max(),
            started_at=None,
            finished_at=None,
            return_value=None,
            exception_class_path="",
            traceback="",
        )
    )


def discard_failed_task(*, task_id: str) -> bool:
    """Delete failed task ``task_id``; whether it was still there and failed."""
    deleted, _ = DBTaskResult.objects.filter(pk=task_id, status=TaskResultStatus.FAILED).delete()
    return bool(deleted)


def failed_tasks_view(request: HttpRequest) -> HttpResponse:
    if not can_manage_tasks(request.user):
        # Answered here: Wagtail turns a raised PermissionDenied into a redirect to the dashboard.
        return permission_denied(request, PermissionDenied())
    tasks, total = failed_tasks()
    return render(request, "portal/admin/failed_tasks.html", {"tasks": tasks, "total": total})


@require_POST
def failed_task_action_view(request: HttpRequest, task_id: str, action: str) -> HttpResponse:
    if not can_manage_tasks(request.user):
        return permission_denied(request, PermissionDenied())
    if action == "retry":
        done = retry_failed_task(task_id=task_id)
        success = _("The task is queued again; the worker runs it shortly.")
    elif action != "discard":
        raise Http404
    else:
        done = discard_failed_task(task_id=task_id)
        success = _("The task was discarded.")
    if done:
        messages.success(request, success)
    else:
        messages.warning(
            request, _("That task is no longer failed: someone retried or discarded it already.")
        )
    return HttpResponseRedirect(reverse("failed_tasks_report"))
