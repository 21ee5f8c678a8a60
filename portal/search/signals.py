"""Keep indexes in step with the database: saves, deletions, publishing and unpublishing.

``connect_document_type(document_type)`` makes changes to its models recorded in the index
outbox (portal.search.outbox) with the save, in its transaction, and the outbox task queued once
the transaction commits, so the worker reads committed data and a rolled-back change is never
indexed. Recording or queuing never breaks a save: a failure is logged with its traceback; an
entry that could not be queued waits in the outbox for the next run or ``search_index drain``.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.signals import page_published, page_unpublished

from portal.search import outbox
from portal.search.documents import DocumentType

__all__ = [
    "connect_document_type",
    "connected_document_types",
    "disconnect_document_type",
    "record_saved",
]

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


def _handling(model: type[models.Model]) -> list[DocumentType]:
    return [document_type for document_type in _connected.values() if document_type.handles(model)]


def _record(model: type[models.Model], pk: Any) -> None:
    document_types = _handling(model)
    if document_types and outbox.record_change(model, pk, document_types):
        outbox.schedule_processing()


def record_saved(model: type[models.Model], pks: list[Any]) -> None:
    """Record what saving each of these objects records, with one insert and one queued run.

    For code that writes rows in bulk (bulk_create/bulk_update send no post_save): the import of
    experts. Objects other documents use as labels (taxonomy terms) still go through save().
    """
    document_types = _handling(model)
    if pks and document_types and outbox.record_changes(model, pks, document_types):
        outbox.schedule_processing()


def _saved(sender: type[models.Model], instance: models.Model, raw: bool = False, **kwargs: Any) -> None:
    if raw:  # fixtures being loaded, related rows may be missing
        return
    _record(sender, instance.pk)
    _record_users_of_label(sender, instance)


def _record_users_of_label(model: type[models.Model], label: models.Model) -> None:
    recorded = False
    for document_type in list(_connected.values()):
        if model not in document_type.label_models:
            continue
        for obj in document_type.objects_using(label):
            recorded |= bool(outbox.record_change(type(obj), obj.pk, [document_type]))
    if recorded:
        outbox.schedule_processing()


def _relations_changed(
    sender: type[models.Model], instance: models.Model, action: str, **kwargs: Any
) -> None:
    # Tags set after the object was saved (expertise, partner cities) change its document too.
    if action in {"post_add", "post_remove", "post_clear"}:
        _record(type(instance), instance.pk)


def _published(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    _record(type(instance), instance.pk)


def _deleted(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    recorded = False
    for document_type in _handling(sender):
        doc_id = document_type.document_id(sender, instance.pk)
        recorded |= bool(outbox.record_removal(document_type, doc_id, model=sender, pk=instance.pk))
    if recorded:
        outbox.schedule_processing()
