"""Language analysis shared by every search engine.

Why this lives outside the engines: the embedded engine needs Thai segmented before tantivy sees
it, the glossary needs query text in one canonical form whichever engine runs, and highlighting
needs to tokenise the same way the index did. Keeping these rules in one place means a query
typed in any of the four languages is cut into the same words everywhere.

The canonical form of a word: Unicode-normalised, lower-cased, and (for Latin script) folded to
ASCII, so "Hà Nội", "HA NOI" and "ha noi" are the same two words and "Đà Nẵng" is "da nang".
Thai has no spaces between words, so Thai runs are segmented with PyThaiNLP's dictionary-based
``newmm`` engine; Thai marks are never folded (they carry meaning).
"""

from __future__ import annotations

import itertools
import re
import threading
import unicodedata
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

__all__ = [
    "MAX_QUERY_LENGTH",
    "THAI_SEPARATOR",
    "ThaiVocabulary",
    "Token",
    "canonical_query",
    "correct_thai",
    "fold",
    "is_thai",
    "normalise",
    "segment_for_index",
    "segment_thai",
    "stem_indonesian",
    "stem_indonesian_text",
    "tokenize",
    "tokens_for_query",
]

MAX_QUERY_LENGTH = 200
"""Longest query text accepted, in characters; longer input is cut (no one types more)."""

THAI_SEPARATOR = "\t"
"""Inserted between words that were written without a space, so a whitespace tokenizer sees them.

A tab, because :func:`normalise` turns every original tab into a space: any tab in segmented text
was put there by :func:`segment_for_index` and can be removed again for display.
"""

