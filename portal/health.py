"""The parts the portal needs to serve readers, each checked for /healthz.

Thresholds come from the environment (portal/settings/environment.py): how old the oldest
waiting index change (HEALTH_INDEX_BACKLOG_MAX_AGE_S) and the oldest due task
(HEALTH_TASK_QUEUE_MAX_AGE_S) may grow before the portal calls itself unhealthy.
"""

import functools
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, connection, connections
from django.utils import timezone
from django_tasks import task_backends
from django_tasks.base import TaskResultStatus
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult, get_date_max

from portal import worker
from portal.raw_sql import field_value
from portal.redis_cache import breaker_state
from portal.search import outbox
from portal.search.engines.base import get_engine

logger = logging.getLogger(__name__)


@dataclass
class CheckResult:
    ok: bool
    detail: dict = field(default_factory=dict)


def check_database() -> CheckResult:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        return CheckResult(False, {"error": str(error)})
    return CheckResult(True, {"vendor": connection.vendor})


def check_cache() -> CheckResult:
    """A value written to the cache (Redis in production) comes back: pages, rate limits and
    sign-in throttling depend on it. A client error (Redis unreachable) fails in run_checks."""
    backend = f"{type(cache).__module__}.{type(cache).__name__}"
    key, value = f"healthz:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, value, timeout=10)
    read = cache.get(key)
    cache.delete(key)
    if read != value:
        detail = {"backend": backend, "error": "a value written to the cache did not come back"}
        # The resilient Redis cache answers failures as misses; the error that opened its
        # circuit says why (portal/redis_cache.py).
        circuits = breaker_state()
        if circuits:
            detail["circuits_open"] = circuits
        return CheckResult(False, detail)
    return CheckResult(True, {"backend": backend})


def check_search() -> CheckResult:
    """The configured engine's own check: Meilisearch reachable, or the index directory writable."""
    try:
        engine = get_engine()
    except ImproperlyConfigured as error:
        engine_name = "meilisearch" if settings.MEILISEARCH_URL else "embedded"
        return CheckResult(False, {"engine": engine_name, "error": str(error)})
    ok, detail = engine.health()
    return CheckResult(ok, detail)


def check_index_backlog() -> CheckResult:
    """Index changes waiting in the outbox. A backlog is normal for a moment; one whose oldest
    change waits longer than HEALTH_INDEX_BACKLOG_MAX_AGE_S means updates are not arriving."""
    limit = settings.HEALTH_INDEX_BACKLOG_MAX_AGE_S
    backlog = outbox.backlog()
    detail = {
        "backlog": backlog.count,
        "oldest_age_s": round(backlog.oldest_age_s),
        "retrying": backlog.failing,
        "max_age_s": limit,
    }
    if backlog.failing:
        detail["last_error"] = backlog.last_error
    if backlog.stale:
        detail["error"] = f"index updates waiting for more than {limit // 60} minutes"
        return CheckResult(False, detail)
    return CheckResult(True, detail)


@functools.lru_cache(maxsize=4)
def _task_statement(vendor: str) -> str:
    """The SQL of :func:`_task_figures`, written once per database vendor from the models' names.

    The ORM built these figures as five statements (and as two aggregates with filters it was no
    cheaper): 4.4 ms of a 7 ms /healthz probe went to building them, 0.1 ms to running them. They
    are fixed, so the statement is written here once; only the moments change, and they are its
    parameters. tests/portal/test_health.py holds its figures equal to the ORM's querysets
    (``ready()``, ``failed()``, ``live_workers()``) for tasks in every state.
    """
    quote = connections[DBTaskResult.objects.db].ops.quote_name
    tasks, heartbeats = DBTaskResult._meta, worker.WorkerHeartbeat._meta

    def column(meta: Any, name: str) -> str:
        return f"{quote(meta.db_table)}.{quote(meta.get_field(name).column)}"

    status, run_after = column(tasks, "status"), column(tasks, "run_after")
    # What DBTaskResult.objects.ready() selects: waiting, and not deferred past now.
    due = f"{status} = %(ready)s AND ({run_after} = %(date_max)s OR {run_after} <= %(now)s)"
    return f"""
        SELECT
          (SELECT COUNT(*) FROM {quote(tasks.db_table)} WHERE {due}),
          (SELECT MIN({column(tasks, "enqueued_at")}) FROM {quote(tasks.db_table)}
            WHERE {due} AND {run_after} = %(date_max)s),
          (SELECT MIN({run_after}) FROM {quote(tasks.db_table)} WHERE {due} AND {run_after} <> %(date_max)s),
          (SELECT COUNT(*) FROM {quote(tasks.db_table)} WHERE {status} = %(failed)s),
          (SELECT COUNT(*) FROM {quote(tasks.db_table)}
            WHERE {status} = %(running)s AND {column(tasks, "started_at")} < %(lease_start)s),
          (SELECT COUNT(*) FROM {quote(heartbeats.db_table)} WHERE {column(heartbeats, "beat_at")} >= %(lease_start)s),
          (SELECT COUNT(*) FROM {quote(heartbeats.db_table)})
    """  # noqa: S608 - names from the models' meta, values as parameters


