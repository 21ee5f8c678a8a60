"""Thai spelling: the vocabulary of the indexed words and the correction of a Thai query word that is
one edit away from a known word.
"""

from __future__ import annotations

import itertools
import re
import threading
from collections import OrderedDict

from portal.search.text.words import _THAI_RUN, MAX_QUERY_LENGTH, _spans, _thai_words, is_thai, normalise

# -- Thai misspellings -----------------------------------------------------------------------

THAI_CORRECTION_MIN_LENGTH = 4
"""Shortest Thai word (in characters, marks included) a misspelling is corrected to: shorter
words are one slip away from too many others."""
THAI_CORRECTION_MAX_LENGTH = 20
"""Longest stretch of a Thai run looked at as one misspelt word (no Thai word is longer)."""
_UNKNOWN_COST = 1.0
"""What leaving one character of a piece the index does not know costs a correction: a slip
(one edit) is worth correcting when it makes a piece of two or more characters known."""
_SEGMENT_COST = 0.01
"""What each word costs, so that of two equally good readings the one with fewer words wins."""


class ThaiVocabulary:
    """The Thai words of an index, with how many documents hold each, for spelling correction.

    Why: PyThaiNLP segments a misspelt word ("อากาษ" for "อากาศ") into short dictionary
    fragments ("อา", "กา", "ษ"), and typo tolerance, which works word by word, then has nothing
    to work on. Corrected against the words the index holds, the run becomes words that match.
    Candidates one edit away are found through a table of the words with one letter deleted
    (symmetric deletion), so a lookup costs a few dictionary probes, not a scan of the words.
    """

    def __init__(self, counts: dict[str, int]) -> None:
        """``counts``: index word -> document frequency (words without Thai script are ignored)."""
        self.counts = {word: count for word, count in counts.items() if _THAI_ONLY.fullmatch(word)}
        self._table: dict[str, list[str]] | None = None
        self._short_table: dict[str, list[str]] | None = None
        self._table_lock = threading.Lock()
        # Run -> its correction: the same misspelling is typed again, paged and re-filtered.
        self.corrections: OrderedDict[str, str] = OrderedDict()

    def __contains__(self, word: str) -> bool:
        return word in self.counts

    def __len__(self) -> int:
        return len(self.counts)

    @property
    def _deletions(self) -> dict[str, list[str]]:
        """Each word with one letter deleted -> the words it comes from; built on first need
        (about 40 ms per thousand words), since most Thai queries have nothing to correct."""
        table = self._table
        if table is None:
            with self._table_lock:
                table = self._table
                if table is None:
                    table = {}
                    for word in self.counts:
                        if len(word) < THAI_CORRECTION_MIN_LENGTH:
                            continue
                        for variant in {word[:i] + word[i + 1 :] for i in range(len(word))}:
                            table.setdefault(variant, []).append(word)
                    self._table = table
        return table

    @property
    def _unmarked(self) -> dict[str, list[str]]:
        """Short words (under THAI_CORRECTION_MIN_LENGTH) with one vowel or tone mark deleted ->
        the words: a mark left out or mistyped is the slip short words get ("ตำ" for "ต่ำ")."""
        table = self._short_table
        if table is None:
            with self._table_lock:
                table = self._short_table
                if table is None:
                    table = {}
                    for word in self.counts:
                        if len(word) >= THAI_CORRECTION_MIN_LENGTH:
                            continue
                        for i, char in enumerate(word):
                            if char in _THAI_MARKS:
                                table.setdefault(word[:i] + word[i + 1 :], []).append(word)
                    self._short_table = table
        return table

    def _nearest_short(self, text: str) -> str | None:
        """The most frequent short index word ``text`` is with one mark left out or mistyped."""
        unmarked = self._unmarked
        candidates = set(unmarked.get(text, ()))
        for i, char in enumerate(text):
            if char in _THAI_MARKS:
                candidates.update(unmarked.get(text[:i] + text[i + 1 :], ()))
        candidates.discard(text)
        return max(candidates, key=lambda word: (self.counts[word], word), default=None)

    def nearest(self, text: str) -> str | None:
        """The most frequent index word one edit (or one swap of neighbours) from ``text``.

        Words under THAI_CORRECTION_MIN_LENGTH are only reached through a vowel or tone mark.
        """
        short = self._nearest_short(text) if len(text) < THAI_CORRECTION_MIN_LENGTH else None
        if len(text) + 1 < THAI_CORRECTION_MIN_LENGTH:
            return short
        deletions = self._deletions
        candidates: set[str] = set(deletions.get(text, ()))  # a letter left out
        for i in range(len(text)):
            shorter = text[:i] + text[i + 1 :]
            if shorter in self.counts and len(shorter) >= THAI_CORRECTION_MIN_LENGTH:
                candidates.add(shorter)  # a letter too many
            candidates.update(deletions.get(shorter, ()))  # a letter replaced, or two swapped
        best = short
        for word in candidates:
            better = best is None or (self.counts[word], word) > (self.counts[best], best)
            if better and word != text and _one_edit(word, text):
                best = word
        return best


