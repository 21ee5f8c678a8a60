"""Editors' synonyms joined to the glossary file: the glossary the portal's engines use.

Why a module of its own: the glossary (portal.search.glossary) is plain data and needs no
database; editors' groups (:class:`portal.search.models.SearchSynonym`) are rows. The engine
``get_engine()`` builds takes :func:`current_glossary` as its glossary source, so:

- the embedded engine reads the published groups at query time, from the content cache
  (portal.content_cache: one entry, replaced when a synonym is saved or deleted, shared by every
  process), and keeps its query plans under the glossary's fingerprint, so the next search after
  a change uses it, in every process, without a restart;
- Meilisearch holds synonyms itself: saving or deleting a synonym records a ``synonyms`` entry
  per document type in the index outbox, and the task worker sends the whole ``synonyms``
  setting (retried like any index change when the server is away).

The glossary built from one set of published groups is kept (a few, by their content), so its
lookup is built once per change, not once per search.
"""

from __future__ import annotations

import functools
import logging
from typing import Any

from django.db import models
from django.db.models.signals import post_delete, post_save

from portal.content_cache import cached
from portal.search import outbox
from portal.search.documents import document_types
from portal.search.glossary import FILE_GLOSSARY, Glossary, TermGroup
from portal.search.models import SearchSynonym

__all__ = [
    "connect_signals",
    "current_glossary",
    "glossary_without",
    "published_groups",
    "record_synonyms_change",
]

logger = logging.getLogger(__name__)

Rows = tuple[tuple[int, tuple[tuple[str, tuple[str, ...]], ...]], ...]


def _read_published() -> Rows:
    rows = SearchSynonym.objects.filter(live=True).order_by("pk")
    return tuple((row.pk, tuple(row.terms().items())) for row in rows if row.terms())


def _published_rows() -> Rows:
    """(pk, ((language, terms), …)) of every published synonym: small, hashable, picklable."""
    return cached("search-synonyms", _read_published, per_language=False)


def _group(pk: int, terms: tuple[tuple[str, tuple[str, ...]], ...]) -> TermGroup:
    return TermGroup(f"editors-{pk}", dict(terms))


@functools.lru_cache(maxsize=8)
def _glossary(rows: Rows) -> Glossary:
    return FILE_GLOSSARY.with_additions([_group(pk, terms) for pk, terms in rows])


def published_groups() -> tuple[TermGroup, ...]:
    """The published editors' groups, as written (before they are joined to the file's)."""
    return tuple(_group(pk, terms) for pk, terms in _published_rows())


def current_glossary() -> Glossary:
    """The data file's groups with every published editors' group joined to them."""
    return _glossary(_published_rows())


def glossary_without(key: str | None) -> Glossary:
    """The current glossary without the editors' group ``key`` (for checking an edit of it)."""
    return _glossary(tuple(row for row in _published_rows() if f"editors-{row[0]}" != key))


def record_synonyms_change() -> None:
    """Have the worker send the synonyms setting to every index (engines that hold it).

    Recorded with the save, in its transaction, and the outbox run queued once it commits;
    as with any index change, a failure to record is logged and never breaks the save.
    """
    names = [document_type.name for document_type in document_types()]
    if outbox.record_synonyms(names):
        outbox.schedule_processing()


def _changed(sender: type[models.Model], instance: SearchSynonym, **kwargs: Any) -> None:
    # Publishing and unpublishing save the row; a draft of a live synonym only adds a revision
    # (the row keeps the published terms), so it changes nothing here, as it should not.
    if kwargs.get("raw"):
        return  # fixtures being loaded: the rebuild that follows configures every index
    # The embedded engine needs nothing more: the content cache's receiver replaces the content
    # version (SearchSynonym is a watched model), so the next search reads the rows again.
    record_synonyms_change()


def connect_signals() -> None:
    """Send synonyms to the engines whenever an editor's synonym is saved or deleted."""
    post_save.connect(_changed, sender=SearchSynonym, dispatch_uid="portal.search.synonyms.saved")
    post_delete.connect(_changed, sender=SearchSynonym, dispatch_uid="portal.search.synonyms.deleted")
