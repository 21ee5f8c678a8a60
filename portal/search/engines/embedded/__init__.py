"""The embedded engine: tantivy indexes on disk, for machines without a Meilisearch server.

A package by concern: ``analysis`` (analyzers), ``schema`` (the tantivy schema of a declaration),
``files`` (generations, locks, searchers), ``writing`` (updates, journal, rebuilds), ``planning``
(query plans), ``typo_matching`` (typos and stems for highlighting), ``thai`` (Thai spelling),
``meaning`` (hybrid search glue), ``facets``, ``highlights``, ``sorting`` (pages sorted by a
text field) and ``engine`` (the class). This module re-exports what callers import from
``portal.search.engines.embedded``.

Layout, one directory per DocumentType under ``settings.SEARCH_INDEX_DIR/<name>/``::

    CURRENT                  name of the live generation, swapped atomically by a rebuild
    <fingerprint>-<stamp>/   a tantivy index (a "generation"); the fingerprint names the schema
    update.lock              held (flock) while an update or a swap writes
    rebuild.lock             held for the whole of a rebuild, so two never run at once
    BUILDING                 the generation a rebuild is writing, while it runs
    journal-<generation>     updates made during that rebuild, replayed into it before the swap

Analysis (see portal.search.text): English, Indonesian and Vietnamese text goes through tantivy's
simple tokenizer, lower-casing and ASCII folding, so "Ha Noi" finds "Hà Nội". Thai, and text that
is not per language (names), is segmented by PyThaiNLP in Python and indexed with a whitespace
tokenizer; tantivy cannot find Thai word boundaries itself. English and Indonesian text is also
indexed as stems under ``_stem_<key>`` (English by tantivy's Snowball stemmer, Indonesian by
Sastrawi in Python), so a word finds its other forms ("monitored" → "monitoring", "pemantauan"
→ "memantau").

Matching: every query word that counts must match in some text field of some language (stop words
and the collection's own words only add to the score, see portal.search.stopwords); words of
4-7 letters allow one typo and longer ones two; the last word also matches as a prefix; an exact
match scores above a typo match; field weights boost; a glossary term also matches its
equivalents in the other languages; a word also matches its stem, below an exact match. A Thai
run holding a word the index lacks is first re-read against the index's Thai words
(``text.correct_thai``), so a misspelt Thai word is corrected instead of being cut into
fragments. When no document has every word, a second pass answers
with the documents that match the most of them (the rarer words weighing more), and the result
says so (``matched_all_words``). Filters are term queries on keyword fields, never parsed query
syntax.
"""

from portal.search.engines.embedded.analysis import (
    ANALYZERS,
    LATIN,
    SEGMENTED,
    SEGMENTED_LANGUAGES,
    STEMMED_EN,
    STEMMED_LANGUAGES,
    TONED,
    TONED_LANGUAGES,
)
from portal.search.engines.embedded.engine import RELAXED_DEPTH, EmbeddedEngine
from portal.search.engines.embedded.facets import FACET_CACHE_SIZE, FACET_SIZE
from portal.search.engines.embedded.files import LOCK_TIMEOUT, REBUILD_BATCH, REBUILD_HEAP, UPDATE_HEAP
from portal.search.engines.embedded.meaning import WORDS_SUFFICE
from portal.search.engines.embedded.planning import (
    EXACT_BOOST,
    GLOSSARY_TIE_BREAKER,
    PLAN_CACHE_SIZE,
    PLAN_VERDICTS,
    RELAXED_WORD_SCORE,
    STEM_BOOST,
    SYNONYM_BOOST,
    TONE_BOOST,
    TYPO_SCORE,
)
from portal.search.engines.embedded.thai import VOCABULARY_REFRESH
from portal.search.engines.embedded.typo_matching import (
    _prefix_within,
    _same_stem,
    _Term,
    _within,
    fuzzy_distance,
)

__all__ = [
    "ANALYZERS",
    "EXACT_BOOST",
    "FACET_CACHE_SIZE",
    "FACET_SIZE",
    "GLOSSARY_TIE_BREAKER",
    "LATIN",
    "LOCK_TIMEOUT",
    "PLAN_CACHE_SIZE",
    "PLAN_VERDICTS",
    "REBUILD_BATCH",
    "REBUILD_HEAP",
    "RELAXED_DEPTH",
    "RELAXED_WORD_SCORE",
    "SEGMENTED",
    "SEGMENTED_LANGUAGES",
    "STEMMED_EN",
    "STEMMED_LANGUAGES",
    "STEM_BOOST",
    "SYNONYM_BOOST",
    "TONED",
    "TONED_LANGUAGES",
    "TONE_BOOST",
    "TYPO_SCORE",
    "UPDATE_HEAP",
    "VOCABULARY_REFRESH",
    "WORDS_SUFFICE",
    "EmbeddedEngine",
    "_Term",
    "_prefix_within",
    "_same_stem",
    "_within",
    "fuzzy_distance",
]
