"""The parts the portal needs to serve readers, each checked for /healthz.

Thresholds come from the environment (portal/settings/environment.py): how old the oldest
waiting index change (HEALTH_INDEX_BACKLOG_MAX_AGE_S) and the oldest due task
(HEALTH_TASK_QUEUE_MAX_AGE_S) may grow before the portal calls itself unhealthy.
"""

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, connection, models
from django.utils import timezone
from django_tasks import task_backends
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult, get_date_max

from portal import worker
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


def _due_tasks() -> tuple[int, float]:
    """How many tasks are due, and the seconds the longest-waiting one has been due (0 when none
    is): since it was queued, or since its `run_after` for a deferred task. One query."""
    undeferred = models.Q(run_after=get_date_max())
    due = DBTaskResult.objects.ready().aggregate(
        count=models.Count("pk"),
        queued=models.Min("enqueued_at", filter=undeferred),
        deferred=models.Min("run_after", filter=~undeferred),
    )
    due_since = min(
        (moment for moment in (due["queued"], due["deferred"]) if moment is not None), default=None
    )
    age = 0.0 if due_since is None else max(0.0, (timezone.now() - due_since).total_seconds())
    return due["count"], age


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
        detail["queued"], age = _due_tasks()
        detail["failed"] = DBTaskResult.objects.failed().count()
        detail["workers"] = worker.live_workers().count()
        # No live worker is an outage once one has gone silent (its heartbeat row stays) or
        # left a task running; a worker never started yet (`make run`, a fresh install) only
        # once the queue is older than the limit.
        stranded = not detail["workers"] and (
            worker.WorkerHeartbeat.objects.exists() or _held_by_silent_workers()
        )
    except DatabaseError as error:
        return CheckResult(False, {**detail, "error": str(error)})
    detail.update({"oldest_age_s": round(age), "max_age_s": limit, "behind": age > limit})
    if not detail["workers"] and (age > limit or stranded):
        detail["error"] = (
            f"no task worker has reported for {worker.WORKER_LEASE_S} s: is `manage.py db_worker` running?"
        )
        return CheckResult(False, detail)
    return CheckResult(True, detail)


def _held_by_silent_workers() -> bool:
    """A task still marked running after its worker's lease ran out: nobody alive to finish it."""
    cutoff = timezone.now() - timedelta(seconds=worker.WORKER_LEASE_S)
    return DBTaskResult.objects.running().filter(started_at__lt=cutoff).exists()


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
