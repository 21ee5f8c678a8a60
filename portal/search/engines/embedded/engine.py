"""The embedded engine class: the mixins of this package put together, and the search itself.

``search`` runs a plan's words (strict, then relaxed), joins meaning when hybrid search is on,
counts facets beside the page and marks highlights; see the package docstring.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import tantivy

from portal.search import glossary
from portal.search.documents import DocumentType
from portal.search.engines.base import SearchEngine
from portal.search.engines.base import checked_ids as _checked_ids
from portal.search.engines.embedded.facets import FACET_CACHE_SIZE, FacetCounting
from portal.search.engines.embedded.files import IndexFiles, _Opened
from portal.search.engines.embedded.highlights import Highlighting
from portal.search.engines.embedded.meaning import MeaningSearch
from portal.search.engines.embedded.planning import RELAXED_WORD_SCORE, QueryPlanning, _Plan
from portal.search.engines.embedded.schema import _Layout
from portal.search.engines.embedded.sorting import SortedPage, sorted_page
from portal.search.engines.embedded.thai import ThaiSpelling
from portal.search.engines.embedded.typo_matching import TypoTerms
from portal.search.engines.embedded.writing import IndexWriting
from portal.search.query import Hit, SearchQuery, SearchResult

_decode = json.JSONDecoder().decode


def _loaded(source: bytes) -> dict[str, Any]:
    """A stored ``_source`` as ``json.loads`` reads it, without working out its encoding first:
    the engine writes it as UTF-8 (canonical_json), and a page reads up to 20 of them."""
    return _decode(source.decode("utf-8", "surrogatepass"))


RELAXED_DEPTH = 1000
"""How many of a relaxed search's best matches may answer (see EmbeddedEngine._relaxed)."""


