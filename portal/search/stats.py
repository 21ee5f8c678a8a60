"""Anonymous search counts for the search report: what was searched, found nothing, was followed.

Why counts and nothing else: the report answers "what do readers look for and miss", which needs
no knowledge of who they are. Each search or followed result adds one to the row of its
canonical query, language, collection and day (``SearchQueryLog``); nothing about the reader is
read or stored. Counting must never cost a reader their search: failures are logged, not raised.
"""

from __future__ import annotations

import atexit
import logging
import threading
import time
from datetime import date

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from portal.i18n import is_portal_language
from portal.search.models import SearchQueryLog
from portal.search.requests import collection_names
from portal.search.text import canonical_query

__all__ = ["ALL_COLLECTIONS", "flush_counts", "known_collections", "record_click", "record_search"]

logger = logging.getLogger(__name__)

ALL_COLLECTIONS = "all"
"""A search of the whole search page (every group)."""


def known_collections() -> tuple[str, ...]:
    """What a search may have covered: the whole search page, or one registered collection (a
    page scope or the API)."""
    return (ALL_COLLECTIONS, *collection_names())


# Counts waiting to be written: (query, language, collection, day) → amounts. Written together
# at most every SEARCH_COUNT_FLUSH_SECONDS (settings) and when the process exits: one transaction
# for all of them instead of a write (a savepoint, an UPDATE, on PostgreSQL a settings change) in
# every search's answer. A count lost in a crash does not matter; the searcher's time does.
_pending: dict[tuple[str, str, str, date], dict[str, int]] = {}
_pending_lock = threading.Lock()
_last_flush = time.monotonic()


def record_search(text: str, language: str, collection: str, *, found: bool) -> None:
    """Count one search for ``text`` (and one without results unless ``found``); empty text is not counted."""
    _count(text, language, collection, searches=1, zero_results=0 if found else 1)


def record_click(text: str, language: str, collection: str) -> None:
    """Count one result followed from the search for ``text``."""
    _count(text, language, collection, clicks=1)


def _count(text: str, language: str, collection: str, **amounts: int) -> None:
    query = canonical_query(text)
    if not query or not is_portal_language(language) or collection not in known_collections():
        return
    key = (query, language, collection, timezone.localdate())
    with _pending_lock:
        pending = _pending.setdefault(key, {})
        for name, amount in amounts.items():
            pending[name] = pending.get(name, 0) + amount
    if time.monotonic() - _last_flush >= settings.SEARCH_COUNT_FLUSH_SECONDS:
        flush_counts()


def flush_counts() -> None:
    """Write every count waiting in this process (the report reads the database)."""
    global _pending, _last_flush
    with _pending_lock:
        waiting, _pending = _pending, {}
        _last_flush = time.monotonic()
    if not waiting:
        return
    try:
        _add_counts(waiting)
    except Exception:
        logger.exception("could not count %d searches for the search report", len(waiting))


# Rows per statement: 7 parameters a row stays far below SQLite's 32,766 and PostgreSQL's 65,535.
UPSERT_BATCH = 500
_COUNTS = ("searches", "zero_results", "clicks")


def _add_counts(waiting: dict[tuple[str, str, str, date], dict[str, int]]) -> None:
    """Add ``waiting`` to the database: one INSERT … ON CONFLICT DO UPDATE per UPSERT_BATCH rows.

    Why one statement and not an UPDATE, then a get_or_create, per row: a worker gathers a few
    hundred distinct queries in SEARCH_COUNT_FLUSH_SECONDS, and the request that happened to
    flush them paid ~1,500 queries (580 ms of CPU, seconds of wall time on a busy machine):
    the search APIs' seconds-long p95 over HTTP (BENCHMARKS.md, session 11). Rows go in key
    order, so two workers adding the same queries lock their rows in the same order (no deadlock).
    The ORM's bulk_create(update_conflicts=True) can only replace a count with the new one, not
    add to it; PostgreSQL and SQLite (3.24+) both read this statement.
    """
    table = SearchQueryLog._meta.db_table
    quote = connection.ops.quote_name
    columns = ("query", "language", "collection", "day", *_COUNTS)
    additions = ", ".join(
        f"{quote(name)} = {quote(table)}.{quote(name)} + excluded.{quote(name)}" for name in _COUNTS
    )
    rows = [
        (
            query,
            language,
            collection,
            connection.ops.adapt_datefield_value(day),
            *(amounts.get(name, 0) for name in _COUNTS),
        )
        for (query, language, collection, day), amounts in sorted(waiting.items())
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # A count lost in a crash does not matter; waiting for the WAL flush does.
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
        for start in range(0, len(rows), UPSERT_BATCH):
            batch = rows[start : start + UPSERT_BATCH]
            values = ", ".join(["(" + ", ".join(["%s"] * len(columns)) + ")"] * len(batch))
            cursor.execute(
                f"INSERT INTO {quote(table)} ({', '.join(map(quote, columns))}) VALUES {values} "  # noqa: S608 - names from the model, values as parameters
                f"ON CONFLICT ({', '.join(map(quote, columns[:4]))}) DO UPDATE SET {additions}",
                [value for row in batch for value in row],
            )


# What a worker counted since its last write is written when it exits (gunicorn recycles
# workers; the task worker and commands count too).
atexit.register(flush_counts)
