"""Language analysis shared by every search engine.

Why this lives outside the engines: the embedded engine needs Thai segmented before tantivy sees
it, the glossary needs query text in one canonical form whichever engine runs, and highlighting
needs to tokenise the same way the index did. Keeping these rules in one place means a query
typed in any of the four languages is cut into the same words everywhere.

The canonical form of a word: Unicode-normalised, lower-cased, and (for Latin script) folded to
ASCII, so "Hà Nội", "HA NOI" and "ha noi" are the same two words and "Đà Nẵng" is "da nang".
Thai has no spaces between words, so Thai runs are segmented with PyThaiNLP's dictionary-based
``newmm`` engine; Thai marks are never folded (they carry meaning).

One module per concern: ``words`` (normalising, folding, tokenising queries), ``segmenting`` (the
text the embedded index stores), ``thai_spelling`` (the Thai vocabulary and typo correction) and
``indonesian`` (stemming), ``marks`` (highlights on whole words). Everything is re-exported here.
"""

from __future__ import annotations

from portal.search.text.indonesian import stem_indonesian, stem_indonesian_text
from portal.search.text.marks import BOUND_PREFIXES, whole_word_ranges
from portal.search.text.segmenting import SEGMENT_CACHE_LENGTH, _segment, _segment_spans, segment_for_index
from portal.search.text.thai_spelling import (
    THAI_CORRECTION_MAX_LENGTH,
    THAI_CORRECTION_MIN_LENGTH,
    ThaiVocabulary,
    correct_thai,
    reads_as_words,
)
from portal.search.text.words import (
    MAX_QUERY_LENGTH,
    THAI_SEPARATOR,
    Token,
    canonical_query,
    fold,
    is_thai,
    load_thai_dictionary,
    marked_words,
    normalise,
    segment_thai,
    tokenize,
    tokens_for_query,
)

__all__ = [
    "BOUND_PREFIXES",
    "MAX_QUERY_LENGTH",
    "SEGMENT_CACHE_LENGTH",
    "THAI_CORRECTION_MAX_LENGTH",
    "THAI_CORRECTION_MIN_LENGTH",
    "THAI_SEPARATOR",
    "ThaiVocabulary",
    "Token",
    "_segment",
    "_segment_spans",
    "canonical_query",
    "correct_thai",
    "fold",
    "is_thai",
    "load_thai_dictionary",
    "marked_words",
    "normalise",
    "reads_as_words",
    "segment_for_index",
    "segment_thai",
    "stem_indonesian",
    "stem_indonesian_text",
    "tokenize",
    "tokens_for_query",
    "whole_word_ranges",
]
