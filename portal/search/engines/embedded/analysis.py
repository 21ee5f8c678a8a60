"""How the embedded engine analyses text: its tantivy analyzers and which languages get which.

English, Indonesian and Vietnamese text goes through tantivy's simple tokenizer, lower-casing and
ASCII folding; Thai, and text that is not per language (names), is segmented in Python and
indexed with a whitespace tokenizer. Inflecting languages are also indexed as stems, Vietnamese
also with its tone marks kept. ``_analyse`` caches what an analyzer makes of a query word.
"""

from __future__ import annotations

import tantivy

LATIN = "portal_latin"
SEGMENTED = "portal_segmented"
STEMMED_EN = "portal_stemmed_en"
STEMMED_LANGUAGES = frozenset({"en", "id"})
"""Languages whose words inflect: their text is also indexed as stems (Vietnamese and Thai
words never change form). English is stemmed by tantivy (Snowball), Indonesian by Sastrawi in
Python before indexing (see portal.search.text.stem_indonesian)."""
SEGMENTED_LANGUAGES = frozenset({"th"})
"""Languages whose text is segmented in Python before indexing (no spaces between words)."""
TONED = "portal_toned"
TONED_LANGUAGES = frozenset({"vi"})
"""Languages whose text is also indexed with its marks kept, under ``_tone_<key>``: Vietnamese
tone marks tell words apart ("khóa học", a course; "khoa học", science) that folding makes one."""


def _analyzers() -> dict[str, tantivy.TextAnalyzer]:
    latin = (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.ascii_fold())
        .build()
    )
    segmented = (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace())
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.ascii_fold())
        .build()
    )
    stemmed_en = (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.ascii_fold())
        .filter(tantivy.Filter.stemmer("english"))
        .build()
    )
    toned = tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple()).filter(tantivy.Filter.lowercase()).build()
    return {LATIN: latin, SEGMENTED: segmented, STEMMED_EN: stemmed_en, TONED: toned}


ANALYZERS = _analyzers()


_CACHE_LIMIT = 4096
_analysis_cache: dict[tuple[str, str], list[str]] = {}


def _analyse(analyzer: str, word: str) -> list[str]:
    """``word`` as the analyzer indexes it (usually itself; Thai in a Latin field splits)."""
    key = (analyzer, word)
    cached = _analysis_cache.get(key)
    if cached is None:
        cached = ANALYZERS[analyzer].analyze(word)
        if len(_analysis_cache) >= _CACHE_LIMIT:
            _analysis_cache.clear()
        _analysis_cache[key] = cached
    return cached


# tantivy's whitespace tokenizer (SEGMENTED) cuts at ASCII whitespace only: these five characters
# (Rust's char::is_ascii_whitespace; tests/portal/search/engines/test_segmented_terms.py checks).
_ASCII_WHITESPACE = ("\t", "\n", "\x0c", "\r")
_WORD_TERMS_LIMIT = 20_000
"""Words whose terms are kept (~2 MB at most): a directory's names and expertise labels fit."""
_word_terms: dict[str, str] = {}


def segmented_words(text: str) -> list[str]:
    """The words SEGMENTED's tokenizer cuts ``text`` into, with an empty string wherever two
    spaces meet (the caller drops it)."""
    for space in _ASCII_WHITESPACE:  # str.replace: far faster than str.translate on non-ASCII text
        text = text.replace(space, " ")
    return text.split(" ")


def segmented_word_terms(words: set[str]) -> dict[str, str] | None:
    """The term SEGMENTED makes of each of ``words`` (non-empty words, as segmented_words cuts
    them); None if tantivy's analysis of them ever stops giving one term a word.

    Why: highlighting asks which words of every hit's name and expertise (all four languages'
    labels, ~850 characters) a query marks, on every search, and tantivy's analysis of a long
    text was the largest part of a search's highlights. The tokenizer cuts only at ASCII
    whitespace and its filters (lowercase, ASCII folding) work token by token, so a text's terms
    are its words' terms: each distinct word is analysed once per process (all the new words in
    one call, one per line), the rest is dictionary reads. The answer is a dictionary of its
    own, whatever the shared memory of words forgets meanwhile.
    """
    found = dict(zip(words, map(_word_terms.get, words), strict=True))
    if None not in found.values():
        return found
    missing = [word for word, term in found.items() if term is None]
    analysed = ANALYZERS[SEGMENTED].analyze("\n".join(missing))
    if len(analysed) != len(missing):  # never seen: the filters keep every token
        return None
    if len(_word_terms) + len(missing) > _WORD_TERMS_LIMIT:
        _word_terms.clear()
    for word, term in zip(missing, analysed, strict=True):
        # One string when folding changes nothing (most words): half the memory.
        found[word] = _word_terms[word] = word if term == word else term
    return found
