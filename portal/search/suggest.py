""" "Did you mean …": a correction of the query built from the words its typos matched.

Why from the hits' highlights: both engines mark, in each hit's snippets, the words of the text
that the query found, typo matches included ("emisions" marks "emissions"). A query word that
none of the marked words spells exactly, but that one of them is within the word's typo
distance of, was found only by a typo: the marked word, as the text writes it, is the
correction. Exact matches rank above typo matches on both engines, so when the page's hits hold
no exact match of a word, the index most likely holds none either. Engine-neutral, and free:
the hits are already there.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterable

from portal.search.query import Hit
from portal.search.stopwords import optional_positions
from portal.search.text import MAX_QUERY_LENGTH, normalise, tokenize
from portal.search.typos import distance, typo_distance

__all__ = ["did_you_mean", "typo_distance"]

_MARKED = re.compile(r"<mark>(.*?)</mark>", re.DOTALL)


def did_you_mean(text: str, hits: Iterable[Hit], *, collection_words: Iterable[str] = ()) -> str:
    """``text`` with each word found only by a typo replaced by the word it found; "" if none.

    The last word is left alone when a marked word begins with it (the reader may still be
    typing it). Stop words and ``collection_words`` are never corrected.
    """
    text = text[:MAX_QUERY_LENGTH]
    tokens = tokenize(text)
    if not tokens:
        return ""
    # Folded marked word -> how often each written form of it was marked.
    marked: dict[str, Counter[str]] = {}
    # The same few words are marked in most hits: each distinct fragment is normalised and
    # tokenised once, counted as often as it was marked (in the order first marked, as before).
    fragments: Counter[str] = Counter()
    for hit in hits:
        for snippet in hit.highlights.values():
            fragments.update(_MARKED.findall(snippet))
    for fragment, times in fragments.items():
        written = normalise(html.unescape(fragment), lower=False)
        for token in tokenize(written):
            marked.setdefault(token.text, Counter())[written[token.start : token.end]] += times
    if not marked:
        return ""
    optional = optional_positions(text, collection_words=tuple(collection_words))
    normalised = normalise(text, lower=False)
    pieces: list[str] = []
    position = 0
    changed = False
    for index, token in enumerate(tokens):
        word = token.text
        if index in optional or word in marked:
            continue
        if index == len(tokens) - 1 and any(candidate.startswith(word) for candidate in marked):
            continue
        limit = typo_distance(word)
        if not limit:
            continue
        near = [
            (sum(forms.values()), candidate)
            for candidate, forms in marked.items()
            if distance(candidate, word, limit) <= limit
        ]
        if not near:
            continue
        best = marked[max(near)[1]].most_common(1)[0][0]
        typed = normalised[token.start : token.end]
        pieces.append(normalised[position : token.start])
        pieces.append(best.lower() if typed.islower() else best)
        position = token.end
        changed = True
    if not changed:
        return ""
    pieces.append(normalised[position:])
    return "".join(pieces)
