"""The text the embedded index stores: words separated so that tantivy's tokenizer cuts them as
``words`` does (Thai runs segmented, Latin punctuation split off), with caches for short pieces.
"""

from __future__ import annotations

import re
from functools import lru_cache

from portal.search.text.words import _WORD, THAI_SEPARATOR, _spans, is_thai, normalise

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