_THAI_RUN = re.compile(r"[\u0E00-\u0E7F]+")
_WORD = re.compile(r"(?:[^\W_]|[\u0E00-\u0E7F])+")
_SPACE = re.compile(r"\s+")
# Letters NFKD does not decompose but that readers type without their stroke.
_LATIN_EXTRA = str.maketrans({"đ": "d", "Đ": "d", "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "ß": "ss"})


@dataclass(frozen=True, slots=True)
class Token:
    """A word of a text: its canonical form and where it was in the normalised text."""

    text: str
    start: int
    end: int


def is_thai(text: str) -> bool:
    """Whether ``text`` contains Thai script (and so needs segmenting)."""
    return _THAI_RUN.search(text) is not None


def normalise(text: str, *, lower: bool = True) -> str:
    """NFKC (NFC for Thai), lower case (unless ``lower`` is false), whitespace runs as one space.

    Thai is only NFC-normalised: NFKC would split SARA AM (U+0E33) into two characters that
    PyThaiNLP's dictionary does not know, and no Thai word would then be found.
    """
    pieces: list[str] = []
    position = 0
    for match in _THAI_RUN.finditer(text):
        pieces.append(unicodedata.normalize("NFKC", text[position : match.start()]))
        pieces.append(unicodedata.normalize("NFC", match.group()))
        position = match.end()
    pieces.append(unicodedata.normalize("NFKC", text[position:]))
    result = _SPACE.sub(" ", "".join(pieces)).strip()
    return result.lower() if lower else result


@lru_cache(maxsize=8192)
def fold(word: str) -> str:
    """Lower-case a word and fold Latin letters to ASCII (Vietnamese tone marks, đ→d, é→e).

    Thai words are returned lower-cased only: their vowel and tone marks are part of the word.
    """
    word = word.lower()
    if is_thai(word):
        return word
    decomposed = unicodedata.normalize("NFKD", word.translate(_LATIN_EXTRA))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@lru_cache(maxsize=4096)
def _thai_words(run: str) -> tuple[str, ...]:
    from pythainlp.tokenize import word_tokenize  # imported late: loads a dictionary (~0.4 s)

    return tuple(word for word in word_tokenize(run, engine="newmm") if word.strip())


def segment_thai(text: str) -> list[str]:
    """Split a run of Thai script into words with PyThaiNLP ``newmm`` (whitespace dropped)."""
    return list(_thai_words(text))


def _spans(text: str) -> list[tuple[str, int, int]]:
    """The words of normalised ``text`` with their offsets, Thai runs segmented."""
    spans: list[tuple[str, int, int]] = []
    for match in _WORD.finditer(text):
        word, start = match.group(), match.start()
        if not is_thai(word):
            spans.append((word, start, match.end()))
            continue
        # A word run may mix scripts ("ฝุ่นPM2"): segment the Thai parts, keep the others whole.
        position = 0
        for thai in _THAI_RUN.finditer(word):
            if thai.start() > position:
                spans.append((word[position : thai.start()], start + position, start + thai.start()))
            offset = thai.start()
            for thai_word in _thai_words(thai.group()):
                found = word.find(thai_word, offset)
                if found < 0:  # newmm never rewrites text, but never lose a word if it did
                    found = offset
                spans.append((thai_word, start + found, start + found + len(thai_word)))
                offset = found + len(thai_word)
            position = thai.end()
        if position < len(word):
            spans.append((word[position:], start + position, start + len(word)))
    return spans


def tokenize(text: str) -> list[Token]:
    """Canonical words of ``text`` (normalised, folded, Thai segmented) with their offsets.

    Offsets refer to ``normalise(text, lower=False)``.
    """
    return [Token(fold(word), start, end) for word, start, end in _spans(normalise(text, lower=False))]


def tokens_for_query(text: str) -> list[str]:
    """The words a search for ``text`` looks for, in order (text capped at MAX_QUERY_LENGTH)."""
    return [token.text for token in tokenize(text[:MAX_QUERY_LENGTH])]


def canonical_query(text: str) -> str:
    """The form two queries share when a reader would call them the same search.

    NFKC, lower case, Latin letters folded (tone marks dropped, đ→d), whitespace runs as one
    space, cut to MAX_QUERY_LENGTH: so an editors' pick for "Ha Noi" also answers "hà  nội",
    and the search report counts both as one query. Punctuation and word order are kept, and
    Thai is not segmented: the key must stay readable in the report.
    """
    printable = "".join(char if char.isprintable() else " " for char in text[:MAX_QUERY_LENGTH])
    return " ".join(fold(piece) for piece in normalise(printable).split(" ") if piece)


SEGMENT_CACHE_LENGTH = 200
"""Texts up to this long are segmented once per process: names of places, taxonomy labels,
positions and organisations repeat across thousands of documents in a rebuild."""


def segment_for_index(text: str) -> str:
    """``text`` normalised (case kept), with THAI_SEPARATOR between words that touch ("PM2.5").

    A whitespace tokenizer over the result yields the same words as :func:`tokenize` (plus any
    punctuation standing alone, which no query ever asks for). The text is otherwise unchanged,
    so removing the separators again gives readable text for highlights.
    """
    if len(text) <= SEGMENT_CACHE_LENGTH:
        return _segment_short(text)
    return _segment(text)


@lru_cache(maxsize=16384)
def _segment_short(text: str) -> str:
    return _segment(text)


# Where _segment puts a separator in text without Thai script, as zero-width matches (the gaps
# between words are maximal runs of non-word characters): after a word that punctuation touches,
# before a word that punctuation touches, and after the last word when what follows it is a space
# and then punctuation (the tail rule in _segment). One regex pass instead of a Python loop per
# word: most indexed text (every English, Vietnamese and Indonesian field) takes this path.
_LATIN_SEPARATIONS = re.compile(r"(?<=[^\W_])(?=[^\w\s]|_|\s[\W_]*\Z)|(?<=[^\w\s]|_)(?=[^\W_])")
_LATIN_WORD_CHAR = re.compile(r"[^\W_]")


def _segment(text: str) -> str:
    normalised = normalise(text, lower=False)
    if not normalised:
        return ""
    if not is_thai(normalised):
        if _LATIN_WORD_CHAR.search(normalised) is None:
            return THAI_SEPARATOR + normalised  # no word at all: what the loop below makes of it
        return _LATIN_SEPARATIONS.sub(THAI_SEPARATOR, normalised)
    return _segment_by_piece(normalised)


_ENDS_IN_WORD = re.compile(r"(?:[^\W_]|[\u0E00-\u0E7F])\Z")


def _segment_by_piece(normalised: str) -> str:
    """_segment_spans(normalised), one space-separated piece at a time, each piece cached.

    Words never contain a space, so a piece is segmented the same alone as within the text; the
    pieces of a long text (expertise labels in four languages, biographies) repeat across
    thousands of documents, while whole texts rarely do. Two differences from segmenting the whole
    text are put right here: a piece without any word stays as it is (punctuation between words),
    and a space followed by punctuation after the last word takes a separator before it.
    """
    pieces = normalised.split(" ")
    out = [_segment_piece(piece) for piece in pieces]
    last = next((index for index in range(len(out) - 1, -1, -1) if out[index] is not None), None)
    if last is None:
        return THAI_SEPARATOR + normalised
    if last < len(out) - 1 and _ENDS_IN_WORD.search(pieces[last]):
        out[last] += THAI_SEPARATOR
    return " ".join(
        piece if segmented is None else segmented for piece, segmented in zip(pieces, out, strict=True)
    )


# 100,000 bench experts hold fewer than 600 distinct pieces with Thai; the bound keeps the memory
# a long-running process gives this cache to a few megabytes whatever the texts.
@lru_cache(maxsize=16384)
def _segment_piece(piece: str) -> str | None:
    """A piece of text without spaces segmented, or None if it holds no word."""
    if _WORD.search(piece) is None:
        return None
    return _segment_spans(piece)


def _segment_spans(normalised: str) -> str:
    """The general case (Thai script present): separators placed word by word."""
    out: list[str] = []
    position = 0
    for _, start, end in _spans(normalised):
        gap = normalised[position:start]
        if gap and not out:  # leading punctuation: "(PM2.5)"
            out.append(gap if gap[-1].isspace() else gap + THAI_SEPARATOR)
        elif gap:
            out.append(_separate(gap))
        elif out:
            out.append(THAI_SEPARATOR)
        out.append(normalised[start:end])
        position = end
    tail = normalised[position:]
    if tail:
        out.append(tail if tail.isspace() else THAI_SEPARATOR + tail)
    return "".join(out)


def _separate(gap: str) -> str:
    """Put separators around punctuation that touches a word, so it is not glued to the word."""
    if not gap[0].isspace():
        gap = THAI_SEPARATOR + gap
    if not gap[-1].isspace():
        gap = gap + THAI_SEPARATOR
    return gap


def load_thai_dictionary() -> None:
    """Load PyThaiNLP's dictionary now instead of on the first Thai text a process meets.

    A server that forks its workers calls this before forking, so they share one copy.
    """
    _thai_words.__wrapped__("ภาษาไทย")


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


# -- Indonesian word forms -------------------------------------------------------------------


@lru_cache(maxsize=1)
def _indonesian_stemmer() -> Any:
    """Sastrawi's stemmer over its dictionary of Indonesian roots (loaded once, ~0.1 s).

    Built without Sastrawi's own result cache, which keeps every word it ever saw: the bounded
    cache of :func:`stem_indonesian` does that job.
    """
    from Sastrawi.Dictionary.ArrayDictionary import ArrayDictionary
    from Sastrawi.Stemmer.Stemmer import Stemmer
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return Stemmer(ArrayDictionary(StemmerFactory().get_words()))


_LETTERS = re.compile(r"[a-z]+")


@lru_cache(maxsize=65536)
def stem_indonesian(word: str) -> str:
    """The root of a canonical Indonesian word: "pemantauan", "memantau" -> "pantau".

    Sastrawi strips the affixes (me-, di-, pe-, ber-, -an, -kan, -i, -nya…) only when what is
    left is a root in its dictionary, so names and loan words come back unchanged. Words with
    anything but the letters a-z (numbers, "pm2") are returned as they are. Cached: the same few
    thousand words make up most Indonesian text, and a rebuild stems every one of them.
    """
    if not _LETTERS.fullmatch(word):
        return word
    return _indonesian_stemmer().stem_word(word) or word


def stem_indonesian_text(text: str) -> str:
    """The canonical words of ``text`` as their Indonesian roots, separated by spaces.

    Indexed for Indonesian fields and matched by each query word's root: tantivy has no
    Indonesian stemmer, so the text is analysed here, the way Thai is segmented here.
    """
    if len(text) <= SEGMENT_CACHE_LENGTH:
        return _stem_indonesian_short(text)
    return _stem_indonesian_text(text)


# Positions and organisations repeat across thousands of experts in a rebuild.
@lru_cache(maxsize=16384)
def _stem_indonesian_short(text: str) -> str:
    return _stem_indonesian_text(text)


def _stem_indonesian_text(text: str) -> str:
    return " ".join(stem_indonesian(token.text) for token in tokenize(text))
