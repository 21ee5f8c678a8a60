"""Query planning: a reader's text turned into the tantivy query to run, cached per layout.

Every word that counts must match in some text field (exactly, by a typo, as a prefix, by its
stem or its toned form); glossary terms also match their equivalents; a relaxed plan ranks by how
many words match for when no document has them all. Filters are term queries, never parsed.
"""

from __future__ import annotations

import sys
import threading
import weakref
from dataclasses import dataclass, field, replace
from typing import Any

import tantivy

from portal.search import glossary
from portal.search.engines.embedded.analysis import LATIN, SEGMENTED_LANGUAGES, _analyse
from portal.search.engines.embedded.schema import _Layout
from portal.search.engines.embedded.typo_matching import TypoTerms, _Term, fuzzy_distance
from portal.search.stopwords import optional_positions
from portal.search.text import fold, is_thai, marked_words, tokens_for_query

STEM_BOOST = 0.5
"""A match on a word's stem ("monitored" finding "monitoring") scores this share of the field
weight. An exact match matches its stem too, so it always scores above a stem-only match."""
TONE_BOOST = 1.0
"""A query word typed with marks that a document has with the same marks adds its BM25 on this
share of the field weight: an exact-tone match ranks above a tone-folded one, which still matches
("Ha Noi" finds "Hà Nội")."""

EXACT_BOOST = 1.0
TYPO_SCORE = 0.3
"""A typo or prefix match scores this constant (times the field weight); an exact match scores
BM25 on top of it, so exact matches rank first."""
SYNONYM_BOOST = 0.8
RELAXED_WORD_SCORE = 10_000.0
"""What each matched query word adds in a relaxed search, on top of its own score: far above any
BM25 sum, so documents matching more of the words rank first and, among those, the words'
own scores (rarer words weigh more) decide."""
GLOSSARY_TIE_BREAKER = 0.1
"""What a glossary term's other matching equivalents add to its best one's score."""
PLAN_CACHE_SIZE = 512
"""Query plans kept per index layout: a reader paging, filtering or re-sorting asks the same text.
As many again of the plans that find the words only as typed, kept apart (_Layout.typed_plans)."""
PLAN_VERDICTS = 20_000
"""Highlight verdicts kept per plan (one per distinct index term seen in its hits)."""
NARROW_SHARE = 0.2
"""Filters that keep at most this share of the documents have the words' queries narrowed to
them (QueryPlanning._narrowed_plan). Why: tantivy's union of a word's terms (every field, typos,
prefixes, stems, glossary equivalents) refills a window of 4,096 documents whenever it is sought
into one, walking and scoring every posting of every term in it; under an intersection with a
filter that keeps a document or more per window, the words' union is walked in full, so
`clean air` cost the same with `country=PK` (3 % of the documents) as without. With the filter
an operand of each term instead, each term is walked only at the filter's documents (tantivy's
intersection skips through postings). At 10,044 experts `clean air&country=PK` 6.8 -> 1.9 ms,
`country=PH` (6 %) 6.9 -> 2.7, `availability=mentor` (37 %) 4.8 -> 4.7: building the narrowed
query costs ~1 ms more, so only selective filters pay for it."""
NARROWED_CACHE_SIZE = 512
"""Narrowed plans kept per index layout (one per query text and filter set)."""