class EmbeddedEngine(
    IndexFiles,
    IndexWriting,
    QueryPlanning,
    ThaiSpelling,
    MeaningSearch,
    FacetCounting,
    Highlighting,
    SearchEngine,
):
    """tantivy on local disk; see the package docstring. Safe to share between threads.

    Its parts live in this package by concern (files, writing, planning, Thai spelling, meaning,
    facets, highlights), each a mixin that reads the state ``__init__`` sets here.
    """

    name = "embedded"

    def __init__(
        self,
        index_dir: str | Path | None = None,
        *,
        facet_cache_size: int = FACET_CACHE_SIZE,
        glossary_source: Callable[[], glossary.Glossary] | None = None,
    ) -> None:
        """``index_dir`` overrides settings.SEARCH_INDEX_DIR (read at each call otherwise).

        ``facet_cache_size``: facet counts kept per index version, so paging, re-sorting and the
        unfiltered landing page do not recount (counting is most of a broad query's cost).
        ``glossary_source``: see SearchEngine.glossary_source (the data file's when not given).
        """
        if glossary_source is not None:
            self.glossary_source = glossary_source
        self._index_dir = Path(index_dir) if index_dir is not None else None
        self._facet_cache: OrderedDict[tuple[Any, ...], dict[str, dict[str, int]]] = OrderedDict()
        self._facet_cache_size = facet_cache_size
        # Facet counts of every document under a set of filters (FacetCounting._facets_of_everything).
        self._everything_cache: OrderedDict[tuple[Any, ...], dict[str, dict[str, int]]] = OrderedDict()
        self._opened: dict[Path, _Opened] = {}
        # Per index directory: CURRENT's stat and the generation it named (_current_generation).
        self._currents: dict[Path, tuple[tuple[int, ...], str]] = {}
        self._bases: dict[tuple[Any, str], Path] = {}
        self._executor: ThreadPoolExecutor | None = None
        self._executor_pid = 0
        self._layouts: dict[int, _Layout] = {}
        self._lock = threading.RLock()

    def _pool(self) -> ThreadPoolExecutor:
        """A small thread pool, created on first use (so never before a server forks)."""
        pool = self._executor
        if pool is None or self._executor_pid != os.getpid():
            with self._lock:
                if self._executor is None or self._executor_pid != os.getpid():
                    self._executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="search-facets")
                    self._executor_pid = os.getpid()
                pool = self._executor
        return pool

    # -- searching -------------------------------------------------------------------------

    def search(self, document_type: DocumentType, query: SearchQuery) -> SearchResult:
        started = time.perf_counter()
        query.validate_for(document_type)
        opened, searcher, version = self._versioned_searcher(document_type)
        query = self._spelt(opened, searcher, version, query)
        layout = opened.layout
        schema = layout.schema
        vocabulary = self.glossary_source()
        typos = self._typo_terms(opened, searcher)
        plan = self._text_plan(layout, query.text, vocabulary, typos=typos)
        filters = {name: self._filter(schema, name, values) for name, values in query.filters.items()}
        # The words' queries kept to the filters where they are selective (see _narrowed_plan):
        # for the page and the relaxed ranking under exactly these filters; facet counts, which
        # leave a facet's own filter out, are counted over ``plan``'s.
        narrowed = self._narrowed_plan(layout, plan, query.text, filters, query.filters, vocabulary, typos)
        words = tuple((term.word, term.prefix, term.marked) for term in plan.terms)
        key = (opened.generation, version, vocabulary.fingerprint, words)
        # Words first: when documents with every word fill the page asked for, the page is
        # answered by words alone and the query is not embedded (see WORDS_SUFFICE), provided
        # the words are there as typed and not only through typo or prefix guesses (see
        # _typed_words_fill_page: the meaning check below decides whether guesses may answer).
        words_pass = self._words_first(opened, searcher, key, plan, query, filters, narrowed=narrowed)
        words_only = (
            words_pass is not None
            and words_pass.count >= query.offset + query.page_size
            and self._typed_words_fill_page(layout, searcher, plan, query, filters, vocabulary)
        )
        # Hybrid: documents close in meaning (that pass the filters) join the lexical matches.
        semantic = (
            None if words_only else self._semantic(opened, searcher, plan, query, list(filters.values()))
        )
        if semantic is not None and not semantic.in_domain and semantic.judged and plan.guesses:
            # Nothing in the index is close to the query in meaning: its words must then be found
            # as typed (no typo or prefix guesses), or "cách làm bánh flan" (a recipe) finds
            # "bank" and "plan" in a page about air quality.
            plan = self._text_plan(layout, query.text, vocabulary, guesses=False)
            key, words_pass = (*key, "as typed"), None
            narrowed = plan  # the narrowed plan above has the guesses: not narrowed on this rare path
        matched_all_words = True
        only_meaning: dict[str, str] = {}
        if semantic is None or not semantic.ids:
            if words_pass is not None:
                page, total, facets = words_pass.page(query), words_pass.count, words_pass.facets
            else:
                found, facets = self._matches(
                    searcher,
                    layout,
                    key,
                    narrowed.query,
                    query,
                    filters,
                    counted=plan.counted or plan.query,
                    share=plan.share,
                )
                page, total = found.hits, found.count or 0
            if not total and narrowed.relaxed is not None and (semantic is None or semantic.in_domain):
                # No document has every word: answer with those that have the most of them. Only
                # here, so a search that finds its words keeps its precise total, facets and sort.
                matched_all_words = False
                # Narrowed or not, the relaxed query is kept to the ids of ``ranked`` (which pass
                # the filters), so its facet counts are those of the same documents either way.
                relaxed, ranked = self._relaxed_ranked(searcher, schema, narrowed, filters)
                if query.sort_field is None:
                    # The relaxed query's own search would find exactly ``ranked``, with the
                    # same scores (the id clause adds 0) in the same order: read the page from it.
                    facets = self._facets_beside((*key, "relaxed"), searcher, relaxed, query, filters)()
                    page, total = ranked[query.offset : query.offset + query.page_size], len(ranked)
                else:
                    found, facets = self._matches(
                        searcher, layout, (*key, "relaxed"), relaxed, query, filters
                    )
                    page, total = found.hits, found.count or 0
            docs = [(value, searcher.doc(address)) for value, address in page]
        elif (
            whole := self._fused_from_words(searcher, plan, query, filters, semantic, words_pass, schema)
        ) is not None:
            # Page 1 and every word match already read by the words-first pass: fused from it.
            total, facets, docs = whole
            only_meaning = semantic.only_meaning or {}
        else:
            lexical = plan.query
            # The words-first pass, when it ran, already tells whether any document has every word.
            any_match = (
                bool(words_pass.count)
                if words_pass is not None
                else self._any_match(searcher, plan.query, filters)
            )
            if plan.relaxed is not None and not any_match:
                matched_all_words = False
                lexical = self._relaxed(searcher, schema, plan, filters)
            semantic.all_words = matched_all_words
            found_by_meaning = tantivy.Query.const_score_query(
                tantivy.Query.term_set_query(schema, "id", semantic.ids), 0.0
            )
            text = self._any_of([lexical, found_by_meaning])
            pass_key = (*key, "relaxed") if not matched_all_words else key
            if words_pass is not None and matched_all_words:
                # The words-first pass read these words' best matches, count and facets already.
                total, facets, docs = self._fused_from_pass(
                    searcher, query, filters, semantic, words_pass, schema, lexical
                )
            elif query.sort_field is None:
                found, facets, docs = self._fused_matches(
                    searcher,
                    (*pass_key, tuple(semantic.ids)),
                    text,
                    query,
                    filters,
                    semantic,
                    schema,
                    lexical,
                )
            else:
                found, facets = self._matches(
                    searcher, layout, (*pass_key, tuple(semantic.ids)), text, query, filters
                )
                docs = [(value, searcher.doc(address)) for value, address in found.hits]
            if words_pass is None or not matched_all_words:
                total = found.count or 0
            if semantic.only_meaning is None:
                by_words = self._found_by_words(searcher, lexical, schema, semantic.ids, semantic)
                semantic.only_meaning = {
                    i: lang for i, lang in semantic.languages.items() if i not in by_words
                }
            only_meaning = semantic.only_meaning
        sort_field = query.sort_field
        sources = [_loaded(doc.get_first("_source")) for _, doc in docs]
        highlights = self._highlights(layout, searcher, plan, query, docs, sources)
        hits = [
            Hit(
                id=source["id"],
                document=source,
                score=float(value) if sort_field is None else None,
                highlights=marks,
                semantic_only=source["id"] in only_meaning,
                semantic_language=only_meaning.get(source["id"], ""),
            )
            for (value, _), source, marks in zip(docs, sources, highlights, strict=True)
        ]
        return self._answer(
            hits=hits, total=total, facets=facets, started=started, matched_all_words=matched_all_words
        )

    @staticmethod
    def _typo_terms(opened: _Opened, searcher: tantivy.Searcher) -> TypoTerms:
        """The terms of ``searcher``'s text fields (TypoTerms), read once per searcher: after a
        commit the next search reads them again (a few ms at 10,000 documents), so that a typo
        word is looked up in exactly the dictionaries its search walks."""
        known = opened.typo_terms
        if known is not None and known.searcher is searcher:
            return known
        typos = TypoTerms(searcher, [item.key for item in opened.layout.text])
        opened.typo_terms = typos  # two threads may both read them: the same terms either way
        return typos

    def _relaxed(
        self,
        searcher: tantivy.Searcher,
        schema: tantivy.Schema,
        plan: _Plan,
        filters: dict[str, tantivy.Query],
    ) -> tantivy.Query:
        """``plan.relaxed``, kept to the documents matching at least ``plan.relaxed_minimum`` of
        the words (tantivy has no minimum-should-match).

        Each matched word adds RELAXED_WORD_SCORE, far above any text score, so a document's
        score says how many words it matched; the best RELAXED_DEPTH are read in score order
        and cut where too few words matched. A relaxed answer is for the rare search whose words
        no document has together: it never needs to reach deeper than a reader pages.
        """
        return self._relaxed_ranked(searcher, schema, plan, filters)[0]

    def _relaxed_ranked(
        self,
        searcher: tantivy.Searcher,
        schema: tantivy.Schema,
        plan: _Plan,
        filters: dict[str, tantivy.Query],
    ) -> tuple[tantivy.Query, list[tuple[Any, Any]]]:
        """``_relaxed``, and the (score, address) of every document it matches under ``filters``,
        best first, as a search of it would rank them: the matches with enough words are the
        first of the best RELAXED_DEPTH (scores only fall), and the clause keeping them to their
        ids adds nothing to a score. A relaxed search is the slowest a reader can ask (every
        document with any of the words walked, typos included): it then runs once, not twice.
        """
        if plan.relaxed is None:
            return tantivy.Query.empty_query(), []
        threshold = plan.relaxed_minimum * RELAXED_WORD_SCORE
        found = searcher.search(self._combine(plan.relaxed, list(filters.values())), limit=RELAXED_DEPTH)
        ranked = [(value, address) for value, address in found.hits if value >= threshold]
        if not ranked:
            return tantivy.Query.empty_query(), []
        ids = [searcher.doc(address).get_first("id") for _, address in ranked]
        enough = tantivy.Query.const_score_query(tantivy.Query.term_set_query(schema, "id", ids), 0.0)
        query = tantivy.Query.boolean_query(
            [(tantivy.Occur.Must, plan.relaxed), (tantivy.Occur.Must, enough)]
        )
        return query, ranked

    def _any_match(
        self, searcher: tantivy.Searcher, text: tantivy.Query | None, filters: dict[str, tantivy.Query]
    ) -> bool:
        """Whether any document matches ``text`` under ``filters`` (one hit looked for, no count)."""
        found = searcher.search(self._combine(text, list(filters.values())), limit=1, count=False)
        return bool(found.hits)

    def _matches(
        self,
        searcher: tantivy.Searcher,
        layout: _Layout,
        key: tuple[Any, ...],
        text: tantivy.Query | None,
        query: SearchQuery,
        filters: dict[str, tantivy.Query],
        *,
        depth: int = 0,
        counted: tantivy.Query | None = None,
        share: Callable[[], float] | None = None,
    ) -> tuple[tantivy.SearchResult | SortedPage, dict[str, dict[str, int]]]:
        """The page of hits (with the total) and the facet counts of ``text`` under ``filters``.

        ``key``: what the facet counts depend on besides the filters (index version, words, pass).
        ``depth``: read the best ``depth`` hits from the first instead of the page (unsorted only).
        ``counted``: a query matching the same documents as ``text`` under ``filters``, to count
        facets over: cheaper (``_Plan.counted``; counting needs no scores), or not narrowed to
        ``filters`` when ``text`` is (``_narrowed_plan``: a facet's counts leave its own filter out).
        ``share``: tells the share of the documents ``text`` matches (``_Plan.share``, counted
        only if facet counting asks).
        """
        full = self._combine(text, list(filters.values()))
        facets = self._facets_beside(key, searcher, counted or text, query, filters, share=share)
        sort_field = query.sort_field
        if sort_field is None and depth:
            found = searcher.search(full, limit=depth, count=True)
        elif sort_field is None:
            found = searcher.search(full, limit=query.page_size, offset=query.offset, count=True)
        else:
            found = sorted_page(
                searcher,
                layout,
                full,
                sort_field=sort_field,
                descending=query.sort_descending,
                offset=query.offset,
                limit=query.page_size,
            )
        return found, facets()

    def get_documents(
        self, document_type: DocumentType, ids: Iterable[str], filters: dict[str, list[str]] | None = None
    ) -> list[Hit]:
        wanted = _checked_ids(ids)
        if not wanted:
            return []
        checked = SearchQuery(filters=filters or {})  # the same value checks as a search's filters
        checked.validate_for(document_type)
        opened, searcher = self._searcher(document_type)
        schema = opened.layout.schema
        clauses = [self._filter(schema, "id", wanted)]
        clauses += [self._filter(schema, name, values) for name, values in checked.filters.items()]
        found = searcher.search(self._combine(None, clauses), limit=len(wanted), count=False)
        by_id: dict[str, Hit] = {}
        for _, address in found.hits:
            source = _loaded(searcher.doc(address).get_first("_source"))
            by_id[source["id"]] = Hit(id=source["id"], document=source, score=None)
        return [by_id[doc_id] for doc_id in wanted if doc_id in by_id]
