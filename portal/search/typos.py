"""What counts as a typo, for both engines and the "Did you mean" suggestion.

One rule for how many typos a word may hold (Meilisearch's ``minWordSizeForTypos`` is set from
it too) and one optimal-string-alignment table (transpositions cost one, as tantivy's fuzzy
queries and Meilisearch count them), so the engine's matching and the suggestion agree.
"""

from __future__ import annotations

from collections.abc import Iterator

__all__ = ["MIN_ONE_TYPO", "MIN_TWO_TYPOS", "alignment_rows", "distance", "typo_distance"]

MIN_ONE_TYPO = 4
MIN_TWO_TYPOS = 8


def typo_distance(word: str) -> int:
    """Typos a query word may hold: none under 4 letters, one from 4, two from 8 (both engines)."""
    if len(word) < MIN_ONE_TYPO:
        return 0
    return 1 if len(word) < MIN_TWO_TYPOS else 2


def alignment_rows(a: str, b: str, limit: int) -> Iterator[tuple[int, list[int]]]:
    """Rows 1… of the optimal-string-alignment table of ``a`` against ``b``.

    Row i holds the distances of ``a[:i]`` to every beginning of ``b``, so its last cell is the
    distance of ``a[:i]`` to ``b``. Stops before a row whose every cell exceeds ``limit``: no
    longer beginning of ``a`` can come back within it.
    """
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return
        yield i, current
        previous2, previous = previous, current


def distance(a: str, b: str, limit: int) -> int:
    """The optimal-string-alignment distance of ``a`` and ``b``, or ``limit + 1`` once it is
    certain to exceed ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    rows, last = 0, len(b)
    for i, row in alignment_rows(a, b, limit):
        rows, last = i, row[-1]
    return last if rows == len(a) else limit + 1
