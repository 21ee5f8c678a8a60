"""Anonymous search counts for the search report: what was searched, found nothing, was followed.

Why counts and nothing else: the report answers "what do readers look for and miss", which needs
no knowledge of who they are. Each search or followed result adds one to the row of its
canonical query, language, collection and day (``SearchQueryLog``); nothing about the reader is
read or stored. Counting must never cost a reader their search: failures are logged, not raised.
"""

from __future__ import annotations

import logging

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from portal.i18n import is_portal_language
from portal.search.models import SearchQueryLog
from portal.search.text import canonical_query

__all__ = ["COLLECTIONS", "record_click", "record_search"]

logger = logging.getLogger(__name__)

COLLECTIONS = ("all", "knowledge", "experts")
"""What a search covered: the whole search page, or one collection (a page scope or the API)."""


def record_search(text: str, language: str, collection: str, *, found: bool) -> None:
    """Count one search for ``text`` (and one without results unless ``found``); empty text is not counted."""
    _increment(text, language, collection, searches=1, zero_results=0 if found else 1)


def record_click(text: str, language: str, collection: str) -> None:
    """Count one result followed from the search for ``text``."""
    _increment(text, language, collection, clicks=1)


def _increment(text: str, language: str, collection: str, **amounts: int) -> None:
    query = canonical_query(text)
    if not query or not is_portal_language(language) or collection not in COLLECTIONS:
        return
    key = {"query": query, "language": language, "collection": collection, "day": timezone.localdate()}
    changes = {name: F(name) + amount for name, amount in amounts.items() if amount}
    try:
        # A savepoint: a failed count must not break the transaction the request may be in.
        with transaction.atomic():
            if connection.vendor == "postgresql":
                # A count lost in a crash does not matter; waiting for the WAL flush on every
                # search does (it was a third of an API request's time under load).
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL synchronous_commit TO OFF")
            if SearchQueryLog.objects.filter(**key).update(**changes):
                return
            _row, created = SearchQueryLog.objects.get_or_create(**key, defaults=amounts)
            if not created:  # another request created the row since the update looked
                SearchQueryLog.objects.filter(**key).update(**changes)
    except Exception:
        logger.exception("could not count a search for the search report (%s, %s)", language, collection)
