"""The index outbox: every index change is stored in the database before it is sent.

Why: a save must never wait for, fail because of, or be lost because of the search engine (for
either engine). So a change is first written as an :class:`IndexOutboxEntry` (with the save, in
its transaction when there is one), and the ``process_outbox`` task sends what is due; an entry
is deleted only once the engine has confirmed the write. An engine error (unreachable, task
failed or timed out) is logged and leaves the entry for a later attempt, with an exponentially
growing delay; the task schedules itself for the next due entry, so retries need no one.

API for other code:

- :func:`record_change` (model, pk, document types): an object changed (saved, published,
  unpublished). Sent as the object is *when sent*: indexed, or removed if no longer indexable.
- :func:`record_removal` (document type, document id): a document must go (object deleted).
- :func:`record_synonyms` (document type names): the indexes must get the glossary's synonyms
  again (an editor changed one); sent as the glossary is *when sent*.
- :func:`schedule_processing`: queue ``process_outbox`` once the transaction commits.
- :func:`process_due` / :func:`drain`: send what is due (the task and ``search_index drain``).
- :func:`backlog`: how many entries wait and since when (``status`` and ``/healthz``).

Two modules: ``recording`` writes the entries (with the save) and queues the task, ``sending``
claims what is due, sends it to the engine and reports the backlog. Everything is re-exported
here.
"""

from __future__ import annotations

from portal.search.outbox.recording import (
    record_change,
    record_changes,
    record_removal,
    record_synonyms,
    schedule_processing,
)
from portal.search.outbox.sending import (
    BACKOFF_BASE_S,
    BACKOFF_MAX_S,
    BATCH,
    ENGINE_ERRORS,
    LEASE_S,
    Backlog,
    OutboxReport,
    backlog,
    backoff,
    drain,
    next_attempt_at,
    process_due,
)

__all__ = [
    "BACKOFF_BASE_S",
    "BACKOFF_MAX_S",
    "BATCH",
    "ENGINE_ERRORS",
    "LEASE_S",
    "Backlog",
    "OutboxReport",
    "backlog",
    "backoff",
    "drain",
    "next_attempt_at",
    "process_due",
    "record_change",
    "record_changes",
    "record_removal",
    "record_synonyms",
    "schedule_processing",
]
