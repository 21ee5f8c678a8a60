"""Sending what is due: claiming entries under a lease, writing them to the engine (with known
vectors, queueing embeddings for the rest), backing off after an error, and the backlog report.
"""

from __future__ import annotations

import functools
import logging
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import connections, models
from django.utils import timezone

from portal.raw_sql import field_value
from portal.search import hybrid
from portal.search.documents import DocumentType, get_document_type
from portal.search.engines.base import SearchEngine, SearchEngineError, get_engine
from portal.search.models import IndexOutboxEntry

logger = logging.getLogger(__name__)

BACKOFF_BASE_S = 5
BACKOFF_MAX_S = 600
"""Retry delays: 5 s, 10 s, 20 s … at most 10 minutes, so a recovered engine catches up soon."""
LEASE_S = 300
"""An entry being sent is not picked up by another worker for this long (then it is, in case the
worker that claimed it died)."""
BATCH = 200
ENGINE_ERRORS = (SearchEngineError, ConnectionError, TimeoutError, OSError)


def backoff(attempts: int) -> timedelta:
    """The delay before attempt ``attempts + 1`` after ``attempts`` failures."""
    return timedelta(seconds=min(BACKOFF_MAX_S, BACKOFF_BASE_S * 2 ** max(0, attempts - 1)))


@dataclass
class OutboxReport:
    """What one pass sent: outcome per (document type, document id), and what failed."""

    outcomes: dict[tuple[str, str], str] = field(default_factory=dict)
    sent: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)

    def merge(self, other: OutboxReport) -> None:
        self.outcomes.update(other.outcomes)
        self.sent += other.sent
        self.failed += other.failed
        self.errors.extend(other.errors)


def _claim(
    now: datetime, *, limit: int, entry_ids: Sequence[int] | None
) -> tuple[str, list[IndexOutboxEntry]]:
    due = IndexOutboxEntry.objects.filter(next_attempt_at__lte=now)
    if entry_ids is not None:
        due = due.filter(pk__in=list(entry_ids))
    ids = list(due.order_by("pk").values_list("pk", flat=True)[:limit])
    token = uuid.uuid4().hex
    if ids:
        IndexOutboxEntry.objects.filter(pk__in=ids, next_attempt_at__lte=now).update(
            claimed_by=token, next_attempt_at=now + timedelta(seconds=LEASE_S)
        )
    return token, list(IndexOutboxEntry.objects.filter(claimed_by=token).order_by("pk"))


def _fail(entries: list[IndexOutboxEntry], error: str, now: datetime) -> None:
    for entry in entries:
        entry.attempts += 1
        entry.next_attempt_at = now + backoff(entry.attempts)
        entry.last_error = error[:2000]
        entry.claimed_by = ""
    IndexOutboxEntry.objects.bulk_update(entries, ["attempts", "next_attempt_at", "last_error", "claimed_by"])


