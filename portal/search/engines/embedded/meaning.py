"""Hybrid search glue: documents found by meaning (the vector store) joined to word matches.

The words-first pass answers without embedding the query when word matches fill the page; else
the nearest documents passing the filters are fused with the word matches (portal.search.hybrid).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import tantivy

from portal.search import glossary, hybrid
from portal.search.documents import document_types
from portal.search.embeddings import get_provider
from portal.search.engines.embedded.facets import commonest_first
from portal.search.engines.embedded.files import _Located, _Opened
from portal.search.engines.embedded.planning import _Plan
from portal.search.engines.embedded.schema import _Layout
from portal.search.engines.vectors import VectorStore
from portal.search.query import SearchQuery

WORDS_SUFFICE = True
"""Hybrid search answers by words alone when documents with every word fill the page asked for
(EmbeddedEngine._words_first); False embeds every query with text."""
LOCATED_SIZE = 50_000
"""Document addresses remembered per searcher (_located) before starting afresh: a bound on the
memory of a long-lived searcher at 100,000 documents, far above what the semantic candidates of
a day's distinct queries reach."""


def _place(address: Any) -> tuple[int, int]:
    """A hashable key of a DocAddress (tantivy's is not hashable): the fused ranking is keyed by
    where a document is in the searcher, so the word matches it ranks need not be loaded to learn
    their ids (only the page's documents are read)."""
    return (address.segment_ord, address.doc)


@dataclass
class _Semantic:
    """What hybrid search adds to a query: documents found by meaning that pass the filters
    (best first), their addresses, the language of each one's closest passage, and (once the
    ranking tells) those the words did not find (id -> language)."""

    ids: list[str]
    addresses: dict[str, Any]
    languages: dict[str, str]
    only_meaning: dict[str, str] | None = None
    # Whether any document is close in meaning at all (before filters): the query is about what
    # this index holds. A relaxed answer is given only then, so a recipe or a football score whose
    # folded syllables happen to occur in pages ("pho" in "thành phố") still answers nothing.
    in_domain: bool = True
    # Whether any document had a vector to judge by (False: none computed yet, so "nothing close
    # in meaning" says nothing about the query).
    judged: bool = True
    # Whether the words ranked are all of the query's (False: the relaxed pass), for the fusion.
    all_words: bool = True

    def places(self) -> list[tuple[int, int]]:
        """The places (_place) of ``ids``, in their order: the semantic ranking to fuse."""
        return [_place(self.addresses[doc_id]) for doc_id in self.ids]

    def address_at(self, place: tuple[int, int]) -> Any:
        """The address of the document found by meaning at ``place``."""
        for doc_id in self.ids:
            if _place(self.addresses[doc_id]) == place:
                return self.addresses[doc_id]
        raise KeyError(place)


@dataclass
class _WordsPass:
    """The words-only pass of a search that hybrid search may embed (``_words_first``).

    ``hits``: the best word matches from the first, (score, address), deep enough for the fused
    ranking as well as for the page: the pages before it, the page, and one more for every
    document meaning may add (SEMANTIC_DEPTH). ``count``: how many documents have the words under
    the filters; ``facets``: their counts.
    """

    hits: list[tuple[Any, Any]]
    count: int
    facets: dict[str, dict[str, int]]

    def page(self, query: SearchQuery) -> list[tuple[Any, Any]]:
        """The hits of the page ``query`` asks for, when the words alone answer it."""
        return self.hits[query.offset : query.offset + query.page_size]