@dataclass
class _Plan:
    """The query to run, with what highlighting needs to know about it.

    ``query`` requires every word that counts; ``relaxed``, when the query has two or more such
    words, matches any one of them and ranks by how many match (run only when ``query`` finds
    nothing); of its matches only those with at least ``relaxed_minimum`` of the words answer.
    """

    query: tantivy.Query | None
    terms: list[_Term] = field(default_factory=list)
    relaxed: tantivy.Query | None = None
    relaxed_minimum: int = 1
    # The same documents as ``query`` at less cost, scores aside (facets are counted over it);
    # None: ``query`` itself. See _units(counting=True).
    counted: tantivy.Query | None = None
    phrases: set[str] = field(default_factory=set)
    # The searcher's terms this plan was built with (TypoTerms, whose searcher ``share`` counts
    # in), when it was built for one searcher; weak, so that a cached plan does not keep a
    # replaced searcher and its term lists alive until the plan cache drops it.
    counter: weakref.ref[TypoTerms] | None = field(default=None, repr=False, compare=False)
    # The share ``share`` counted, None until then (see share).
    _share: float | None = field(default=None, repr=False, compare=False)
    _share_lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)
    # Index term -> whether highlighting marks it; kept with the plan (see _Layout.plans).
    verdicts: dict[str, bool] = field(default_factory=dict)

    def share(self) -> float:
        """The share of its searcher's documents ``query`` matches (0.0: not known, the plan is
        not for one searcher); counted on the first call, once per plan (plans of a searcher are
        kept under its serial, see QueryPlanning._text_plan), however many threads ask at once.

        Why on demand: only facet counting of a search without filters reads it (to count a
        broad match by the documents it does not match, facets.BROAD_SHARE); counting it on
        every plan's first build cost every other search a walk of its matches (+3-10 ms at
        100,000 experts). Estimates from the words' document frequencies missed most broad
        queries (prefixes, typos and equivalents widen them), so it is counted."""
        known = self._share
        if known is not None:
            return known
        with self._share_lock:
            if self._share is None:
                typos = self.counter() if self.counter is not None else None
                documents = typos.searcher.num_docs if typos is not None else 0
                if typos is None or not documents or self.query is None:
                    # No searcher (or none left: its plans are no longer searched), or nothing
                    # to count: not known, as a plan built without one says.
                    self._share = 0.0
                else:
                    self._share = typos.count(self.counted or self.query) / documents
            return self._share

    @property
    def guesses(self) -> bool:
        """Whether some word may also match through a typo or as a prefix."""
        return any(term.distance or term.prefix for term in self.terms)

    # The terms of ``verdicts`` that are marked: a text's marked terms are then one set
    # intersection, not a Python call per term (highlighting 20 hits judged ~2,000 terms a search).
    marked: set[str] = field(default_factory=set)

    def marks(self, term: str) -> bool:
        """Whether ``term``, as indexed, is one this query found (and highlights show)."""
        verdict = self.verdicts.get(term)
        if verdict is None:
            verdict = term in self.phrases or any(word.matches(term) for word in self.terms)
            if len(self.verdicts) < PLAN_VERDICTS:
                # Interned: the plans of a worker's cache judge the same words (a position, an
                # organisation, a place), and each analysis makes a new string of each; one copy
                # per worker instead of one per plan (BENCHMARKS.md, "Session 12: memory").
                term = sys.intern(term)
                self.verdicts[term] = verdict
                if verdict:
                    self.marked.add(term)
        return verdict

    def marked_among(self, terms: set[str]) -> set[str]:
        """The terms of ``terms`` that :meth:`marks` (``terms``: a text's terms as indexed)."""
        for term in terms.difference(self.verdicts):
            self.marks(term)
        if len(self.verdicts) >= PLAN_VERDICTS:
            # Verdicts no longer kept: some judged terms are in neither set.
            return {term for term in terms if self.marks(term)}
        return terms & self.marked


def _filter_query(schema: tantivy.Schema, name: str, values: list[str]) -> tantivy.Query:
    if len(values) == 1:
        query = tantivy.Query.term_query(schema, name, values[0])
    else:
        query = tantivy.Query.term_set_query(schema, name, values)
    return tantivy.Query.const_score_query(query, 0.0)


def _narrowed(query: tantivy.Query, narrow: tantivy.Query | None) -> tantivy.Query:
    """``query`` (a term or phrase) kept to the documents ``narrow`` matches; its score is
    unchanged (``narrow`` is a filter scoring 0.0, and x + 0.0 == x)."""
    if narrow is None:
        return query
    return tantivy.Query.boolean_query([(tantivy.Occur.Must, query), (tantivy.Occur.Must, narrow)])


