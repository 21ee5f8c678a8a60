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

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

__all__ = [
    "MAX_QUERY_LENGTH",
    "THAI_SEPARATOR",
    "Token",
    "canonical_query",
    "fold",
    "is_thai",
    "normalise",
    "segment_for_index",
    "segment_thai",
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
