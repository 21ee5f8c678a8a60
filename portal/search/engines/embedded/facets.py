"""Facet counts: value counts per keyword field over a search's matches, cached per index version.

Counting walks every match, so counts are kept (FACET_CACHE_SIZE) for paging, re-sorting and the
landing page; a filtered facet is counted with its own filter left out. All facets are counted in
one walk of the matches: the words' query (every word in a dozen fields, with typos, prefixes and
stems) is most of a walk's cost, so it is run once and each filtered facet's counts are read under
its own set of the other filters (tantivy's filter aggregation) instead of once per such facet.
A search without filters matching most documents is counted over those it does not match
(BROAD_SHARE).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import tantivy

from portal.search.engines.embedded.planning import _combine_queries
from portal.search.query import SearchQuery

FACET_SIZE = 1_000
FACET_CACHE_SIZE = 1_024
"""Facet counts kept per engine (one entry per index version, words, pass, filters and facets).
Why this many: the directory API's mix (benchmarks, ``api-experts.txt``) asks 526 distinct
entries in 600 addresses, so a worker looping over it with 256 entries found none of them still
kept (least recently used goes first) and recounted every one. An entry holds the experts' 9
facets: 5.8 KB at 10,044 and at 100,044 experts alike (the facet values are a bounded taxonomy;
their strings interned, so shared by every entry), ~7 MB for 1,024 entries with their keys."""
BROAD_SHARE = 0.6
"""A search matching at least this share of the documents (``_Plan.share``) has its facets
counted over the documents it does not match, taken from the counts of every document: tantivy's
terms aggregation costs per document counted (a multi-valued keyword ~35-45 ns a document), so
for common words ("clean air": 82 % of the experts) counting the few left out is cheaper. At
10,044 experts 0.63 was still a gain (2.8 -> 2.4 ms), 0.43 a loss (2.7 -> 3.6 ms): walking
every document the words do not match costs more than counting fewer saves. Searches without
filters only: every document's counts are then one entry per index version, kept; under filters
they would be one per filter set, mostly counted afresh (an aggregation over every document for
each filtered facet), which at 100,044 experts cost more than it saved."""
EVERYTHING_CACHE_SIZE = 4
"""Facet counts of every document kept (see BROAD_SHARE): one per index version and facet list,
kept apart from FACET_CACHE_SIZE's churn of words."""


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
        *,
        share: Callable[[], float] | None = None,
    ) -> Callable[[], dict[str, dict[str, int]]]:
        """The facet counts of ``text`` under ``filters``, to be read by calling the result once
        the page's hits are found: counts already known at once (handing a lookup to a thread
        costs more than it), others counted on the engine's pool beside the caller's own search
        (each walks every match; tantivy releases the GIL, so on another core when there is one).

        ``key``: what the counts depend on besides the filters: the index generation and content
        version first (every key starts so), then words and pass. ``share``: tells the share of the
        documents ``text`` matches, when it can be known (``_Plan.share``, see BROAD_SHARE); only
        asked when the counts are not known and no filter applies, since counting it walks the
        matches.
        """
        facet_key = self._facet_key(key, query)
        known = self._known_facets(facet_key)
        if known is not None:
            return lambda: known
        count = self._count_facets
        return self._pool().submit(count, facet_key, searcher, text, query, filters, share).result

    def _count_facets(
        self,
        key: tuple[Any, ...],
        searcher: tantivy.Searcher,
        text: tantivy.Query | None,
        query: SearchQuery,
        filters: dict[str, tantivy.Query],
        share: Callable[[], float] | None = None,
    ) -> dict[str, dict[str, int]]:
        # The share asked last: counting it is a walk of the matches, worth it only here.
        if text is not None and query.facets and not filters and share is not None and share() >= BROAD_SHARE:
            facets = self._facets_left_out(key[:2], searcher, text, query, filters)
        else:
            facets = self._facets(searcher, text, filters, query.facets, filter_values=query.filters)
        if self._facet_cache_size:
            with self._lock:
                self._facet_cache[key] = facets
                while len(self._facet_cache) > self._facet_cache_size:
                    self._facet_cache.popitem(last=False)
        return {name: dict(counts) for name, counts in facets.items()}

    def _facets_left_out(
        self,
        version: tuple[Any, ...],
        searcher: tantivy.Searcher,
        text: tantivy.Query,
        query: SearchQuery,
        filters: dict[str, tantivy.Query],
    ) -> dict[str, dict[str, int]]:
        """``_facets`` of ``text``, counted over the documents it does not match: every
        document's counts less theirs (under ``filters``, each facet leaving out its own).

        ``version``: the index generation and content version the counts of every document are
        kept under (EVERYTHING_CACHE_SIZE)."""
        every = self._facets_of_everything(version, searcher, query, filters)
        unmatched = tantivy.Query.boolean_query(
            [(tantivy.Occur.Must, tantivy.Query.all_query()), (tantivy.Occur.MustNot, text)]
        )
        others = self._facets(searcher, unmatched, filters, query.facets, filter_values=query.filters)
        if any(len(counts) >= FACET_SIZE for found in (every, others) for counts in found.values()):
            # A list cut at FACET_SIZE values lacks the rest's counts: nothing to subtract from.
            return self._facets(searcher, text, filters, query.facets, filter_values=query.filters)
        return {
            name: commonest_first(
                {value: count - others[name].get(value, 0) for value, count in every[name].items()}
            )
            for name in query.facets
        }

    def _facets_of_everything(
        self,
        version: tuple[Any, ...],
        searcher: tantivy.Searcher,
        query: SearchQuery,
        filters: dict[str, tantivy.Query],
    ) -> dict[str, dict[str, int]]:
        """The facet counts of every document under ``query``'s filters, kept per index version."""
        key = self._facet_key(version, query)
        with self._lock:
            known = self._everything_cache.get(key)
            if known is not None:
                self._everything_cache.move_to_end(key)
                return known
        counts = self._facets(searcher, None, filters, query.facets, filter_values=query.filters)
        with self._lock:
            self._everything_cache[key] = counts
            while len(self._everything_cache) > EVERYTHING_CACHE_SIZE:
                self._everything_cache.popitem(last=False)
        return counts

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


def commonest_first(counts: Mapping[str, int]) -> dict[str, int]:
    """``counts`` without zeros, commonest value first and ties by value: the order of tantivy's
    terms aggregation, so that counts put together in Python read as the engine's own."""
    return dict(
        sorted(((value, n) for value, n in counts.items() if n), key=lambda item: (-item[1], item[0]))
    )


def _terms(name: str) -> dict[str, Any]:
    return {"terms": {"field": name, "size": FACET_SIZE}}


def _counts(answer: dict[str, Any], name: str) -> dict[str, int]:
    buckets = answer.get(name, {}).get("buckets", [])
    # Interned: the cached counts of every search repeat the same few hundred values (FACET_CACHE_SIZE).
    return {sys.intern(str(bucket["key"])): int(bucket["doc_count"]) for bucket in buckets}


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
