"""Typo and word-form matching of query words against index terms, for highlighting.

tantivy's fuzzy queries find the documents; these functions tell which of a hit's terms a query
word found (``_Term.matches``), by the same rules: optimal string alignment within the word's
typo budget (``fuzzy_distance``), as a prefix for the last word, or a shared stem.
"""

from __future__ import annotations

from dataclasses import dataclass

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
