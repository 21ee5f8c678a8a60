"""Background index updates, run by the task worker (django-tasks).

Why tasks: a save must never wait for, or fail because of, the search engine. The signal
handlers (portal.search.signals) only enqueue these; the database task backend stores them, so
an update survives a restart and a failed one is visible (``/healthz`` counts failed tasks) and
repaired by ``manage.py search_index verify --fix``. A task that fails raises, so the backend
records the failure instead of it vanishing.
"""

from __future__ import annotations

import logging
from typing import Any

from django.apps import apps
from django_tasks import task

from portal.search.documents import document_types_for_model, get_document_type
from portal.search.engines.base import get_engine

__all__ = ["index_object", "remove_object"]

logger = logging.getLogger(__name__)


@task()
def index_object(model_label: str, pk: Any) -> dict[str, str]:
    """Bring every index holding objects of ``model_label`` up to date for object ``pk``.

    The object is read again here, not when the task was queued, so the index gets the latest
    committed state; if it no longer exists or must not be indexed (unpublished, hidden), its
    document is removed. Returns ``{document type: "indexed" | "removed"}``.
    """
    model = apps.get_model(model_label)
    engine = get_engine()
    outcome: dict[str, str] = {}
    for document_type in document_types_for_model(model):
        obj = document_type.get_object(model, pk)
        if obj is None:
            engine.delete_documents(document_type, [document_type.document_id(model, pk)])
            outcome[document_type.name] = "removed"
        else:
            engine.index_documents(document_type, [document_type.to_document(obj)])
            outcome[document_type.name] = "indexed"
    logger.debug("search index update for %s %s: %s", model_label, pk, outcome)
    return outcome


@task()
def remove_object(document_type_name: str, document_id: str) -> None:
    """Remove document ``document_id`` from the index of ``document_type_name`` (after a deletion)."""
    get_engine().delete_documents(get_document_type(document_type_name), [document_id])