def _send(engine: SearchEngine, name: str, entries: list[IndexOutboxEntry], now: datetime) -> OutboxReport:
    """Send one document type's entries in two engine calls; confirm or reschedule them."""
    report = OutboxReport()
    try:
        document_type = get_document_type(name)
    except KeyError as error:
        logger.error("search outbox: %s", error.args[0])
        _fail(entries, error.args[0], now)
        report.failed += len(entries)
        return report
    synonyms = [entry for entry in entries if entry.action == IndexOutboxEntry.SYNONYMS]
    if synonyms:
        report.merge(_send_synonyms(engine, document_type, synonyms, now))
        entries = [entry for entry in entries if entry.action != IndexOutboxEntry.SYNONYMS]
        if not entries:
            return report
    upserts: dict[str, dict[str, Any]] = {}
    removals: set[str] = set()
    broken: list[IndexOutboxEntry] = []
    seen: dict[tuple[str, str, str], str] = {}
    for entry in entries:
        key = (entry.model_label, entry.object_pk, entry.document_id)
        if key in seen:
            continue
        if not entry.model_label:
            removals.add(entry.document_id)
            seen[key] = "removed"
            continue
        try:
            model = apps.get_model(entry.model_label)
            obj = document_type.get_object(model, entry.object_pk)
            if obj is None:
                removals.add(entry.document_id)
                seen[key] = "removed"
            else:
                document = document_type.to_document(obj)
                upserts[str(document["id"])] = document
                seen[key] = "indexed"
        except Exception:
            # A bug in a declaration must not stop the other changes; this one stays, visible.
            logger.exception("search outbox: cannot build %s/%s", name, entry.document_id)
            broken.append(entry)
    removals -= set(upserts)
    good = [entry for entry in entries if entry not in broken]
    # Vectors already stored for this text go with the document; new text is embedded by a task
    # afterwards (hybrid.attach_vectors), so the document is found by its words at once.
    pending = _attach_known_vectors(document_type, list(upserts.values()))
    try:
        if upserts:
            engine.index_documents(document_type, list(upserts.values()))
        if removals:
            engine.delete_documents(document_type, sorted(removals))
    except Exception as error:
        # Whatever the engine raised, the entries are released for a retry with its text: an
        # error escaping here would fail the task and leave them claimed, unseen, for the lease.
        # Expected failures (unreachable, a disk that refuses writes) are warnings; anything
        # else is a bug in an engine, logged as an error, and still retried.
        expected = isinstance(error, ENGINE_ERRORS)
        logger.log(
            logging.WARNING if expected else logging.ERROR,
            "search outbox: %s: %d changes wait for a retry: %s",
            name,
            len(good),
            error,
            exc_info=True,
        )
        _fail(good, f"{type(error).__name__}: {error}", now)
        report.failed += len(good)
        report.errors.append(str(error))
        report.outcomes.update({(name, entry.document_id): "pending" for entry in good})
    else:
        IndexOutboxEntry.objects.filter(pk__in=[entry.pk for entry in good]).delete()
        if pending:
            _enqueue_embedding(
                name,
                [
                    (entry.model_label, entry.object_pk)
                    for entry in good
                    if entry.model_label and entry.document_id in pending
                ],
            )
        report.sent += len(good)
        for entry in good:
            report.outcomes[(name, entry.document_id)] = seen.get(
                (entry.model_label, entry.object_pk, entry.document_id), "removed"
            )
    if broken:
        _fail(broken, "could not build the document (see the log)", now)
        report.failed += len(broken)
        report.outcomes.update({(name, entry.document_id): "pending" for entry in broken})
    return report


def _send_synonyms(
    engine: SearchEngine, document_type: DocumentType, entries: list[IndexOutboxEntry], now: datetime
) -> OutboxReport:
    """One synonyms update however many changes asked for it; confirm or reschedule them all."""
    report = OutboxReport()
    try:
        engine.update_synonyms(document_type)
    except ENGINE_ERRORS as error:
        logger.warning(
            "search outbox: %s: synonyms wait for a retry: %s", document_type.name, error, exc_info=True
        )
        _fail(entries, f"{type(error).__name__}: {error}", now)
        report.failed += len(entries)
        report.errors.append(str(error))
        report.outcomes[(document_type.name, "")] = "pending"
    else:
        IndexOutboxEntry.objects.filter(pk__in=[entry.pk for entry in entries]).delete()
        report.sent += len(entries)
        report.outcomes[(document_type.name, "")] = "synonyms"
    return report


def _attach_known_vectors(document_type: DocumentType, documents: list[dict[str, Any]]) -> set[str]:
    """Put stored vectors on ``documents``; the ids still waiting for one. Never raises: a
    problem with vectors must not hold up the words."""
    if not documents:
        return set()
    try:
        return set(hybrid.attach_vectors(document_type, documents, compute=False).pending)
    except Exception:
        logger.exception("search outbox: cannot look up stored vectors for %s", document_type.name)
        return set()


def _enqueue_embedding(name: str, objects: list[tuple[str, str]]) -> None:
    from portal.search.tasks import embed_objects  # imported late: tasks import this module

    if not objects:
        return
    try:
        embed_objects.enqueue(name, [list(item) for item in objects])
    except Exception:
        # The documents are searchable by their words; `search_index rebuild` computes what is missing.
        logger.exception("could not queue the embedding of %d %s documents", len(objects), name)


