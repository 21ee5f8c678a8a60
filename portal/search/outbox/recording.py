"""Recording index changes in the outbox, in the saving transaction, and queueing ``process_outbox``
once that transaction commits.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.db import DatabaseError, models, transaction

from portal.search.documents import DocumentType
from portal.search.models import IndexOutboxEntry

logger = logging.getLogger(__name__)


def _create(entries: list[IndexOutboxEntry]) -> list[IndexOutboxEntry]:
    """Store ``entries`` in a savepoint: a database error is logged and never breaks the save."""
    if not entries:
        return []
    try:
        with transaction.atomic():
            return IndexOutboxEntry.objects.bulk_create(entries)
    except DatabaseError:
        logger.exception(
            "could not record search index changes: %s",
            ", ".join(f"{entry.document_type}/{entry.document_id}" for entry in entries),
        )
        return []


def record_change(
    model: type[models.Model], pk: Any, document_types: Iterable[DocumentType]
) -> list[IndexOutboxEntry]:
    """Record that object ``pk`` of ``model`` changed, for each of ``document_types``."""
    return record_changes(model, [pk], document_types)


def record_changes(
    model: type[models.Model], pks: Iterable[Any], document_types: Iterable[DocumentType]
) -> list[IndexOutboxEntry]:
    """Record that each object of ``pks`` changed, in one insert (bulk writes: the import)."""
    label = model._meta.label
    document_types = list(document_types)
    return _create(
        [
            IndexOutboxEntry(
                document_type=document_type.name,
                document_id=document_type.document_id(model, pk),
                model_label=label,
                object_pk=str(pk),
                action=IndexOutboxEntry.INDEX,
            )
            for pk in pks
            for document_type in document_types
        ]
    )


def record_removal(
    document_type: DocumentType, document_id: str, *, model: type[models.Model] | None = None, pk: Any = None
) -> list[IndexOutboxEntry]:
    """Record that document ``document_id`` must leave the index of ``document_type``."""
    return _create(
        [
            IndexOutboxEntry(
                document_type=document_type.name,
                document_id=str(document_id),
                model_label=model._meta.label if model is not None else "",
                object_pk="" if pk is None else str(pk),
                action=IndexOutboxEntry.REMOVE,
            )
        ]
    )


def record_synonyms(document_type_names: Iterable[str]) -> list[IndexOutboxEntry]:
    """Record that each of these indexes must be sent the current synonyms."""
    return _create(
        [
            IndexOutboxEntry(document_type=name, document_id="", action=IndexOutboxEntry.SYNONYMS)
            for name in document_type_names
        ]
    )


def _enqueue_processing() -> None:
    from portal.search.tasks import process_outbox, run_is_waiting  # late: tasks import this module

    try:
        # Coalesced: a run that has not started yet sends this change too (it claims what is due
        # when it starts, and this change is committed by now), so a bulk import queues one run,
        # not one per saved row (12,000 rows had queued ~72,000 tasks).
        if run_is_waiting():
            return
        process_outbox.enqueue()
    except Exception:
        # The entries are stored: the next change, the retry schedule or `search_index drain`
        # sends them. Only the prompt delivery is lost: log it, and the save stands.
        logger.exception("could not queue a search index update (the change waits in the outbox)")


def schedule_processing() -> None:
    """Queue ``process_outbox`` when the current transaction commits.

    At most one waiting run: when one is queued and not started, it will send this change too.
    """
    transaction.on_commit(_enqueue_processing)
