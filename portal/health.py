"""The parts the portal needs to serve readers, each checked for /healthz."""

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, connection
from django_tasks import task_backends
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

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


def check_search() -> CheckResult:
    """The configured engine's own check (Meilisearch reachable, or the index directory writable),
    and the outbox: changes waiting for the engine. A backlog is normal for a moment; one whose
    oldest change waits longer than outbox.STALE_AFTER_S means updates are not arriving."""
    try:
        engine = get_engine()
    except ImproperlyConfigured as error:
        engine_name = "meilisearch" if settings.MEILISEARCH_URL else "embedded"
        return CheckResult(False, {"engine": engine_name, "error": str(error)})
    ok, detail = engine.health()
    try:
        backlog = outbox.backlog()
    except Exception as error:
        # A health check answers whatever breaks; the database check names a database failure.
        logger.exception("health: cannot read the search outbox")
        return CheckResult(False, {**detail, "outbox": {"error": str(error)}})
    detail = {**detail, "outbox": {"backlog": backlog.count, "oldest_age_s": round(backlog.oldest_age_s)}}
    if backlog.stale:
        detail["outbox"]["error"] = (
            f"index updates waiting for more than {outbox.STALE_AFTER_S // 60} minutes"
        )
        ok = False
    return CheckResult(ok, detail)


def check_tasks() -> CheckResult:
    backend = task_backends["default"]
    detail: dict = {"backend": f"{type(backend).__module__}.{type(backend).__name__}"}
    if isinstance(backend, DatabaseBackend):
        try:
            detail["queued"] = DBTaskResult.objects.ready().count()
            detail["failed"] = DBTaskResult.objects.failed().count()
        except DatabaseError as error:
            return CheckResult(False, {**detail, "error": str(error)})
    return CheckResult(True, detail)


CHECKS: dict[str, Callable[[], CheckResult]] = {
    "database": check_database,
    "search": check_search,
    "tasks": check_tasks,
}


def run_checks() -> tuple[bool, dict]:
    """Run every check; return whether all passed and a JSON-ready report."""
    report = {}
    healthy = True
    for name, check in CHECKS.items():
        result = check()
        healthy &= result.ok
        report[name] = {"ok": result.ok, **result.detail}
    return healthy, report
