"""Words that never decide a search result: each language's function words, and a collection's own name.

Why: readers type questions ("what can a city do about diesel trucks", "thành phố nào có xe buýt
điện", "เมืองไหนมีรถเมล์ไฟฟ้า") and name the collection they search ("air quality expert Hanoi").
If every such word had to match, one of them missing from a text would empty the answer. These
words are therefore *optional*: they still add to a document's score where they occur, but a
document never needs them. A query made only of them searches them like any other words.

The lists are short and curated rather than taken from a general-purpose list: a long list drops
words that carry meaning here. Entries are written as readers write them and compared in the
words of :func:`portal.search.text.tokenize` (Thai segmented), lower-cased but with their tone
marks (see :func:`optional_positions`), so "Như thế nào" is the three words of "như thế nào".
A few words are left out on purpose because they are half of a term of this domain: "không"
(not) of "không khí" (air), "ai" (who) reads as AI, "cho" (for) and "trong" (in) are how
"chợ" (market) and "trồng" (to plant) are typed without tone marks.

These lists apply to queries only. No engine is given them as an index-wide stop-word list:
Meilisearch would leave them out of documents too, and in an index where text is folded an
English "an", "on" or "can" is also the Vietnamese "an" (an toàn, safety), "ồn" (noise) or
"cần" (need); see portal.search.engines.meilisearch.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache, lru_cache

from portal.search.text import MAX_QUERY_LENGTH, normalise, tokenize

__all__ = ["STOP_WORDS", "optional_positions"]


def _entries(text: str) -> tuple[str, ...]:
    """Comma-separated entries (an entry may be several words) as a tuple."""
    return tuple(entry.strip() for entry in text.split(",") if entry.strip())


STOP_WORDS: dict[str, tuple[str, ...]] = {
    "en": _entries(
        """a, an, the, and, or, of, in, on, at, to, for, from, by, with, about, into, as, is, are,
        was, were, be, been, can, could, should, would, will, do, does, did, how, what, which,
        who, whom, where, when, why, i, we, you, my, our, your, it, its, this, that, these,
        those, there, any, some, me, us"""
    ),
    "vi": _entries(
        """như thế nào, thế nào, bằng cách nào, làm sao, làm thế nào, nào, gì, có, của, là, và,
        các, những, với, ở, tại, về, được, thì, mà, này, đó, đâu, để, bị, hay,
        hoặc, như, sao"""
    ),
    "id": _entries(
        """yang, di, ke, dari, dan, atau, untuk, dengan, pada, dalam, ini, itu, apa, apakah,
        bagaimana, adalah, ada, oleh, saya, kami, kita, bisa, dapat, mana, siapa, kapan,
        mengapa, tentang, cara, yg"""
    ),
    "th": _entries(
        """อะไร, อย่างไร, ยังไง, ไหน, ที่, ของ, และ, ใน, ได้, มี, เป็น, ให้, กับ, จาก, หรือ, ไหม,
        บ้าง, คือ, ว่า, จะ, ซึ่ง, โดย, เพื่อ"""
    ),
}
"""Each language's function words and question words, as readers write them."""


@cache
def _language_phrases() -> frozenset[tuple[str, ...]]:
    return _phrases(tuple(word for words in STOP_WORDS.values() for word in words), folded=False)


@lru_cache(maxsize=64)
def _phrases(entries: tuple[str, ...], *, folded: bool) -> frozenset[tuple[str, ...]]:
    """``entries`` as sequences of query words (Thai segmented as queries are): canonical
    (folded) words, or as written, lower-cased (``folded=False``)."""
    phrases = (_words(entry, folded=folded) for entry in entries)
    return frozenset(phrase for phrase in phrases if phrase)


def _words(text: str, *, folded: bool) -> tuple[str, ...]:
    tokens = tokenize(text)
    if folded:
        return tuple(token.text for token in tokens)
    written = normalise(text, lower=False)
    return tuple(written[token.start : token.end].lower() for token in tokens)


def optional_positions(text: str, *, collection_words: Iterable[str] = ()) -> frozenset[int]:
    """Positions, among ``tokens_for_query(text)``, of stop words and the collection's own words.

    Stop words are compared as written (tone marks included): folded, many Vietnamese function
    words are other words ("thì" would be "thị", city; "đâu" would be "dầu", oil), so a query
    typed without tone marks keeps them all, and the relaxed pass answers it if they are in no
    document. The collection's words are compared folded ("chuyen gia" is "chuyên gia").
    Longer phrases are matched first, left to right, so "như thế nào" is one phrase. Returns no
    position when every word would be optional: such a query is searched as it is.
    """
    text = text[:MAX_QUERY_LENGTH]
    tables = (
        (_words(text, folded=False), _language_phrases()),
        (_words(text, folded=True), _phrases(tuple(collection_words), folded=True)),
    )
    found: set[int] = set()
    for words, phrases in tables:
        found |= _phrase_positions(words, phrases)
    if len(found) == len(tables[0][0]):
        return frozenset()
    return frozenset(found)


def _phrase_positions(words: Sequence[str], phrases: frozenset[tuple[str, ...]]) -> set[int]:
    longest = max((len(phrase) for phrase in phrases), default=0)
    found: set[int] = set()
    position = 0
    while position < len(words):
        for length in range(min(longest, len(words) - position), 0, -1):
            if tuple(words[position : position + length]) in phrases:
                found.update(range(position, position + length))
                position += length
                break
        else:
            position += 1
    return found
