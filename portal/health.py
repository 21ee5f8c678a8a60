"""The parts the portal needs to serve readers, each checked for /healthz."""

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import meilisearch
from django.conf import settings
from django.db import DatabaseError, connection
from django_tasks import task_backends
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult


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
    if settings.MEILISEARCH_URL:
        client = meilisearch.Client(settings.MEILISEARCH_URL, settings.MEILISEARCH_API_KEY or None, timeout=2)
        try:
            healthy = client.is_healthy()
        except meilisearch.errors.MeilisearchError as error:
            return CheckResult(False, {"engine": "meilisearch", "error": str(error)})
        return CheckResult(healthy, {"engine": "meilisearch"})
    index_dir = Path(settings.SEARCH_INDEX_DIR)
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
        probe = index_dir / ".healthz"
        probe.write_text("ok")
        probe.unlink()
    except OSError as error:
        return CheckResult(False, {"engine": "embedded", "error": f"index directory not writable: {error}"})
    return CheckResult(True, {"engine": "embedded"})


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
