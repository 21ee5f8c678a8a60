"""Typo and word-form matching of query words against index terms, for highlighting.

tantivy's fuzzy queries find the documents; these functions tell which of a hit's terms a query
word found (``_Term.matches``), by the same rules: optimal string alignment within the word's
typo budget (``fuzzy_distance``), as a prefix for the last word, or a shared stem.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
import tantivy

from portal.search.engines.embedded.analysis import STEMMED_EN, _analyse
from portal.search.text import is_thai, stem_indonesian
from portal.search.typos import alignment_rows, typo_distance


def fuzzy_distance(word: str) -> int:
    """Typos tolerated in a query word: none under 4 letters, one from 4, two from 8.

    Four letters, because the words readers slip on in this domain are short ("smog", "haze",
    "kota"); shorter words would match too much with one typo ("ozn" ~ "on", "no"). Meilisearch
    is given the same sizes (MIN_WORD_SIZE_FOR_TYPOS there), "Did you mean" uses the same rule.
    """
    return typo_distance(word)


@dataclass(frozen=True)
class _Term:
    """One word of the query as the engine looks for it."""

    word: str
    distance: int
    prefix: bool
    # The word with the reader's tone marks, when it has any (TONED_LANGUAGES); else "".
    marked: str = ""

    def matches(self, term: str) -> bool:
        """Whether index term ``term`` is what this word finds (used to choose highlights; each
        plan keeps the verdicts, see ``_Plan.marks``)."""
        if term == self.word or (self.prefix and term.startswith(self.word)):
            return True
        if _same_stem(term, self.word):
            return True
        if self.distance == 0:
            return False
        if self.prefix:
            return _prefix_within(term, self.word, self.distance)
        return _within(term, self.word, self.distance)


def _same_stem(term: str, word: str) -> bool:
    """Whether index term ``term`` is a form of query ``word`` (English or Indonesian stems)."""
    if is_thai(word) or is_thai(term):
        return False
    if stem_indonesian(term) == stem_indonesian(word):
        return True
    return _analyse(STEMMED_EN, term) == _analyse(STEMMED_EN, word)


def _within(a: str, b: str, limit: int) -> bool:
    """Whether the optimal-string-alignment distance of a and b is at most ``limit``."""
    if abs(len(a) - len(b)) > limit or len(set(b) - set(a)) > limit:
        return False
    rows, last = 0, len(b)
    for i, row in alignment_rows(a, b, limit):
        rows, last = i, row[-1]
    return rows == len(a) and last <= limit


def _prefix_within(term: str, word: str, limit: int) -> bool:
    """Whether some beginning of ``term`` is within ``limit`` (optimal string alignment) of ``word``.

    One table instead of one per beginning: the lengths looked at are word's, give or take
    ``limit``.
    """
    low = max(1, len(word) - limit)
    high = min(len(term), len(word) + limit)
    if high < low or len(set(word) - set(term[:high])) > limit:
        return False
    return any(i >= low and row[-1] <= limit for i, row in alignment_rows(term[:high], word, limit))


TYPO_VOCABULARY_LIMIT = 20_000
"""Terms of one field read into a _TypoTerms at most: a larger field keeps tantivy's own typo
automaton (reading and matching its words in Python would cost more than the automaton)."""
TYPO_EXPANSION_LIMIT = 128
"""Index terms one typo or prefix word may stand for as a list of terms; more keep the automaton."""
PHRASE_VERDICTS = 4_096
"""Verdicts of ``TypoTerms.phrase_as_conjunction`` kept per searcher (a field and a phrase each)."""
PHRASE_CHECK_MIN_DOCUMENTS = 1_000
"""A phrase whose rarest word is in fewer documents of a field stays a phrase there: reading so
few documents' positions costs less than checking, after each commit, that it could be spared."""


def accepts(term: str, word: str, distance: int, prefix: bool) -> bool:
    """Whether tantivy's fuzzy term query for ``word`` (``distance`` typos, transpositions costing
    one; with ``prefix``, any term beginning within that distance) matches index ``term``."""
    if prefix and term.startswith(word):
        return True
    if distance == 0:
        return term == word
    if prefix:
        return _prefix_within(term, word, distance)
    return _within(term, word, distance)


