"""Keep indexes in step with the database: saves, deletions, publishing and unpublishing.

``connect_document_type(document_type)`` makes changes to its models queue an index update
(portal.search.tasks) once the transaction commits, so the worker reads committed data and a
rolled-back change is never indexed. Queuing never breaks a save: a failure is logged with its
traceback, and ``search_index verify --fix`` repairs what was missed.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.signals import page_published, page_unpublished

from portal.search.documents import DocumentType
from portal.search.tasks import index_object, remove_object

__all__ = ["connect_document_type", "connected_document_types", "disconnect_document_type"]

logger = logging.getLogger(__name__)

_connected: dict[str, DocumentType] = {}


def connect_document_type(document_type: DocumentType) -> None:
    """Queue index updates for ``document_type`` whenever one of its models (or a subclass,
    e.g. a specific Wagtail page type) is saved, deleted, published or unpublished.

    Idempotent. The receivers are shared by all document types and look up which types handle
    the sender, so one save of an object indexed twice queues one update per model change.
    """
    _connected[document_type.name] = document_type
    post_save.connect(_saved, dispatch_uid="portal.search.saved", weak=False)
    post_delete.connect(_deleted, dispatch_uid="portal.search.deleted", weak=False)
    m2m_changed.connect(_relations_changed, dispatch_uid="portal.search.relations", weak=False)
    page_published.connect(_published, dispatch_uid="portal.search.published", weak=False)
    page_unpublished.connect(_published, dispatch_uid="portal.search.unpublished", weak=False)


def disconnect_document_type(document_type: DocumentType) -> None:
    """Stop queuing updates for ``document_type`` (tests use throw-away types)."""
    _connected.pop(document_type.name, None)


def connected_document_types() -> list[DocumentType]:
    """The document types whose changes are being followed."""
    return list(_connected.values())


def _handles(model: type[models.Model]) -> bool:
    return any(document_type.handles(model) for document_type in _connected.values())


def _queue_index(model: type[models.Model], pk: Any) -> None:
    label = model._meta.label

    def enqueue() -> None:
        try:
            index_object.enqueue(label, pk)
        except Exception:
            logger.exception("could not queue a search index update for %s %s", label, pk)

    transaction.on_commit(enqueue)


def _saved(sender: type[models.Model], instance: models.Model, raw: bool = False, **kwargs: Any) -> None:
    if raw or not _handles(sender):  # raw: fixtures being loaded, related rows may be missing
        return
    _queue_index(sender, instance.pk)


def _relations_changed(
    sender: type[models.Model], instance: models.Model, action: str, **kwargs: Any
) -> None:
    # Tags set after the object was saved (expertise, partner cities) change its document too.
    if action in {"post_add", "post_remove", "post_clear"} and _handles(type(instance)):
        _queue_index(type(instance), instance.pk)


def _published(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    model = type(instance)
    if _handles(model):
        _queue_index(model, instance.pk)


def _deleted(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    for document_type in list(_connected.values()):
        if not document_type.handles(sender):
            continue
        name, doc_id = document_type.name, document_type.document_id(sender, instance.pk)

        def enqueue(name: str = name, doc_id: str = doc_id) -> None:
            try:
                remove_object.enqueue(name, doc_id)
            except Exception:
                logger.exception("could not queue removal of %s from search index %s", doc_id, name)

        transaction.on_commit(enqueue)
