"""Highlight marks on whole words: what an engine marked, moved onto the words a reader sees.

Why: an engine marks what it matched, and that is not always a word. Meilisearch marks only the
part of a word a prefix matched ("<mark>emis</mark>sions"), and its Thai segmenter cuts some
words where PyThaiNLP does not, so a query's "การ" can be marked inside "ผู้ว่าการ" (governor).
And PyThaiNLP itself cuts "การ", the prefix that makes a noun of the verb after it, off as a word
of its own ("บัญชี|การ|ปล่อย|มลพิษ", emissions inventory): a query with "การจัดการ" (management)
then marks the "การ" of "การปล่อย" (emission), a piece of another word to the reader. Both
engines' marks therefore go through :func:`whole_word_ranges`, which keeps a mark only on whole
words as :func:`portal.search.text.tokenize` cuts them, and never on a bound prefix alone.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable

from portal.search.text.words import THAI_SEPARATOR, _spans

BOUND_PREFIXES = frozenset({"การ", "ความ"})
"""Thai prefixes that make a noun of the verb or adjective after them (การจัดการ, management;
ความเสี่ยง, risk). The word segmenter often cuts them off, but alone they mean nothing a reader
looks for: a mark on one is kept only when the word after it is marked too (the whole noun)."""


def whole_word_ranges(text: str, ranges: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """``ranges`` (character offsets of marks in ``text``) on whole words, merged, in order.

    A mark that begins at the start of a word is stretched to the end of the last word it
    reaches (a prefix match marks the word it found); a mark that begins inside a word is a
    match on a piece of it and is dropped, as is one on no word at all (spaces, punctuation).
    Marks that touch, or are separated only by THAI_SEPARATOR, become one; a mark then left on
    a Thai bound prefix alone (BOUND_PREFIXES) is dropped.
    """
    wanted = sorted((start, end) for start, end in ranges if end > start)
    if not wanted:
        return []
    # The usual case, every mark already on whole words (tantivy marks index terms, and the
    # embedded index separates Thai words), needs no cutting of the text into words again.
    whole = all(_whole(text, start, end) for start, end in wanted)
    snapped = wanted if whole else _snapped(text, wanted)
    merged: list[tuple[int, int]] = []
    for start, end in snapped:
        if merged and start <= merged[-1][1] + _separators_after(text, merged[-1][1], start):
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return [
        (start, end)
        for start, end in merged
        if text[start:end].replace(THAI_SEPARATOR, "") not in BOUND_PREFIXES
    ]


_WORD_CHAR = re.compile(r"[^\W_]|[\u0E00-\u0E7F]")


def _whole(text: str, start: int, end: int) -> bool:
    """Whether the mark is on whole words without cutting the text: it begins and ends with a
    word character and no word character touches it (Thai letters always touch other Thai
    letters, so a mark in unsegmented Thai text is never taken as whole here)."""
    inside = _WORD_CHAR.match(text, start) and _WORD_CHAR.match(text, end - 1)
    before = start > 0 and _WORD_CHAR.match(text, start - 1)
    after = end < len(text) and _WORD_CHAR.match(text, end)
    return bool(inside) and not before and not after


def _snapped(text: str, wanted: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The marks moved onto the words of ``text`` as tokenize cuts them (see whole_word_ranges)."""
    words = [(start, end) for _, start, end in _spans(text)]
    starts = [start for start, _ in words]
    snapped: list[tuple[int, int]] = []
    for start, end in wanted:
        first = _word_at(words, starts, start)
        if first is None:
            # The mark begins between words: it counts from the first word inside it.
            index = bisect_right(starts, start)
            if index >= len(words) or words[index][0] >= end:
                continue
            first = index
        elif words[first][0] != start:
            continue  # begins inside a word: a piece of it, not a word the query found
        last = _word_at(words, starts, end - 1)
        if last is None:
            last = bisect_right(starts, end - 1) - 1
        snapped.append((words[first][0], max(words[first][1], words[last][1])))
    return snapped


def _word_at(words: list[tuple[int, int]], starts: list[int], offset: int) -> int | None:
    """The index of the word containing character ``offset``, None between words."""
    index = bisect_right(starts, offset) - 1
    if index >= 0 and words[index][1] > offset:
        return index
    return None


def _separators_after(text: str, end: int, start: int) -> int:
    """How many characters from ``end`` to ``start`` there are, if all are THAI_SEPARATOR, else 0."""
    gap = text[end:start]
    return len(gap) if gap and gap.strip(THAI_SEPARATOR) == "" else 0