def process_due(
    *, engine: SearchEngine | None = None, limit: int = BATCH, entry_ids: Sequence[int] | None = None
) -> OutboxReport:
    """Send up to ``limit`` due entries (only ``entry_ids`` if given); never raises engine errors."""
    now = timezone.now()
    _, entries = _claim(now, limit=limit, entry_ids=entry_ids)
    report = OutboxReport()
    if not entries:
        return report
    try:
        engine = engine or get_engine()
    except Exception as error:
        logger.exception("search outbox: no search engine")
        _fail(entries, f"{type(error).__name__}: {error}", now)
        report.failed += len(entries)
        report.errors.append(str(error))
        return report
    groups: dict[str, list[IndexOutboxEntry]] = {}
    for entry in entries:
        groups.setdefault(entry.document_type, []).append(entry)
    for name, members in groups.items():
        report.merge(_send(engine, name, members, now))
    return report


def drain(*, engine: SearchEngine | None = None, budget_s: float = 60.0) -> OutboxReport:
    """Send due entries batch after batch until none is due or ``budget_s`` has passed."""
    started = time.monotonic()
    report = OutboxReport()
    while True:
        batch = process_due(engine=engine)
        report.merge(batch)
        if batch.sent + batch.failed == 0 or batch.sent == 0 or time.monotonic() - started > budget_s:
            return report


def next_attempt_at() -> datetime | None:
    """When the earliest waiting entry is due (None when the outbox is empty)."""
    return IndexOutboxEntry.objects.aggregate(first=models.Min("next_attempt_at"))["first"]


@dataclass(frozen=True)
class Backlog:
    """Entries waiting, the oldest one's creation and age, and the newest error."""

    count: int
    oldest: datetime | None
    failing: int
    last_error: str

    @property
    def oldest_age_s(self) -> float:
        return 0.0 if self.oldest is None else max(0.0, (timezone.now() - self.oldest).total_seconds())

    @property
    def stale(self) -> bool:
        """Whether updates have been waiting too long (the engine is down or rejecting them);
        /healthz then fails. The limit is HEALTH_INDEX_BACKLOG_MAX_AGE_S (15 minutes)."""
        return self.oldest_age_s > settings.HEALTH_INDEX_BACKLOG_MAX_AGE_S


@functools.lru_cache(maxsize=4)
def _backlog_statement(vendor: str) -> str:
    """The SQL of the outbox's figures (entries, the oldest one's creation, failing entries),
    written once per database vendor from the model's names. Built by the ORM as an aggregate it
    cost 1.8 ms of CPU on every /healthz probe, for a statement that never changes."""
    connection = connections[IndexOutboxEntry.objects.db]
    quote, meta = connection.ops.quote_name, IndexOutboxEntry._meta
    created, attempts = (quote(meta.get_field(name).column) for name in ("created", "attempts"))
    return (
        f"SELECT COUNT(*), MIN({created}), COUNT(CASE WHEN {attempts} > 0 THEN 1 END) "  # noqa: S608 - names from the model's meta
        f"FROM {quote(meta.db_table)}"
    )


def backlog() -> Backlog:
    """The outbox's state for ``search_index status`` and ``/healthz``."""
    # One statement for the figures, and the newest error only when something is failing:
    # /healthz reads this on every probe, and three statements were a third of its queries.
    connection = connections[IndexOutboxEntry.objects.db]
    with connection.cursor() as cursor:
        cursor.execute(_backlog_statement(connection.vendor))
        count, oldest, failing = cursor.fetchone()
    if oldest is not None:
        oldest = field_value(oldest, field=IndexOutboxEntry._meta.get_field("created"), connection=connection)
    latest = ""
    if failing:
        latest = (
            IndexOutboxEntry.objects.filter(attempts__gt=0)
            .order_by("-pk")
            .values_list("last_error", flat=True)
            .first()
            or ""
        )
    return Backlog(count, oldest, failing, latest)
