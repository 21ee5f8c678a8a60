"""The interface every search engine implements, and the factory that picks one.

Why an interface: production runs Meilisearch, while a fresh machine with nothing but Python runs
the embedded tantivy engine; views, tasks and commands must not care which. Both are configured
from the same DocumentType declarations and answer the same SearchQuery with the same
SearchResult.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver

from portal.search.documents import DocumentType
from portal.search.glossary import FILE_GLOSSARY, Glossary
from portal.search.query import MAX_FILTER_VALUES, Hit, InvalidSearchQuery, SearchQuery, SearchResult

__all__ = [
    "SearchEngine",
    "SearchEngineError",
    "checked_ids",
    "content_hash",
    "epoch_seconds",
    "get_engine",
    "reset_engine",
]


class SearchEngineError(Exception):
    """The engine could not do what was asked (unreachable, locked for too long, corrupt)."""


def canonical_json(document: dict[str, Any]) -> bytes:
    """``document`` as compact JSON with sorted keys (UTF-8): the same bytes for the same values."""
    return json.dumps(
        document, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str
    ).encode("utf-8")


def hash_of_canonical(canonical: bytes) -> str:
    """The fingerprint of a document already in ``canonical_json`` form."""
    return hashlib.sha1(canonical, usedforsecurity=False).hexdigest()


def checked_ids(ids: Iterable[str]) -> list[str]:
    """``ids`` as distinct strings in their order; InvalidSearchQuery past MAX_FILTER_VALUES.

    Shared by both engines (fetching picks by id); here so Meilisearch never imports tantivy.
    """
    wanted = list(dict.fromkeys(str(doc_id) for doc_id in ids if str(doc_id)))
    if len(wanted) > MAX_FILTER_VALUES:
        raise InvalidSearchQuery(f"at most {MAX_FILTER_VALUES} documents can be fetched by id at once")
    return wanted


def epoch_seconds(value: Any) -> int:
    """Seconds since 1970 for an ISO date/datetime (str or object); naive means UTC.

    How both engines store sortable dates, so a sort means the same on either.
    """
    if isinstance(value, str):
        value = datetime.fromisoformat(value) if "T" in value or " " in value else date.fromisoformat(value)
    if isinstance(value, datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=UTC)
    elif isinstance(value, date):
        moment = datetime(value.year, value.month, value.day, tzinfo=UTC)
    else:
        return int(value)
    return int(moment.timestamp())


def content_hash(document: dict[str, Any]) -> str:
    """A stable fingerprint of a document (sha1 of canonical JSON), to spot stale index entries.

    Key order and non-ASCII spelling do not change it; any value change does.
    """
    return hash_of_canonical(canonical_json(document))


class SearchEngine(ABC):
    """A search engine holding one index per DocumentType (named after ``document_type.name``).

    Writes are upserts by document ``id``. Every method may raise SearchEngineError; ``health``
    never raises.
    """

    name: str = ""
    glossary_source: Callable[[], Glossary] = staticmethod(lambda: FILE_GLOSSARY)
    """Where the engine takes its glossary from, asked at each use: for the portal's engine
    (``get_engine``) the data file plus the editors' published synonyms, which change while it
    runs; an engine made directly uses the data file alone unless given one."""

    def update_synonyms(self, document_type: DocumentType) -> None:
        """Send the glossary's synonyms again, to an engine that keeps them itself.

        The default does nothing: an engine that asks ``glossary_source`` at query time (the
        embedded one) already uses the new ones.
        """
        return None

    @abstractmethod
    def configure(self, document_type: DocumentType) -> None:
        """Create the index if missing and bring its settings (fields, ranking) up to date.

        If the declared fields changed in a way the existing index cannot follow, the engine
        starts an empty index with the new layout and logs that a rebuild is needed.
        """

    @abstractmethod
    def index_documents(self, document_type: DocumentType, documents: Iterable[dict[str, Any]]) -> int:
        """Add or replace ``documents`` (matched by ``id``); returns how many were written."""

    @abstractmethod
    def delete_documents(self, document_type: DocumentType, ids: Iterable[str]) -> None:
        """Remove the documents with these ids; unknown ids are ignored."""

    @abstractmethod
    def index_vectors(self, document_type: DocumentType, vectors: dict[str, dict[str, list[float]]]) -> None:
        """Give indexed documents their vectors (``{id: {language: vector}}``), computed after
        their words were indexed; ids not in the index are ignored."""

    @abstractmethod
    def search(self, document_type: DocumentType, query: SearchQuery) -> SearchResult:
        """Answer ``query`` (validated against the declaration: InvalidSearchQuery if it names
        unknown fields)."""

    def _answer(
        self,
        *,
        hits: list[Hit],
        total: int,
        facets: dict[str, dict[str, int]],
        started: float,
        matched_all_words: bool,
    ) -> SearchResult:
        """The answer of a search that began at ``started`` (``time.perf_counter()``), signed
        with this engine's name and the milliseconds it took, so the search report and the
        benchmarks read every engine's time the same way."""
        return SearchResult(
            hits=hits,
            total=total,
            facets=facets,
            took_ms=round((time.perf_counter() - started) * 1000, 3),
            engine=self.name,
            matched_all_words=matched_all_words,
        )

    @abstractmethod
    def get_documents(
        self, document_type: DocumentType, ids: Iterable[str], filters: dict[str, list[str]] | None = None
    ) -> list[Hit]:
        """The documents with these ids that match every filter, as hits in the order of ``ids``.

        For editors' picks: the pinned documents come from the index like any result (so they
        look the same and only what is indexed, i.e. live and public, can be pinned), and the
        reader's filters still apply to them. Unknown ids are left out; hits carry no score and
        no highlights. InvalidSearchQuery if a filter names a field the index lacks.
        """

    @abstractmethod
    def rebuild(self, document_type: DocumentType, documents: Iterable[dict[str, Any]]) -> int:
        """Replace the whole index with ``documents``; returns how many were written.

        The new index is built beside the live one and swapped in at the end, so searches keep
        answering (from the old index) while it runs, and updates made meanwhile are not lost.
        """

    @abstractmethod
    def indexed_hashes(self, document_type: DocumentType) -> dict[str, str]:
        """``{id: content_hash(document)}`` for every document in the index (for verify)."""

    @abstractmethod
    def count(self, document_type: DocumentType) -> int:
        """How many documents the index holds (0 if it does not exist yet)."""

    @abstractmethod
    def health(self) -> tuple[bool, dict[str, Any]]:
        """Whether the engine can serve and store; a JSON-ready detail dict naming the engine."""