def reads_as_words(text: str) -> bool:
    """Whether ``text`` holds at least one word: any word outside Thai script, or a Thai piece of
    two or more characters that PyThaiNLP's dictionary knows.

    Why: Thai keyboard mash ("ฟหกดเ่าสว", the home row typed on a Thai layout) is one piece no
    dictionary reads, yet the embedding model places any Thai-script string near Thai text, so
    hybrid search must not look for its meaning. Misspelt Thai words still read: their
    segmentation leaves dictionary pieces ("อากาษ" is "อา", "กา", "ษ")."""
    if not is_thai(text):
        return True
    from pythainlp.corpus import thai_words  # cached by PyThaiNLP after the first call

    dictionary = thai_words()
    for word, _, _ in _spans(normalise(text[:MAX_QUERY_LENGTH])):
        if not is_thai(word) or (len(word) >= 2 and word in dictionary):
            return True
    return False


_THAI_ONLY = re.compile(r"[\u0E00-\u0E7F]+")
# Vowel signs written above or below a consonant, and the tone marks: what a hurried hand drops.
_THAI_MARKS = frozenset(
    "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c"
)


def _one_edit(a: str, b: str) -> bool:
    """Whether a and b differ by one insertion, deletion, substitution or swap of neighbours."""
    if len(a) < len(b):
        a, b = b, a
    if len(a) - len(b) > 1:
        return False
    start = 0
    while start < len(b) and a[start] == b[start]:
        start += 1
    if len(a) > len(b):
        return a[start + 1 :] == b[start:]
    if a[start + 1 :] == b[start + 1 :]:
        return True
    return a[start : start + 2] == b[start : start + 2][::-1] and a[start + 2 :] == b[start + 2 :]


def correct_thai(text: str, vocabulary: ThaiVocabulary) -> str:
    """``text`` with each Thai run that holds a word the index lacks re-read against the index.

    A run whose every segmented word is in ``vocabulary`` is returned as typed, so a correctly
    spelt query is never changed; so is a word the index lacks but the dictionary knows (four
    letters or more: a real word, just not in the index). Otherwise the run is read as the
    cheapest sequence of index words, index words one slip away (cost 1) and pieces left as they
    are (cost 1 a character), and the corrected words are written separated by spaces.
    """
    if not vocabulary or not is_thai(text):
        return text
    return _THAI_RUN.sub(lambda match: _cached_correction(match.group(), vocabulary), text)


_CORRECTIONS_KEPT = 1024


def _cached_correction(run: str, vocabulary: ThaiVocabulary) -> str:
    corrections = vocabulary.corrections
    corrected = corrections.get(run)
    if corrected is None:
        corrected = _correct_run(run, vocabulary)
        corrections[run] = corrected
        if len(corrections) > _CORRECTIONS_KEPT:
            corrections.popitem(last=False)
    return corrected


def _correct_run(run: str, vocabulary: ThaiVocabulary) -> str:
    pieces = _thai_words(normalise(run))
    if all(piece in vocabulary for piece in pieces):
        return run
    from pythainlp.corpus import thai_words  # cached by PyThaiNLP after the first call

    dictionary = thai_words()
    # Where a piece starts or ends: a piece the reader typed is kept or dropped whole.
    bounds = [0]
    for piece in pieces:
        bounds.append(bounds[-1] + len(piece))
    text = "".join(pieces)
    if bounds[-1] != len(text):  # never: segmentation keeps every character
        return run
    kept = {
        (start, end)
        for start, end, piece in zip(bounds, bounds[1:], pieces, strict=False)
        if piece in vocabulary or (len(piece) >= THAI_CORRECTION_MIN_LENGTH and piece in dictionary)
    }
    # A correction must take in some of a piece not kept: words the reader spelt right are only
    # re-read together with a neighbour that needs it ("ตรวจ" + "วัต" -> "ตรวจวัด").
    doubtful = [False] * len(text)
    for start, end in itertools.pairwise(bounds):
        if (start, end) not in kept:
            doubtful[start:end] = [True] * (end - start)
    infinity = float("inf")
    cost = [0.0] + [infinity] * len(text)
    choice: list[tuple[int, str]] = [(0, "")] * (len(text) + 1)
    for end in range(1, len(text) + 1):
        for start in range(max(0, end - THAI_CORRECTION_MAX_LENGTH), end):
            if cost[start] == infinity:
                continue
            segment = text[start:end]
            if (start, end) in kept or segment in vocabulary:
                step, word = 0.0, segment
            elif start in bounds and end in bounds:
                nearest = vocabulary.nearest(segment)
                if nearest is None:
                    step, word = _UNKNOWN_COST * len(segment), segment
                else:
                    step, word = 1.0, nearest
            elif not any(doubtful[start:end]):
                continue
            else:
                corrected = vocabulary.nearest(segment)
                if corrected is None:
                    continue
                step, word = 1.0, corrected
            if cost[start] + step + _SEGMENT_COST < cost[end]:
                cost[end] = cost[start] + step + _SEGMENT_COST
                choice[end] = (start, word)
    words: list[str] = []
    position = len(text)
    while position > 0:
        start, word = choice[position]
        words.append(word)
        position = start
    words.reverse()
    if words == list(pieces):
        return run
    return " ".join(words)
