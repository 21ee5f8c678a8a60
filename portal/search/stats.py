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
from django.db.models import F
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
        with transaction.atomic():
            if connection.vendor == "postgresql":
                # A count lost in a crash does not matter; waiting for the WAL flush does.
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL synchronous_commit TO OFF")
            for (query, language, collection, day), amounts in waiting.items():
                _increment(
                    {"query": query, "language": language, "collection": collection, "day": day}, amounts
                )
    except Exception:
        logger.exception("could not count %d searches for the search report", len(waiting))


def _increment(key: dict[str, object], amounts: dict[str, int]) -> None:
    changes = {name: F(name) + amount for name, amount in amounts.items() if amount}
    if SearchQueryLog.objects.filter(**key).update(**changes):
        return
    _row, created = SearchQueryLog.objects.get_or_create(**key, defaults=amounts)
    if not created:  # another process created the row since the update looked
        SearchQueryLog.objects.filter(**key).update(**changes)


# What a worker counted since its last write is written when it exits (gunicorn recycles
# workers; the task worker and commands count too).
atexit.register(flush_counts)