_engine: SearchEngine | None = None
_engine_lock = threading.Lock()


def get_engine() -> SearchEngine:
    """The process's engine: Meilisearch when settings.MEILISEARCH_URL is set, embedded otherwise.

    Created once per process (it caches open indexes and connections) and recreated when the
    search settings change (tests). ImproperlyConfigured if the chosen engine cannot load.
    """
    global _engine  # one engine per process, by design
    engine = _engine
    if engine is not None:
        return engine
    with _engine_lock:
        if _engine is None:
            _engine = _create_engine()
        return _engine


def _create_engine() -> SearchEngine:
    # Imported late: it reads the editors' synonyms (models), which this module must not need.
    from portal.search.synonyms import current_glossary

    if settings.MEILISEARCH_URL:
        try:
            from portal.search.engines import meilisearch  # imported late: optional engine
        except ImportError as error:
            raise ImproperlyConfigured(
                f"MEILISEARCH_URL is set but the Meilisearch engine cannot be loaded: {error}"
            ) from error
        return meilisearch.MeilisearchEngine(glossary_source=current_glossary)
    from portal.search.engines.embedded import EmbeddedEngine  # imported late: needs tantivy

    return EmbeddedEngine(glossary_source=current_glossary)


def reset_engine() -> None:
    """Forget the process's engine so the next get_engine() builds one from current settings."""
    global _engine
    with _engine_lock:
        _engine = None


@receiver(setting_changed)
def _reset_on_setting_change(*, setting: str, **kwargs: Any) -> None:
    if setting in {
        "MEILISEARCH_URL",
        "MEILISEARCH_API_KEY",
        "MEILISEARCH_SEARCH_KEY",
        "MEILISEARCH_INDEX_PREFIX",
        "SEARCH_INDEX_DIR",
        "SEARCH_EMBEDDINGS",
    }:
        reset_engine()
