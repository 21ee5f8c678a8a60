"""Background index updates, run by the task worker (django-tasks).

Why tasks: a save must never wait for, or fail because of, the search engine. Changes are
stored in the outbox (portal.search.outbox) and these tasks send them; an entry leaves the
outbox only once the engine confirmed it. ``process_outbox`` schedules itself for the next
retry (on backends that can run a task later, like the database backend the portal uses), so an
engine that was down catches up without anyone acting; ``search_index drain`` does the same by
hand.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from django.apps import apps
from django.db import DatabaseError
from django.db.models import Q
from django.utils import timezone
from django_tasks import task, task_backends
from django_tasks.base import TaskResultStatus

from portal.search import hybrid, outbox
from portal.search.documents import document_types_for_model, get_document_type
from portal.search.engines.base import SearchEngineError, get_engine

__all__ = [
    "embed_objects",
    "index_object",
    "process_outbox",
    "remove_object",
    "run_is_waiting",
    "schedule_retry",
]

logger = logging.getLogger(__name__)


@task()
def process_outbox() -> dict[str, Any]:
    """Send every due outbox entry, then make sure a run is scheduled for the next retry."""
    report = outbox.drain()
    schedule_retry()
    return {"sent": report.sent, "failed": report.failed}


def run_is_waiting(*, before: datetime | None = None) -> bool:
    """Whether a ``process_outbox`` run is queued and not started that is due by ``before``
    (now when None; undeferred runs always are). Only the database backend can say; others
    answer False, so a run is queued as before."""
    backend = task_backends[process_outbox.backend]
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult, get_date_max

    if not isinstance(backend, DatabaseBackend):
        return False
    return DBTaskResult.objects.filter(
        Q(run_after__lte=before or timezone.now()) | Q(run_after=get_date_max()),
        task_path=process_outbox.module_path,
        status=TaskResultStatus.READY,
    ).exists()


def schedule_retry() -> None:
    """Queue ``process_outbox`` for when the earliest waiting entry is due, unless one is queued.

    Backends that cannot defer a task (the immediate backend of tests) are left alone: their
    next change, or ``search_index drain``, sends what waits.
    """
    due = outbox.next_attempt_at()
    if due is None:
        return
    backend = task_backends[process_outbox.backend]
    if not backend.supports_defer:
        return
    due = max(due, timezone.now() + timedelta(seconds=1))
    try:
        # One that runs before the entry is due sends it or reschedules itself for it.
        if run_is_waiting(before=due):
            return
        process_outbox.using(run_after=due).enqueue()
    except DatabaseError:
        logger.exception("could not schedule the next search outbox run (search_index drain sends it)")


def _outcome(report: outbox.OutboxReport) -> dict[str, str]:
    return {name: result for (name, _), result in report.outcomes.items()}


@task()
def index_object(model_label: str, pk: Any) -> dict[str, str]:
    """Bring every index holding objects of ``model_label`` up to date for object ``pk`` now.

    Goes through the outbox like any change, so a failure leaves the change waiting there.
    Returns ``{document type: "indexed" | "removed" | "pending"}``.
    """
    model = apps.get_model(model_label)
    entries = outbox.record_change(model, pk, document_types_for_model(model))
    report = outbox.process_due(entry_ids=[entry.pk for entry in entries])
    logger.debug("search index update for %s %s: %s", model_label, pk, report.outcomes)
    return _outcome(report)


@task()
def remove_object(document_type_name: str, document_id: str) -> None:
    """Remove document ``document_id`` from the index of ``document_type_name`` (after a deletion)."""
    entries = outbox.record_removal(get_document_type(document_type_name), document_id)
    outbox.process_due(entry_ids=[entry.pk for entry in entries])


@task()
def embed_objects(document_type_name: str, objects: list[list[str]]) -> dict[str, int]:
    """Compute the vectors of these objects' documents (``[[model label, pk], …]``) and hand
    them to the engine; queued by the outbox once their words are indexed.

    Objects no longer indexable are skipped (their removal is on its way through the outbox).
    An engine error is logged: the documents stay searchable by their words, and the next save
    or ``search_index rebuild`` brings their vectors.
    """
    document_type = get_document_type(document_type_name)
    documents = []
    for model_label, pk in objects:
        obj = document_type.get_object(apps.get_model(model_label), pk)
        if obj is not None:
            documents.append(document_type.to_document(obj))
    report = hybrid.attach_vectors(document_type, documents, compute=True)
    vectors = {
        document["id"]: document[hybrid.VECTORS] for document in documents if hybrid.VECTORS in document
    }
    try:
        get_engine().index_vectors(document_type, vectors)
    except SearchEngineError:
        logger.exception("search: could not store %d vectors in %s", len(vectors), document_type_name)
    return {"computed": report.computed, "reused": report.reused, "documents": len(vectors)}