class TypoTerms:
    """The terms of one searcher's text fields, to find a typo or prefix word's matching terms.

    Why: tantivy runs a fuzzy query as an automaton over the field's term dictionary that fills a
    bit set of every matching document, and a word is looked for in a dozen fields: most of a
    search's time (BENCHMARKS.md, session 12). The same documents, with the same constant score,
    are matched by a plain disjunction of the terms the automaton would accept, which tantivy
    walks many times faster. The terms come from the searcher's own dictionaries, so the list is
    exactly what the automaton would find in it; a field with too many terms keeps the automaton.
    """

    _serials = itertools.count(1)

    def __init__(self, searcher: tantivy.Searcher, keys: list[str]) -> None:
        self.searcher = searcher  # the searcher these terms are of: used with no other
        # Names this vocabulary in plan cache keys (a plan built with it holds its term lists).
        self.serial = next(self._serials)
        # Per field: its terms, their lengths and letter masks (see _letters), for _candidates.
        self._terms: dict[str, tuple[tuple[str, ...], np.ndarray, np.ndarray]] = {}
        for key in keys:
            found = searcher.terms_with_prefix(key, "", limit=TYPO_VOCABULARY_LIMIT + 1)
            if len(found) <= TYPO_VOCABULARY_LIMIT:
                terms = tuple(term for term, _ in found)
                lengths = np.fromiter((len(term) for term in terms), dtype=np.int64, count=len(terms))
                masks = np.fromiter((_letters(term) for term in terms), dtype=np.uint64, count=len(terms))
                self._terms[key] = (terms, lengths, masks)
        self._expansions: dict[tuple[str, str, int, bool], tuple[str, ...] | None] = {}
        self._phrases: dict[tuple[str, tuple[str, ...]], bool] = {}

    def expansion(self, key: str, word: str, distance: int, prefix: bool) -> tuple[str, ...] | None:
        """The terms of ``key`` that the fuzzy query of ``word`` matches; None: not known here
        (the field has too many terms, or the word matches too many), the automaton must run."""
        wanted = (key, word, distance, prefix)
        if wanted in self._expansions:
            return self._expansions[wanted]
        terms = self._terms.get(key)
        found: tuple[str, ...] | None = None
        # A budget as large as the word is never planned (fuzzy_distance), and there tantivy's
        # prefix automaton accepts more than ``accepts`` says: left to the automaton.
        if terms is not None and distance < len(word):
            found = tuple(
                term
                for term in _candidates(*terms, word, distance, prefix)
                if accepts(term, word, distance, prefix)
            )
            if len(found) > TYPO_EXPANSION_LIMIT:
                found = None
        self._expansions[wanted] = found  # one value per key: a race writes the same value
        return found

    def count(self, query: tantivy.Query) -> int:
        """How many of this searcher's documents ``query`` matches (scores left uncomputed)."""
        return _count(self.searcher, tantivy.Query.const_score_query(query, 0.0))

    def phrase_as_conjunction(self, schema: tantivy.Schema, key: str, words: tuple[str, ...]) -> bool:
        """Whether, in this searcher, the conjunction of ``words`` in field ``key`` matches the
        same documents as their glossary phrase (in a row, slop 1) and is worth using instead.

        Why: a glossary phrase is a phrase query in every text field, and tantivy reads the
        positions of each document holding its words (at 100,000 experts the four-language
        expertise labels: most documents), 3-5x the cost of the conjunction. Where only which
        documents match counts (the phrase as a filter, facet counts), the conjunction can stand
        in for the phrase in this searcher, whose documents never change. The phrase matches a
        subset of the conjunction's documents, so equal counts mean the same documents; checked
        once per searcher and field, and only where the words are common enough to pay for it.
        """
        wanted = (key, words)
        verdict = self._phrases.get(wanted)
        if verdict is None:
            searcher = self.searcher
            verdict = min(searcher.doc_freq(key, word) for word in words) >= PHRASE_CHECK_MIN_DOCUMENTS
            if verdict:
                phrase = tantivy.Query.phrase_query(schema, key, list(words), slop=1)
                every = tantivy.Query.boolean_query(
                    [(tantivy.Occur.Must, tantivy.Query.term_query(schema, key, word)) for word in words]
                )
                verdict = _count(searcher, phrase) == _count(searcher, every)
            if len(self._phrases) < PHRASE_VERDICTS:
                self._phrases[wanted] = verdict  # one value per key: a race writes the same value
        return verdict


def _count(searcher: tantivy.Searcher, query: tantivy.Query) -> int:
    return searcher.search(query, limit=1, count=True).count or 0


def _letters(text: str) -> int:
    """A 64-bit mask of the letters of ``text`` (each letter one bit of 64; letters may share)."""
    mask = 0
    for letter in text:
        mask |= 1 << (ord(letter) % 64)
    return mask


def _candidates(
    terms: tuple[str, ...], lengths: np.ndarray, masks: np.ndarray, word: str, distance: int, prefix: bool
) -> list[str]:
    """The terms that may be within ``distance`` of ``word`` (or begin so, with ``prefix``): the
    others are ruled out for the whole vocabulary at once, which checking term by term in Python
    (~1 µs each, 20,000 terms a field) would not afford. Both tests only rule out terms that
    cannot match: a term within the distance is no more than it longer or shorter (a prefix
    match no more shorter), and lacks at most ``distance`` of the word's letters (sharing a
    bit only makes a letter look present)."""
    wanted = _letters(word)
    near = lengths >= len(word) - distance
    if not prefix:
        near &= lengths <= len(word) + distance
    lacking = np.bitwise_count(np.uint64(wanted) & ~masks)
    near &= lacking <= distance
    return [terms[index] for index in np.flatnonzero(near)]
