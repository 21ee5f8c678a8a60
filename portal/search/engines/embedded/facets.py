"""Facet counts: value counts per keyword field over a search's matches, cached per index version.

Counting walks every match, so counts are kept (FACET_CACHE_SIZE) for paging, re-sorting and the
landing page; a filtered facet is counted with its own filter left out.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import tantivy

from portal.search.engines.embedded.planning import _combine_queries
from portal.search.query import SearchQuery

FACET_SIZE = 1_000
FACET_CACHE_SIZE = 256


class FacetCounting:
    """Facet counting and its cache (a part of EmbeddedEngine)."""

    @staticmethod
    def _facet_key(key: tuple[Any, ...], query: SearchQuery) -> tuple[Any, ...]:
        """What the facet counts of ``query`` depend on: index version, words, filters, facets."""
        filters = tuple(sorted((name, tuple(sorted(values))) for name, values in query.filters.items()))
        return (*key, filters, tuple(query.facets))

    def _known_facets(self, key: tuple[Any, ...]) -> dict[str, dict[str, int]] | None:
        """The cached counts under ``key`` (a copy), ``{}`` without facets, None if not counted yet."""
        if not key[-1]:
            return {}
        with self._lock:
            cached = self._facet_cache.get(key)
            if cached is None:
                return None
            self._facet_cache.move_to_end(key)
        return {name: dict(counts) for name, counts in cached.items()}

    def _facets_beside(
        self,
        key: tuple[Any, ...],
        searcher: tantivy.Searcher,
        text: tantivy.Query | None,
        query: SearchQuery,
        filters: dict[str, tantivy.Query],
    ) -> Callable[[], dict[str, dict[str, int]]]:
        """The facet counts of ``text`` under ``filters``, to be read by calling the result once
        the page's hits are found: counts already known at once (handing a lookup to a thread
        costs more than it), others counted on the engine's pool beside the caller's own search
        (each walks every match; tantivy releases the GIL, so on another core when there is one).

        ``key``: what the counts depend on besides the filters (index version, words, pass).
        """
        facet_key = self._facet_key(key, query)
        known = self._known_facets(facet_key)
        if known is not None:
            return lambda: known
        return self._pool().submit(self._count_facets, facet_key, searcher, text, query, filters).result

    def _count_facets(
        self,
        key: tuple[Any, ...],
        searcher: tantivy.Searcher,
        text: tantivy.Query | None,
        query: SearchQuery,
        filters: dict[str, tantivy.Query],
    ) -> dict[str, dict[str, int]]:
        facets = self._facets(searcher, text, filters, query.facets)
        if self._facet_cache_size:
            with self._lock:
                self._facet_cache[key] = facets
                while len(self._facet_cache) > self._facet_cache_size:
                    self._facet_cache.popitem(last=False)
        return {name: dict(counts) for name, counts in facets.items()}

    @staticmethod
    def _facets(
        searcher: tantivy.Searcher,
        text: tantivy.Query | None,
        filters: dict[str, tantivy.Query],
        names: list[str],
    ) -> dict[str, dict[str, int]]:
        """Value counts per facet over the results; a filtered facet ignores its own filter, so
        the reader sees how many results each other value would add."""
        if not names:
            return {}
        facets: dict[str, dict[str, int]] = {}
        groups: dict[str | None, list[str]] = {}
        for name in names:
            groups.setdefault(name if name in filters else None, []).append(name)
        for own, members in groups.items():
            query = _combine_queries(text, [clause for key, clause in filters.items() if key != own])
            aggregations = {name: {"terms": {"field": name, "size": FACET_SIZE}} for name in members}
            answer = searcher.aggregate(query, aggregations)
            for name in members:
                buckets = answer.get(name, {}).get("buckets", [])
                facets[name] = {str(bucket["key"]): int(bucket["doc_count"]) for bucket in buckets}
        return {name: facets[name] for name in names}
