"""The Meilisearch engine: production search through the official ``meilisearch`` client.

A package by concern: ``configuration`` (index settings), ``documents`` (documents as written),
``queries`` (request building, filters), ``responses`` (hits as the portal's), ``searching``,
``errors`` and ``engine`` (the class). It imports nothing of the embedded engine, so a
Meilisearch deployment runs without tantivy. This module re-exports what callers import.

Configured from the same DocumentType declarations as the embedded engine, and answering the
same SearchQuery with the same SearchResult, so views and the API never know which one runs.

- One index per document type, ``{MEILISEARCH_INDEX_PREFIX}_{name}``, primary key ``id``.
- Keys: writes (settings, documents, swaps, key creation) use ``MEILISEARCH_API_KEY`` and happen
  only in the task worker and management commands; searches use a search-only key
  (``MEILISEARCH_SEARCH_KEY``, else the one ``search_index create-search-key`` stored in the
  database), so a leaked web process or answer can never write to or read keys from the server.
- Every write is a Meilisearch task; it is awaited (``wait_for_task`` with a timeout) and a
  failed or unfinished task raises SearchEngineError carrying the task's error, so the outbox
  keeps the change and retries it.
- Documents are what ``to_document`` gives, plus ``content_hash`` (for ``verify``), ``_geo``
  when the document has ``latitude``/``longitude``, and ``_sort_{field}`` keys holding sortable
  values in a form that sorts like the embedded engine (folded strings, dates as epoch seconds).
  Those extra keys are removed again from the documents hits carry.
- Filters are built only from declared field names and quoted, escaped values; nothing a
  client sends is ever parsed as filter syntax.
"""

from portal.search.engines.meilisearch.configuration import (
    LOCALES,
    MAX_TOTAL_HITS,
    MAX_VALUES_PER_FACET,
    MIN_WORD_SIZE_FOR_TYPOS,
    RANKING_RULES,
    SEARCH_CUTOFF_MS,
    index_settings,
)
from portal.search.engines.meilisearch.documents import EMBEDDER, GEO, HASH, SORT_PREFIX, prepare_document
from portal.search.engines.meilisearch.engine import (
    BATCH_SIZE,
    HTTP_TIMEOUT_S,
    SEARCH_BREAKER_S,
    SEARCH_HTTP_TIMEOUT_S,
    STALE_REBUILD_S,
    STORED_KEY_TTL_S,
    SWEEP_DELAY_S,
    TASK_POLL_MS,
    TASK_TIMEOUT_MS,
    MeilisearchEngine,
)
from portal.search.engines.meilisearch.queries import (
    RELAXED_MATCHING,
    RELAXED_SEMANTIC_RATIO,
    SEMANTIC_RATIO,
    STRICT_MATCHING,
    filter_clause,
    filter_expression,
    query_text,
    quote_filter_value,
    relaxed_minimum,
)

__all__ = [
    "BATCH_SIZE",
    "EMBEDDER",
    "GEO",
    "HASH",
    "HTTP_TIMEOUT_S",
    "LOCALES",
    "MAX_TOTAL_HITS",
    "MAX_VALUES_PER_FACET",
    "MIN_WORD_SIZE_FOR_TYPOS",
    "RANKING_RULES",
    "RELAXED_MATCHING",
    "RELAXED_SEMANTIC_RATIO",
    "SEARCH_BREAKER_S",
    "SEARCH_CUTOFF_MS",
    "SEARCH_HTTP_TIMEOUT_S",
    "SEMANTIC_RATIO",
    "SORT_PREFIX",
    "STALE_REBUILD_S",
    "STORED_KEY_TTL_S",
    "STRICT_MATCHING",
    "SWEEP_DELAY_S",
    "TASK_POLL_MS",
    "TASK_TIMEOUT_MS",
    "MeilisearchEngine",
    "filter_clause",
    "filter_expression",
    "index_settings",
    "prepare_document",
    "query_text",
    "quote_filter_value",
    "relaxed_minimum",
]
