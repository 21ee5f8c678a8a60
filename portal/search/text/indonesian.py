"""Indonesian stemming (Sastrawi), cached per word and per short text."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from portal.search.text.segmenting import SEGMENT_CACHE_LENGTH
from portal.search.text.words import tokenize

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
