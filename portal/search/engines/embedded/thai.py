"""Thai spelling: a query's misspelt Thai words corrected against the index's own Thai words.

The vocabulary is read from the live index's term dictionaries once per VOCABULARY_REFRESH and
refreshed in the background, so only the first Thai query of a generation waits for it.
"""

from __future__ import annotations

import dataclasses
import time

import tantivy

from portal.search.engines.embedded.analysis import SEGMENTED, SEGMENTED_LANGUAGES
from portal.search.engines.embedded.files import _Opened
from portal.search.query import SearchQuery
from portal.search.text import ThaiVocabulary, correct_thai, is_thai

VOCABULARY_REFRESH = 300.0
"""Seconds a Thai vocabulary read from an index serves later versions of it: reading it walks
every Thai field's term dictionary, too much to do after each edit's commit. A word new to the
index is corrected to at most this long after it arrives (it is found exactly at once)."""


class ThaiSpelling:
    """Thai query correction (a part of EmbeddedEngine)."""

    def _spelt(
        self, opened: _Opened, searcher: tantivy.Searcher, version: tuple[int, ...], query: SearchQuery
    ) -> SearchQuery:
        """``query`` with its misspelt Thai words corrected against the index (see correct_thai)."""
        if not is_thai(query.text):
            return query
        text = correct_thai(query.text, self._thai_vocabulary(opened, searcher, version))
        return query if text == query.text else dataclasses.replace(query, text=text)

    def _thai_vocabulary(
        self, opened: _Opened, searcher: tantivy.Searcher, version: tuple[int, ...]
    ) -> ThaiVocabulary:
        """The Thai words of the live index, read once per VOCABULARY_REFRESH (and generation).

        Reading takes ~45 ms at 100,000 documents: only the first Thai query of a generation
        waits for it; later versions are read in the background while the last one serves.
        """
        known = opened.vocabulary
        now = time.monotonic()
        if known is not None and (known[0] == version or now - known[1] < VOCABULARY_REFRESH):
            return known[2]
        if known is not None:
            with self._lock:
                start = opened.vocabulary is known and not opened.refreshing
                if start:
                    opened.refreshing = True
            if start:
                self._pool().submit(self._read_thai_vocabulary, opened, searcher, version)
            return known[2]
        with self._lock:
            if opened.vocabulary is None:
                self._read_thai_vocabulary(opened, searcher, version)
            return opened.vocabulary[2]

    @staticmethod
    def _read_thai_vocabulary(opened: _Opened, searcher: tantivy.Searcher, version: tuple[int, ...]) -> None:
        counts: dict[str, int] = {}
        try:
            for item in opened.layout.text:
                if item.analyzer != SEGMENTED or item.language not in (None, *SEGMENTED_LANGUAGES):
                    continue
                for term, count in searcher.terms_with_prefix(item.key, ""):
                    if is_thai(term):
                        counts[term] = counts.get(term, 0) + count
            opened.vocabulary = (version, time.monotonic(), ThaiVocabulary(counts))
        finally:
            opened.refreshing = False
