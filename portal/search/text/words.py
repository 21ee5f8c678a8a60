"""Words of a text in their canonical form: normalising, folding Latin script to ASCII, cutting Thai
runs into words, and the tokens of a query.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pythainlp.util import Trie

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


HAVE = "มี"
"""The Thai verb "to have", one of the Thai stop words (portal.search.stopwords)."""
NOT_HAVE_PHRASES = frozenset({"มีนา", "มีโอ"})
"""Dictionary words that begin with มี without being "have" + a word: มีนา is March, shortened."""


@lru_cache(maxsize=1)
def _segmentation_dictionary() -> Trie:
    """PyThaiNLP's dictionary without its "have + noun" phrases (มีแผน, มีปัญหา, มีประสิทธิภาพ).

    Why: the dictionary lists some 110 phrases made of มี (to have) and a word it also lists,
    and newmm then cuts them as one word. A question asks with มี ("กรุงเทพฯ มีแผน…อย่างไร",
    does Bangkok have a plan…) and texts say "มีประสิทธิภาพ" (is efficient): glued to มี, the
    noun a reader looks for (แผน, a plan) is no word of the query or of the text, and the stop
    word มี cannot be set aside. Cut as มี + the word, both the query and the text have the noun,
    and a query that types the phrase still finds it (the same two words in a row).
    """
    from pythainlp.corpus import thai_words  # imported late: loads a dictionary (~0.4 s)
    from pythainlp.util import dict_trie

    words = thai_words()
    phrases = {
        word
        for word in words
        if word.startswith(HAVE) and word[len(HAVE) :] in words and word not in NOT_HAVE_PHRASES
    }
    return dict_trie(words - phrases)


@lru_cache(maxsize=4096)
def _thai_words(run: str) -> tuple[str, ...]:
    from pythainlp.tokenize import word_tokenize  # imported late: loads a dictionary (~0.4 s)

    words = word_tokenize(run, engine="newmm", custom_dict=_segmentation_dictionary())
    return tuple(word for word in words if word.strip())


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


def marked_words(text: str) -> list[str]:
    """The words of ``text`` as :func:`tokens_for_query` finds them, in the same order, lower-cased
    but not folded: Vietnamese tone marks kept ("khóa học", a course, is not "khoa học", science),
    so an engine can rank a match with the reader's own marks above a folded one."""
    return [normalise(word) for word, _, _ in _spans(normalise(text[:MAX_QUERY_LENGTH], lower=False))]


def canonical_query(text: str) -> str:
    """The form two queries share when a reader would call them the same search.

    NFKC, lower case, Latin letters folded (tone marks dropped, đ→d), whitespace runs as one
    space, cut to MAX_QUERY_LENGTH: so an editors' pick for "Ha Noi" also answers "hà  nội",
    and the search report counts both as one query. Punctuation and word order are kept, and
    Thai is not segmented: the key must stay readable in the report.
    """
    printable = "".join(char if char.isprintable() else " " for char in text[:MAX_QUERY_LENGTH])
    return " ".join(fold(piece) for piece in normalise(printable).split(" ") if piece)


def load_thai_dictionary() -> None:
    """Load PyThaiNLP's dictionary now instead of on the first Thai text a process meets.

    A server that forks its workers calls this before forking, so they share one copy.
    """
    _thai_words.__wrapped__("ภาษาไทย")
