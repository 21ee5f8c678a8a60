"""Facet counts: value counts per keyword field over a search's matches, cached per index version.

Counting walks every match, so counts are kept (FACET_CACHE_SIZE) for paging, re-sorting and the
landing page; a filtered facet is counted with its own filter left out. All facets are counted in
one walk of the matches: the words' query (every word in a dozen fields, with typos, prefixes and
stems) is most of a walk's cost, so it is run once and each filtered facet's counts are read under
its own set of the other filters (tantivy's filter aggregation) instead of once per such facet.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
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
        facets = self._facets(searcher, text, filters, query.facets, filter_values=query.filters)
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
        *,
        filter_values: Mapping[str, Sequence[str]] | None = None,
    ) -> dict[str, dict[str, int]]:
        """Value counts per facet over the results; a filtered facet ignores its own filter, so
        the reader sees how many results each other value would add.

        ``filter_values``: the values ``filters`` were built of; with them, facets that leave out
        different filters are counted in one walk of ``text``'s matches instead of one walk each.
        """
        if not names:
            return {}
        groups: dict[str | None, list[str]] = {}
        for name in names:
            groups.setdefault(name if name in filters else None, []).append(name)
        if len(groups) > 1 and filter_values is not None and _expressible(filter_values):
            answer = _one_walk(searcher, text, groups, filter_values)
            return {name: _counts(answer, name) for name in names}
        facets: dict[str, dict[str, int]] = {}
        for own, members in groups.items():
            query = _combine_queries(text, [clause for key, clause in filters.items() if key != own])
            answer = searcher.aggregate(query, {name: _terms(name) for name in members})
            for name in members:
                facets[name] = _counts(answer, name)
        return {name: facets[name] for name in names}


def _terms(name: str) -> dict[str, Any]:
    return {"terms": {"field": name, "size": FACET_SIZE}}


def _counts(answer: dict[str, Any], name: str) -> dict[str, int]:
    buckets = answer.get(name, {}).get("buckets", [])
    return {str(bucket["key"]): int(bucket["doc_count"]) for bucket in buckets}


def _expressible(filter_values: Mapping[str, Sequence[str]]) -> bool:
    """Whether every filter can be written as a query string clause: a filter without values
    matches nothing (no query string says that) and an empty phrase does not parse."""
    return all(values and all(values) for values in filter_values.values())


def _filter_clause(filter_values: Mapping[str, Sequence[str]]) -> str:
    """``filter_values`` as a query string for a filter aggregation: every filter required, any
    of its values; each value an exact phrase (keyword fields are "raw": one token, as indexed)."""

    def phrase(value: str) -> str:
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'

    return " ".join(
        "+(" + " ".join(f"{name}:{phrase(value)}" for value in values) + ")"
        for name, values in filter_values.items()
    )


def _one_walk(
    searcher: tantivy.Searcher,
    text: tantivy.Query | None,
    groups: dict[str | None, list[str]],
    filter_values: Mapping[str, Sequence[str]],
) -> dict[str, Any]:
    """The counts of every group in one aggregation over ``text``'s matches: each group's facets
    under a filter aggregation of the filters it does not leave out. The answer is flattened to
    one entry per facet, as a plain terms aggregation gives it."""
    aggregations: dict[str, Any] = {}
    wrapped: dict[str, list[str]] = {}
    for number, (own, members) in enumerate(groups.items()):
        others = {name: values for name, values in filter_values.items() if name != own}
        terms = {name: _terms(name) for name in members}
        if others:
            wrapped[f"group {number}"] = members
            aggregations[f"group {number}"] = {"filter": _filter_clause(others), "aggs": terms}
        else:
            aggregations.update(terms)
    answer = searcher.aggregate(_combine_queries(text, []), aggregations)
    flat = {name: value for name, value in answer.items() if name not in wrapped}
    for group, members in wrapped.items():
        flat.update({name: answer.get(group, {}).get(name, {}) for name in members})
    return flat