def _task_figures() -> dict:
    """The queue's figures in one statement: how many tasks are due and since when the
    longest-waiting one has been due (since it was queued, or since its `run_after` for a deferred
    task), how many failed, how many live workers there are, and whether the queue is stranded.
    """
    connection = connections[DBTaskResult.objects.db]
    now = timezone.now()
    lease_start = now - timedelta(seconds=worker.WORKER_LEASE_S)
    moment = connection.ops.adapt_datetimefield_value
    with connection.cursor() as cursor:
        cursor.execute(
            _task_statement(connection.vendor),
            {
                "ready": TaskResultStatus.READY,
                "failed": TaskResultStatus.FAILED,
                "running": TaskResultStatus.RUNNING,
                "date_max": moment(get_date_max()),
                "now": moment(now),
                "lease_start": moment(lease_start),
            },
        )
        queued, queued_since, deferred_since, failed, held_by_silent, live, known = cursor.fetchone()
    due_since = min(
        (
            field_value(value, field=DBTaskResult._meta.get_field(name), connection=connection)
            for name, value in (("enqueued_at", queued_since), ("run_after", deferred_since))
            if value is not None
        ),
        default=None,
    )
    return {
        "queued": queued,
        "age": 0.0 if due_since is None else max(0.0, (now - due_since).total_seconds()),
        "failed": failed,
        "workers": live,
        # No live worker is an outage once one has gone silent (its heartbeat row stays) or left
        # a task running; a worker never started yet (`make run`, a fresh install) only once the
        # queue is older than the limit.
        "stranded": not live and bool(known or held_by_silent),
    }


def check_tasks() -> CheckResult:
    """The task worker is alive, judged by its heartbeat (portal/worker.py): failing when no
    worker has reported for ``WORKER_LEASE_S``. Also how many tasks are due and failed, and how
    long the oldest due one has waited; a queue older than HEALTH_TASK_QUEUE_MAX_AGE_S with a
    live worker is reported as ``behind``, not as a dead worker (a bulk import queues thousands
    of tasks and the worker is working through them)."""
    backend = task_backends["default"]
    detail: dict = {"backend": f"{type(backend).__module__}.{type(backend).__name__}"}
    if not isinstance(backend, DatabaseBackend):
        return CheckResult(True, detail)
    limit = settings.HEALTH_TASK_QUEUE_MAX_AGE_S
    try:
        figures = _task_figures()
    except DatabaseError as error:
        return CheckResult(False, {**detail, "error": str(error)})
    age = figures["age"]
    detail.update(
        {
            "queued": figures["queued"],
            "failed": figures["failed"],
            "workers": figures["workers"],
            "oldest_age_s": round(age),
            "max_age_s": limit,
            "behind": age > limit,
        }
    )
    if not detail["workers"] and (age > limit or figures["stranded"]):
        detail["error"] = (
            f"no task worker has reported for {worker.WORKER_LEASE_S} s: is `manage.py db_worker` running?"
        )
        return CheckResult(False, detail)
    return CheckResult(True, detail)


CHECKS: dict[str, Callable[[], CheckResult]] = {
    "database": check_database,
    "cache": check_cache,
    "search": check_search,
    "index_backlog": check_index_backlog,
    "tasks": check_tasks,
}


# What anyone may read of a check: whether it passed, and the sizes and ages of the queues (the
# smoke test and monitors wait on them). Errors, engine and cache addresses, backends, driver
# messages and index paths are for signed-in superusers only: they map the private network.
PUBLIC_DETAIL = frozenset(
    {"backlog", "oldest_age_s", "retrying", "max_age_s", "queued", "failed", "workers", "behind"}
)


def public_report(report: dict) -> dict:
    """``report`` (from :func:`run_checks`) without internals: per part ``ok``, ``status`` (ok or
    degraded) and the queue figures in ``PUBLIC_DETAIL``."""
    return {
        name: {
            "ok": result["ok"],
            "status": "ok" if result["ok"] else "degraded",
            **{key: value for key, value in result.items() if key in PUBLIC_DETAIL},
        }
        for name, result in report.items()
    }


def run_checks() -> tuple[bool, dict]:
    """Run every check; return whether all passed and a JSON-ready report."""
    report = {}
    healthy = True
    for name, check in CHECKS.items():
        try:
            result = check()
        except Exception as error:
            # A health check answers whatever breaks (a Redis client error, a database outage
            # seen by the ORM): the failing part is named, the traceback goes to the log.
            logger.exception("health: the %s check failed", name)
            result = CheckResult(False, {"error": f"{type(error).__name__}: {error}"})
        if not result.ok and "error" in result.detail:
            # The public answer leaves the error out, and while the database is down nobody can
            # sign in to read the details: the log is where an operator finds them.
            logger.warning("health: %s failing: %s", name, result.detail["error"])
        healthy &= result.ok
        report[name] = {"ok": result.ok, "status": "ok" if result.ok else "degraded", **result.detail}
    return healthy, report