def _combine_queries(text: tantivy.Query | None, filters: list[tantivy.Query]) -> tantivy.Query:
    clauses = [(tantivy.Occur.Must, clause) for clause in filters]
    if text is not None:
        clauses.insert(0, (tantivy.Occur.Must, text))
    if not clauses:
        return tantivy.Query.all_query()
    if len(clauses) == 1:
        return clauses[0][1]
    return tantivy.Query.boolean_query(clauses)


class QueryPlanning:
    """Query plans and the query pieces they are built of (a part of EmbeddedEngine)."""

    _filter = staticmethod(_filter_query)
    _combine = staticmethod(_combine_queries)

    def _text_plan(
        self,
        layout: _Layout,
        text: str,
        vocabulary: glossary.Glossary | None = None,
        *,
        guesses: bool = True,
        typos: TypoTerms | None = None,
    ) -> _Plan:
        """The plan of ``text``, built once per layout and glossary while it is among the recently
        asked (a changed glossary has another fingerprint, so its plans are built afresh).
        ``vocabulary``: the glossary the caller already asked ``glossary_source`` for.
        ``guesses``: False for the plan that finds the words only as typed (no typos, no prefix).
        ``typos``: the searcher's terms, to look typo and prefix words up as lists of terms (see
        TypoTerms); such a plan is only for that searcher, and is kept under its serial.

        Plans without guesses are kept in a list of their own (_Layout.typed_plans): hybrid search
        asks for one beside most searches, and sharing one list of PLAN_CACHE_SIZE made a mix of
        300 texts (the directory API benchmark's) rebuild two thirds of its plans on every pass
        over it (a least-recently-used list cycled through by more entries than it holds keeps
        none of them), each time with its typo lists, highlight verdicts and share."""
        if vocabulary is None:
            vocabulary = self.glossary_source()
        key: tuple[Any, ...] = (
            (vocabulary.fingerprint, text) if guesses else (vocabulary.fingerprint, text, "as typed")
        )
        if guesses and typos is not None:
            key = (*key, typos.serial)
        else:
            typos = None  # a plan without guesses has no typo clause to look up
        plans = layout.plans if guesses else layout.typed_plans
        with layout.plans_lock:
            plan = plans.get(key)
            if plan is not None:
                plans.move_to_end(key)
                return plan
        plan = self._build_plan(layout, text, guesses=guesses, typos=typos)
        with layout.plans_lock:
            plans[key] = plan
            while len(plans) > PLAN_CACHE_SIZE:
                plans.popitem(last=False)
        return plan

    def _narrowed_plan(
        self,
        layout: _Layout,
        plan: _Plan,
        text: str,
        filters: dict[str, tantivy.Query],
        filter_values: dict[str, list[str]],
        vocabulary: glossary.Glossary,
        typos: TypoTerms,
    ) -> _Plan:
        """``plan`` with its queries (words, count, relaxed) narrowed to ``filters`` when they
        keep few documents (NARROW_SHARE): each term and phrase of the words is also required to
        pass the filters, so tantivy walks a common word's postings only at the filtered
        documents. The same documents under ``filters`` with the same scores; highlighting's
        terms and verdicts are ``plan``'s own. ``plan`` itself when narrowing would not pay.

        Only for searches under exactly ``filters``: a narrowed query matches nothing outside
        them (facet counts that leave a filter out must be counted over ``plan``'s queries)."""
        searcher = typos.searcher
        if plan.query is None or not filters or not searcher.num_docs:
            return plan
        key = (
            vocabulary.fingerprint,
            text,
            typos.serial,
            tuple(sorted((name, tuple(sorted(values))) for name, values in filter_values.items())),
        )
        with layout.plans_lock:
            known = layout.narrowed.get(key)
            if known is not None:
                layout.narrowed.move_to_end(key)
                return known
        narrow = _combine_queries(None, list(filters.values()))
        kept = searcher.search(narrow, limit=1, count=True).count or 0
        if kept > NARROW_SHARE * searcher.num_docs:
            narrowed = plan  # remembered too: the filters' count is not asked again
        else:
            built = self._build_plan(layout, text, typos=typos, narrow=narrow)
            # Its own lock and no share: only searches without filters read a plan's share,
            # and those are never narrowed (the engine passes the plain plan's share).
            narrowed = replace(
                plan,
                query=built.query,
                counted=built.counted,
                relaxed=built.relaxed,
                counter=None,
                _share=0.0,
                _share_lock=threading.Lock(),
            )
        with layout.plans_lock:
            layout.narrowed[key] = narrowed
            while len(layout.narrowed) > NARROWED_CACHE_SIZE:
                layout.narrowed.popitem(last=False)
        return narrowed

    def _build_plan(
        self,
        layout: _Layout,
        text: str,
        *,
        guesses: bool = True,
        typos: TypoTerms | None = None,
        narrow: tantivy.Query | None = None,
    ) -> _Plan:
        """Every word that counts must match somewhere; glossary terms may match their
        equivalents instead; stop words and the collection's own words only add to the score.

        ``narrow``: a filter every term and phrase is kept to (see _narrowed_plan); such a plan's
        share is not counted (only searches without filters read it)."""
        words = tokens_for_query(text)
        if not words:
            return _Plan(query=None)  # None: every document
        # A reader who types tone marks anywhere in the query means the words as written, an
        # unmarked one too ("khoa học" is science, not "khóa học", a course): every word then
        # also looks for its written form among the texts indexed with marks.
        marked = marked_words(text) if layout.toned else []
        if len(marked) != len(words) or all(mark == word for mark, word in zip(marked, words, strict=True)):
            marked = [""] * len(words)
        terms = [
            _Term(
                word,
                fuzzy_distance(word) if guesses else 0,
                prefix=guesses and index == len(words) - 1 and len(word) >= 2,
                marked=mark if fold(mark) == word and not is_thai(mark) else "",
            )
            for index, (word, mark) in enumerate(zip(words, marked, strict=True))
        ]
        optional = optional_positions(text, collection_words=layout.document_type.collection_words)
        # Optional words are not highlighted: "the" marked all over a snippet helps no one.
        plan = _Plan(query=None, terms=[term for index, term in enumerate(terms) if index not in optional])
        word_clauses = [self._word_clause(layout, term, typos, narrow) for term in terms]
        # The glossary _text_plan keyed this plan under: asked again, not passed, so the planner
        # keeps its signature; within a request the content cache answers both with one value.
        matches = self.glossary_source().find_matches(words)
        for match in matches:
            for _, alternative in match.alternatives:
                plan.phrases.update(alternative)
        units = self._units(layout, words, word_clauses, matches, typos=typos, narrow=narrow)
        required = [clause for span, clause in units if not all(index in optional for index in span)]
        scoring = [clause for span, clause in units if all(index in optional for index in span)]
        if not required:
            plan.query = tantivy.Query.empty_query()
            return plan
        plan.query = self._with_optional(self._all_of(required), scoring)
        if typos is not None and any(match.end - match.start > 1 or match.alternatives for match in matches):
            # The same documents, for counting facets: glossary phrases as their words' conjunction
            # where this searcher has no other (see TypoTerms.phrase_as_conjunction), equivalents
            # as a plain union, and no clause that only adds to the score.
            cheaper = self._units(
                layout, words, word_clauses, matches, typos=typos, counting=True, narrow=narrow
            )
            plan.counted = self._all_of(
                [clause for span, clause in cheaper if not all(index in optional for index in span)]
            )
        if typos is not None and narrow is None:
            plan.counter = weakref.ref(typos)  # the share is counted when read (_Plan.share)
        if len(required) > 1:
            # Each matched unit adds RELAXED_WORD_SCORE to its own score: the number of units
            # matched ranks first, their BM25 (rarer words weigh more) second.
            counted = [
                tantivy.Query.boolean_query(
                    [
                        (tantivy.Occur.Should, tantivy.Query.const_score_query(clause, RELAXED_WORD_SCORE)),
                        (tantivy.Occur.Should, clause),
                    ]
                )
                for clause in required
            ]
            plan.relaxed = self._with_optional(self._any_of(counted), scoring)
            # Half the words (rounded up) at least: "Manchester United 2-1 Liverpool score" shares
            # one word with some page by chance (or by a typo), which makes it no answer; a
            # question's two topic words ("diesel trucks" in a city) still answer with one.
            plan.relaxed_minimum = (len(required) + 1) // 2
        return plan

    def _units(
        self,
        layout: _Layout,
        words: list[str],
        word_clauses: list[tantivy.Query | None],
        matches: list[glossary.GlossaryMatch],
        *,
        typos: TypoTerms | None,
        counting: bool = False,
        narrow: tantivy.Query | None = None,
    ) -> list[tuple[range, tantivy.Query]]:
        """(positions of the query words, clause) of each unit: a word, or a glossary term however
        many words it has. ``counting``: clauses that match the same documents, for counting only
        (their scores are not the plan's). ``narrow``: see _build_plan."""
        units: list[tuple[range, tantivy.Query]] = []
        position = 0
        for match in matches:
            units.extend(
                (range(index, index + 1), word_clauses[index])
                for index in range(position, match.start)
                if word_clauses[index] is not None
            )
            literal = [clause for clause in word_clauses[match.start : match.end] if clause is not None]
            options = [self._all_of(literal)] if literal else []
            if options and match.end - match.start > 1:
                # A term of several words means those words together, as its equivalents are
                # matched (in a row, slop 1): scattered over a text, each with its typos, the words
                # of "xe buýt điện" (electric bus) or of a division's long name match pages that
                # merely use "xe", "điện" and "phòng" somewhere, and such pages then fill the answer.
                # The words still score as typed words (above equivalents); the phrase only filters,
                # so it may be matched as cheaply as gives the same documents (counting=True).
                phrase = tuple(words[match.start : match.end])
                together = tantivy.Query.const_score_query(
                    self._any_of(self._phrase_clauses(layout, phrase, typos, counting=True, narrow=narrow)),
                    0.0,
                )
                options = [self._all_of([options[0], together])]
            for _, alternative in match.alternatives:
                options.extend(
                    self._phrase_clauses(layout, alternative, typos, counting=counting, narrow=narrow)
                )
            units.append(
                (range(match.start, match.end), self._any_of(options) if counting else self._best_of(options))
            )
            position = match.end
        units.extend(
            (range(index, index + 1), word_clauses[index])
            for index in range(position, len(words))
            if word_clauses[index] is not None
        )
        return units

    @staticmethod
    def _with_optional(query: tantivy.Query, scoring: list[tantivy.Query]) -> tantivy.Query:
        """``query``, with ``scoring`` clauses adding to the score where they match."""
        if not scoring:
            return query
        return tantivy.Query.boolean_query(
            [(tantivy.Occur.Must, query), *((tantivy.Occur.Should, clause) for clause in scoring)]
        )

    @staticmethod
    def _all_of(clauses: list[tantivy.Query]) -> tantivy.Query:
        if len(clauses) == 1:
            return clauses[0]
        return tantivy.Query.boolean_query([(tantivy.Occur.Must, clause) for clause in clauses])

    @staticmethod
    def _best_of(clauses: list[tantivy.Query]) -> tantivy.Query:
        """A glossary term scores by its best-matching equivalent, plus a little for the others.

        Summing them would rank a text that names the term in four languages (a taxonomy label
        indexed with its translations) far above one that simply uses it.
        """
        if len(clauses) == 1:
            return clauses[0]
        return tantivy.Query.disjunction_max_query(clauses, GLOSSARY_TIE_BREAKER)

    @staticmethod
    def _any_of(clauses: list[tantivy.Query]) -> tantivy.Query:
        if not clauses:
            return tantivy.Query.empty_query()
        if len(clauses) == 1:
            return clauses[0]
        return tantivy.Query.boolean_query([(tantivy.Occur.Should, clause) for clause in clauses])

    def _word_clause(
        self,
        layout: _Layout,
        term: _Term,
        typos: TypoTerms | None = None,
        narrow: tantivy.Query | None = None,
    ) -> tantivy.Query | None:
        """One query word in any text field: exact (BM25) or typo/prefix (constant score).

        ``typos``: with it, a typo or prefix match is looked for as the list of the field's terms
        the fuzzy query would match (none: no clause), with the same constant score.
        ``narrow``: a filter each term is kept to (see _build_plan)."""
        schema = layout.schema
        options: list[tantivy.Query] = []
        thai = is_thai(term.word)
        for item in layout.text:
            if thai and item.analyzer == LATIN:
                continue  # Latin-script fields cannot hold a Thai word as one term
            analysed = _analyse(item.analyzer, term.word)
            if not analysed:
                continue
            weight = item.field.weight
            if len(analysed) > 1:  # a word this field's analyzer splits: look for the pieces in a row
                options.append(
                    tantivy.Query.boost_query(
                        _narrowed(tantivy.Query.phrase_query(schema, item.key, analysed), narrow), weight
                    )
                )
                continue
            word = analysed[0]
            options.append(
                tantivy.Query.boost_query(
                    _narrowed(tantivy.Query.term_query(schema, item.key, word), narrow), weight * EXACT_BOOST
                )
            )
            # Typos are looked for in text of the word's own script: a Latin word in Thai text
            # (a name, "PM2.5") must be exact, which saves building its automaton twice more.
            if (term.distance or term.prefix) and (thai or item.language not in SEGMENTED_LANGUAGES):
                found = typos.expansion(item.key, word, term.distance, term.prefix) if typos else None
                if found is None:
                    fuzzy = _narrowed(
                        tantivy.Query.fuzzy_term_query(
                            schema,
                            item.key,
                            word,
                            distance=term.distance,
                            transposition_cost_one=True,
                            prefix=term.prefix,
                        ),
                        narrow,
                    )
                elif not found:
                    continue  # no term of this field is within reach: the clause would match nothing
                else:
                    fuzzy = self._any_of(
                        [
                            _narrowed(tantivy.Query.term_query(schema, item.key, each), narrow)
                            for each in found
                        ]
                    )
                options.append(tantivy.Query.const_score_query(fuzzy, weight * TYPO_SCORE))
        if term.marked:
            for _, key, weight in layout.toned:
                exact = _narrowed(tantivy.Query.term_query(schema, key, term.marked), narrow)
                options.append(tantivy.Query.boost_query(exact, weight * TONE_BOOST))
        if not thai:
            for stem in layout.stems:
                stemmed = stem.query_stem(term.word)
                if stemmed:
                    query = _narrowed(tantivy.Query.term_query(schema, stem.key, stemmed), narrow)
                    options.append(tantivy.Query.boost_query(query, stem.weight * STEM_BOOST))
        return self._any_of(options) if options else None

    def _phrase_clauses(
        self,
        layout: _Layout,
        words: tuple[str, ...],
        typos: TypoTerms | None = None,
        *,
        counting: bool = False,
        narrow: tantivy.Query | None = None,
    ) -> list[tantivy.Query]:
        """A glossary equivalent, as written (no typos), in any text field.

        ``counting``: the clauses only need to match the right documents (a filter, facet
        counts): in a field where ``typos``' searcher has the words only ever together, their
        conjunction, which tantivy finds without reading positions (see
        TypoTerms.phrase_as_conjunction). ``narrow``: see _build_plan."""
        clauses: list[tantivy.Query] = []
        for item in layout.text:
            analysed = [piece for word in words for piece in _analyse(item.analyzer, word)]
            if not analysed:
                continue
            if len(analysed) == 1:
                query = _narrowed(tantivy.Query.term_query(layout.schema, item.key, analysed[0]), narrow)
            elif (
                counting
                and typos is not None
                and typos.phrase_as_conjunction(layout.schema, item.key, tuple(analysed))
            ):
                query = self._all_of(
                    [
                        _narrowed(tantivy.Query.term_query(layout.schema, item.key, each), narrow)
                        for each in analysed
                    ]
                )
            else:
                query = _narrowed(
                    tantivy.Query.phrase_query(layout.schema, item.key, analysed, slop=1), narrow
                )
            clauses.append(tantivy.Query.boost_query(query, item.field.weight * SYNONYM_BOOST))
        return clauses