class MeaningSearch:
    """Hybrid (words and meaning) search (a part of EmbeddedEngine)."""

    def load_vectors(self) -> None:
        """Read the vector store of every live index that has one now, rather than on the first
        hybrid search: a server calls this before forking its workers (portal/warmup.py), so
        they share the ids and languages of its rows (~170,000 at 100,000 experts) instead of
        each reading them, and the matrix is mapped by one process more."""
        provider = get_provider()
        if provider is None:
            return
        for document_type in document_types():
            if document_type.semantic_fields:
                base = self._base(document_type)
                generation = self._read_current(base)
                if generation is not None:
                    VectorStore(base / generation, provider.dimensions).load()

    def _words_first(
        self,
        opened: _Opened,
        searcher: tantivy.Searcher,
        key: tuple[Any, ...],
        plan: _Plan,
        query: SearchQuery,
        filters: dict[str, tantivy.Query],
        *,
        narrowed: _Plan | None = None,
    ) -> _WordsPass | None:
        """The words-only pass (page and facets) of a search hybrid search would embed, run
        before the query is embedded; None when that rule does not apply. ``narrowed``:
        ``plan`` narrowed to ``filters`` (QueryPlanning._narrowed_plan), for the page.

        Why: embedding a query costs 10-17 ms of CPU, the largest part of a hybrid search, and
        most directory searches at scale (a position, an organisation, a place) match hundreds of
        documents by their words. When the documents with every word fill the page asked for,
        the caller answers with this pass and embeds nothing; documents found only by meaning
        rank below the first 40 word matches anyway (hybrid.fuse's weights), so what changes is
        the order within the page, measured against the relevance gates (BENCHMARKS.md). A
        sorted list is never answered this way: documents found only by meaning join it in sort
        order. When the pass falls short it is not lost: the caller reuses it if meaning finds
        nothing, and few matches are cheap to find.

        It reads deeper than the page (see _WordsPass) so that, when meaning is asked after all,
        the fused ranking and its facet counts are built from this pass instead of running the
        query's words (typo automata included) again over the union with the documents found by
        meaning (``_fused_from_pass``); collecting 70 best hits costs next to nothing beside
        walking the matches, which both ways do.
        """
        if (
            not WORDS_SUFFICE
            or query.sort_field is not None
            or plan.query is None
            or get_provider() is None
            or not opened.layout.document_type.semantic_fields
        ):
            return None
        depth = query.offset + query.page_size + hybrid.SEMANTIC_DEPTH
        found, facets = self._matches(
            searcher,
            opened.layout,
            key,
            (narrowed or plan).query,
            query,
            filters,
            depth=depth,
            counted=plan.counted or plan.query,
            share=plan.share,
        )
        return _WordsPass(list(found.hits), found.count or 0, facets)

    def _typed_words_fill_page(
        self,
        layout: _Layout,
        searcher: tantivy.Searcher,
        plan: _Plan,
        query: SearchQuery,
        filters: dict[str, tantivy.Query],
        vocabulary: glossary.Glossary,
    ) -> bool:
        """Whether the query's words, found as typed (no typo, no prefix), fill the page asked for.

        Why: answering by words alone skips the question whether anything in the index is close
        to the query in meaning, and that question decides whether typo and prefix guesses may
        answer (``search``: when nothing is close, the words must be found as typed). Words
        found only through guesses are weak evidence: each word of "cách làm bánh flan" (a
        recipe) is within a typo or a prefix of a common word of the Vietnamese report texts
        ("các", "bản", "plans"), enough to fill a page with matches of every word. So a page
        filled by words skips meaning only when the words are there as typed; a query found only
        through its guesses is judged by meaning first, which costs it the query's embedding.
        Exact terms are cheap to look up next to the typo automata the first pass already ran.
        """
        if not plan.guesses:
            return True
        typed = self._text_plan(layout, query.text, vocabulary, guesses=False)
        if typed.query is None:
            return True
        wanted = query.offset + query.page_size
        found = searcher.search(self._combine(typed.query, list(filters.values())), limit=wanted, count=False)
        return len(found.hits) >= wanted

    def _fused_matches(
        self,
        searcher: tantivy.Searcher,
        key: tuple[Any, ...],
        text: tantivy.Query,
        query: SearchQuery,
        filters: dict[str, tantivy.Query],
        semantic: _Semantic,
        schema: tantivy.Schema,
        lexical: tantivy.Query | None,
    ) -> tuple[Any, dict[str, dict[str, int]], list[tuple[Any, tantivy.Document]]]:
        """The fused page (words and meaning), its total, and the facet counts of ``text``
        (``lexical``: the words' part of ``text``, without the documents found by meaning)."""
        full = self._combine(text, list(filters.values()))
        facets = self._facets_beside(key, searcher, text, query, filters)
        found, docs = self._fused_page(searcher, full, query, semantic, schema, lexical)
        return found, facets(), docs

    def _fused_from_words(
        self,
        searcher: tantivy.Searcher,
        plan: _Plan,
        query: SearchQuery,
        filters: dict[str, tantivy.Query],
        semantic: _Semantic,
        words_pass: _WordsPass | None,
        schema: tantivy.Schema,
    ) -> tuple[int, dict[str, dict[str, int]], list[tuple[Any, tantivy.Document]]] | None:
        """The fused first page, its total and facet counts, built from the words-first pass when
        that pass already read every document with the words; None when it did not.

        Why: the words-first pass has run the query's words (typo automata included, the dearest
        part of a search) for its page and its facets. When no more documents have the words than
        its page holds, they are all known, with their scores; running the words again over the
        union with the documents found by meaning (page and facets) only repeats that work, which
        made a typo query's hybrid search cost about four times its lexical one. The documents
        found by meaning only are few (at most SEMANTIC_DEPTH, by id) and disjoint from the word
        matches, so their facet counts are added to the words' counts.
        """
        if words_pass is None or query.sort_field is not None or query.offset:
            return None
        count = words_pass.count
        if count > query.page_size or (not count and plan.relaxed is not None):
            return None  # more matches than read, or a relaxed answer to find
        # Keyed by place, not id: a document has one place in the searcher, so the ranking is
        # the same, and only the page's documents are loaded instead of every word match.
        lexical: list[tuple[int, int]] = []
        read: dict[tuple[int, int], tuple[Any, Any]] = {}
        for value, address in words_pass.hits:
            lexical.append(_place(address))
            read[lexical[-1]] = (value, address)
        words = set(lexical)
        semantic.only_meaning = {
            doc_id: language
            for doc_id, language in semantic.languages.items()
            if _place(semantic.addresses[doc_id]) not in words
        }
        facets = self._with_meaning_facets(searcher, schema, filters, query, words_pass.facets, semantic)
        fused = hybrid.fuse(lexical, semantic.places(), all_words=True)
        docs = [self._read(searcher, read, semantic, place) for place in fused[: query.page_size]]
        return count + len(semantic.only_meaning), facets, docs

    @staticmethod
    def _read(
        searcher: tantivy.Searcher,
        read: dict[tuple[int, int], tuple[Any, Any]],
        semantic: _Semantic,
        place: tuple[int, int],
    ) -> tuple[Any, tantivy.Document]:
        """The (score, document) of a page's ``place``: a word match's score, or 0 for a
        document found by meaning only."""
        value, address = read.get(place) or (0.0, semantic.address_at(place))
        return value, searcher.doc(address)

    def _fused_from_pass(
        self,
        searcher: tantivy.Searcher,
        query: SearchQuery,
        filters: dict[str, tantivy.Query],
        semantic: _Semantic,
        words_pass: _WordsPass,
        schema: tantivy.Schema,
        lexical: tantivy.Query,
    ) -> tuple[int, dict[str, dict[str, int]], list[tuple[Any, tantivy.Document]]]:
        """The fused page, its total and facet counts, from the words-first pass of the same
        words (``lexical``, all of them) when more documents have them than it read.

        Why: the fused ranking needs the word matches in score order, as deep as the page plus
        the documents found by meaning, the count of the union and its facet counts. Asking
        tantivy for them over "the words, or one of these ids" ran the words' typo automata and
        walked every match twice more (page and facets) after the words-first pass had done
        exactly that; a typo query's hybrid search cost about twice its lexical one in tantivy
        alone. The union's ranking is the words' ranking (a document found by meaning adds a
        constant 0), so its best hits are the pass's best hits; its count and facet counts are
        the words' plus those of the documents found by meaning only (few, looked up by id).
        """
        depth = query.offset + query.page_size + len(semantic.ids)
        docs = self._fused_docs(searcher, words_pass.hits[:depth], depth, query, semantic, schema, lexical)
        facets = self._with_meaning_facets(searcher, schema, filters, query, words_pass.facets, semantic)
        return words_pass.count + len(semantic.only_meaning or {}), facets, docs

    def _with_meaning_facets(
        self,
        searcher: tantivy.Searcher,
        schema: tantivy.Schema,
        filters: dict[str, tantivy.Query],
        query: SearchQuery,
        word_facets: dict[str, dict[str, int]],
        semantic: _Semantic,
    ) -> dict[str, dict[str, int]]:
        """``word_facets`` with the documents found by meaning only added to the counts.

        They pass every filter (``_semantic`` kept only those) and none has the words, so each
        facet's count over the union is the words' count plus theirs, whichever filter the facet
        leaves out."""
        if not query.facets or not semantic.only_meaning:
            return word_facets
        only = self._filter(schema, "id", list(semantic.only_meaning))
        extra = self._facets(searcher, only, filters, query.facets, filter_values=query.filters)
        facets = {}
        for name, counts in word_facets.items():
            more = extra.get(name, {})
            merged = {value: counts.get(value, 0) + more.get(value, 0) for value in {*counts, *more}}
            facets[name] = commonest_first(merged)
        return facets

    def _semantic(
        self,
        opened: _Opened,
        searcher: tantivy.Searcher,
        plan: _Plan,
        query: SearchQuery,
        filters: list[tantivy.Query],
    ) -> _Semantic | None:
        """The documents this query finds by meaning that pass ``filters``; None when hybrid
        search is off or the query has no text.

        Where each candidate is in the searcher comes from _located (remembered per searcher),
        so without filters no search runs here, and with filters one search of the candidates
        under them tells which pass, by place, with no document loaded."""
        provider = get_provider()
        if provider is None or plan.query is None or not opened.layout.document_type.semantic_fields:
            return None  # off, or no words: every document matches anyway
        store = VectorStore(self._base(opened.layout.document_type) / opened.generation, provider.dimensions)
        vector = provider.embed_query(query.text)
        floor = hybrid.floor_for(provider, vector, text=query.text)  # per passage language
        nearest = store.nearest(vector, floor=floor.of, limit=hybrid.SEMANTIC_DEPTH)
        if not nearest:
            return _Semantic([], {}, {}, in_domain=False, judged=store.count() > 0)
        schema = opened.layout.schema
        located = self._located(opened, searcher, [doc_id for doc_id, _, _ in nearest])
        if filters and located:
            candidates = self._combine(self._filter(schema, "id", list(located)), filters)
            at = {_place(address): doc_id for doc_id, address in located.items()}
            found = searcher.search(candidates, limit=len(located), count=False)
            passing = {at[_place(address)]: address for _, address in found.hits}
        else:
            passing = located
        kept = [(doc_id, language) for doc_id, _, language in nearest if doc_id in passing]
        return _Semantic(
            ids=[doc_id for doc_id, _ in kept],
            addresses={doc_id: passing[doc_id] for doc_id, _ in kept},
            languages=dict(kept),
        )

    def _found_by_words(
        self,
        searcher: tantivy.Searcher,
        lexical: tantivy.Query | None,
        schema: tantivy.Schema,
        ids: list[str],
        semantic: _Semantic,
    ) -> set[str]:
        """Which of ``ids`` the query's words (``lexical``: all of them, or the relaxed pass's)
        match, when the ranking did not already tell."""
        if lexical is None or not ids:
            return set(ids)
        return set(self._word_scores(searcher, schema, lexical, ids, semantic))

    def _fused_page(
        self,
        searcher: tantivy.Searcher,
        full: tantivy.Query,
        query: SearchQuery,
        semantic: _Semantic,
        schema: tantivy.Schema,
        lexical_query: tantivy.Query | None,
    ) -> tuple[Any, list[tuple[Any, tantivy.Document]]]:
        """The page of the fused ranking: lexical matches (in score order, deep enough for the
        page) and the documents found by meaning, merged by hybrid.fuse."""
        depth = query.offset + query.page_size + len(semantic.ids)
        found = searcher.search(full, limit=depth, count=True)
        return found, self._fused_docs(searcher, found.hits, depth, query, semantic, schema, lexical_query)

    def _fused_docs(
        self,
        searcher: tantivy.Searcher,
        hits: list[tuple[Any, Any]],
        depth: int,
        query: SearchQuery,
        semantic: _Semantic,
        schema: tantivy.Schema,
        lexical_query: tantivy.Query | None,
    ) -> list[tuple[Any, tantivy.Document]]:
        """The page of the fused ranking from ``hits``, the best ``depth`` matches of the words
        or meaning in score order (those of meaning only score 0, after every word match); sets
        ``semantic.only_meaning``."""
        # Keyed by place (see _fused_from_words): only the page's documents are loaded.
        lexical: list[tuple[int, int]] = []
        read: dict[tuple[int, int], tuple[Any, Any]] = {}
        for value, address in hits:
            if value <= 0.0:  # the rest were found only by meaning (constant score 0)
                break
            lexical.append(_place(address))
            read[lexical[-1]] = (value, address)
        words = set(lexical)
        if len(hits) == depth and len(lexical) == len(hits):
            # More documents have the words than were read: a candidate found by meaning may be
            # one of them, ranked deeper. Its own word score is looked up (one query for all of
            # them), so it is neither shown with score 0 and labelled "found by meaning" nor fused
            # without its words' share; it ranks after the word matches read (its rank is deeper).
            unread = [doc_id for doc_id in semantic.ids if _place(semantic.addresses[doc_id]) not in words]
            deeper = self._word_scores(searcher, schema, lexical_query, unread, semantic)
            for value, address in sorted(deeper.values(), key=lambda item: -item[0]):
                lexical.append(_place(address))
                read[lexical[-1]] = (value, address)
                words.add(lexical[-1])
        # Every word match among the candidates is now known: the others were found by meaning only.
        semantic.only_meaning = {
            doc_id: language
            for doc_id, language in semantic.languages.items()
            if _place(semantic.addresses[doc_id]) not in words
        }
        fused = hybrid.fuse(lexical, semantic.places(), all_words=semantic.all_words)
        page = fused[query.offset : query.offset + query.page_size]
        return [self._read(searcher, read, semantic, place) for place in page]

    def _word_scores(
        self,
        searcher: tantivy.Searcher,
        schema: tantivy.Schema,
        lexical: tantivy.Query | None,
        ids: list[str],
        semantic: _Semantic,
    ) -> dict[str, tuple[float, Any]]:
        """The word score and address of each of ``ids`` (documents found by meaning, whose
        places ``semantic`` knows) that the words (``lexical``) match."""
        if lexical is None or not ids:
            return {}
        both = self._combine(lexical, [self._filter(schema, "id", ids)])
        at = {_place(semantic.addresses[doc_id]): doc_id for doc_id in ids}
        return {
            at[_place(address)]: (value, address)
            for value, address in searcher.search(both, limit=len(ids), count=False).hits
        }

    def _located(self, opened: _Opened, searcher: tantivy.Searcher, ids: list[str]) -> dict[str, Any]:
        """``{id: DocAddress}`` of those of ``ids`` the searcher holds, in the order of ``ids``.

        Why remembered: finding where a document is means a search of its id and loading the
        stored document (its whole ``_source``) to read which id each hit is; the candidates
        found by meaning are the same few documents query after query, and their places change
        only with a commit (a new searcher). Remembered per searcher (``_Opened.located``), so
        a reloaded index is looked at afresh.
        """
        remembered = opened.located
        if remembered is None or remembered[0] is not searcher:
            remembered = (searcher, _Located())
            opened.located = remembered
        where = remembered[1]
        missing = [doc_id for doc_id in ids if doc_id not in where.addresses and doc_id not in where.absent]
        if missing:
            if len(where.addresses) + len(missing) > LOCATED_SIZE:
                where = _Located()
                opened.located = (searcher, where)
            schema = opened.layout.schema
            found = searcher.search(self._filter(schema, "id", missing), limit=len(missing), count=False)
            for _, address in found.hits:
                where.addresses[searcher.doc(address).get_first("id")] = address
            where.absent.update(doc_id for doc_id in missing if doc_id not in where.addresses)
        return {doc_id: where.addresses[doc_id] for doc_id in ids if doc_id in where.addresses}
