"""Response mapping: Meilisearch's hits as the portal's Hits (stored document, highlights,
found by meaning or by words), and the counts a relaxed answer is judged by.
"""

from __future__ import annotations

import html
import re
from typing import Any

from portal.search import hybrid
from portal.search.documents import DocumentType
from portal.search.embeddings import get_provider
from portal.search.engines.meilisearch.documents import GEO, HASH, SORT_PREFIX
from portal.search.engines.meilisearch.queries import _POST, _PRE
from portal.search.query import SearchQuery
from portal.search.text import whole_word_ranges

_GAP_BETWEEN_MARKS = re.compile(r"</mark>(\s*)<mark>")
_MARKERS = re.compile(f"({_PRE}|{_POST})")


def _matching_words(raw: dict[str, Any]) -> tuple[int, int] | None:
    """A hit's ``(matchingWords, maxMatchingWords)`` from its ``_rankingScoreDetails``, or None
    when the ``words`` rule did not rank it (a hit hybrid search took from the semantic side)."""
    words = (raw.get("_rankingScoreDetails") or {}).get("words")
    if not isinstance(words, dict) or "matchingWords" not in words:
        return None
    return int(words["matchingWords"]), int(words.get("maxMatchingWords") or 0)


def _stored(document: dict[str, Any]) -> dict[str, Any]:
    """A hit's document as ``to_document`` gave it (the engine's own keys removed)."""
    return {
        key: value
        for key, value in document.items()
        if key not in {HASH, GEO, "_formatted", "_rankingScore", "_rankingScoreDetails", "_vectors"}
        and not key.startswith(SORT_PREFIX)
    }


def _has_marks(raw: dict[str, Any]) -> bool:
    """Whether Meilisearch marked a query word anywhere in the hit's formatted text (a whole
    word: a mark ``_marked_html`` would drop, such as a lone Thai "การ", is no match)."""
    formatted = raw.get("_formatted") or {}
    for value in formatted.values():
        text = value if isinstance(value, str) else str(value)
        if _PRE in text and _whole_word_marks(text)[1]:
            return True
    return False


def _document_language(raw: dict[str, Any], reader: str) -> str:
    """The language to label a hit found by meaning with: the reader's if the document is written
    in it, else its first (Meilisearch does not say which of a document's vectors matched)."""
    languages = raw.get("language") or []
    languages = [languages] if isinstance(languages, str) else list(languages)
    return reader if reader in languages else (languages[0] if languages else "")


def _marked_html(text: str) -> str:
    """Meilisearch's formatted text as HTML: escaped, with its highlight marks as <mark>.

    Its marks are moved onto whole words first (whole_word_ranges): Meilisearch marks only the
    part of a word a prefix matched, and its Thai segmenter cuts words where the embedded
    engine's does not; a reader sees the same marks on both engines.
    """
    plain, kept = _whole_word_marks(text)
    pieces: list[str] = []
    position = 0
    for start, end in kept:
        pieces.append(html.escape(plain[position:start], quote=True))
        pieces.append(f"<mark>{html.escape(plain[start:end], quote=True)}</mark>")
        position = end
    pieces.append(html.escape(plain[position:], quote=True))
    return _GAP_BETWEEN_MARKS.sub(r"\1", "".join(pieces)).strip()


def _whole_word_marks(text: str) -> tuple[str, list[tuple[int, int]]]:
    """Formatted ``text`` without its marks, and the marks kept on whole words (offsets in it)."""
    plain: list[str] = []
    ranges: list[tuple[int, int]] = []
    length = 0
    start: int | None = None
    for piece in _MARKERS.split(text):
        if piece == _PRE:
            start = length
        elif piece == _POST:
            if start is not None:
                ranges.append((start, length))
            start = None
        else:
            plain.append(piece)
            length += len(piece)
    joined = "".join(plain)
    return joined, whole_word_ranges(joined, ranges)


def _score(raw: dict[str, Any]) -> float:
    return float(raw.get("_rankingScore", 0.0))


def _total(answer: dict[str, Any]) -> int:
    """How many documents a search answer says matched (exhaustive or estimated)."""
    return int(answer.get("totalHits", answer.get("estimatedTotalHits", 0)) or 0)


class ResponseMapping:
    """Judging and marking hits (a part of MeilisearchEngine)."""

    @staticmethod
    def _ranked_by_meaning(raw: dict[str, Any], hybrid_search: bool) -> bool:
        """Whether ``raw`` is a hit hybrid search took for its meaning, so that its
        ``_rankingScore`` is judged against the semantic floor: no word of the query marked in it,
        or (with details asked) no ``words`` rule among its details. Hybrid search merges a keyword
        and a semantic result list, each hit keeping the details of the list it came from, and
        only keyword hits are ranked by the words rule; a semantic one may still show a query
        word it happens to contain."""
        if not hybrid_search:
            return False
        if not _has_marks(raw):
            return True
        return "_rankingScoreDetails" in raw and _matching_words(raw) is None

    @staticmethod
    def _semantic_floor(query: SearchQuery) -> hybrid.Floor | None:
        """The similarity floor of hybrid.floor_for, applied to the ``_rankingScore`` of hits
        found by meaning only. Meilisearch documents that score as a relevance in [0, 1] that
        hybrid search compares across keyword and semantic hits; that it equals the cosine
        similarity of our normalised vectors is to be confirmed against a server (none here).

        The floor is per passage language, but a hit does not say which of its embeddings (one
        per language, ``_vectors_field``) matched: a hit is judged against the strictest floor of
        its passages' languages (``Floor.of_document``), which for a document written in one
        language is exactly that language's, as on the embedded engine."""
        provider = get_provider()
        if provider is None:
            return None
        return hybrid.floor_for(provider, provider.embed_query(query.text), text=query.text)

    @staticmethod
    def _highlights(document_type: DocumentType, raw: dict[str, Any], language: str) -> dict[str, str]:
        """Per text field: the reader's language (else English, else any) if it matched there."""
        formatted = raw.get("_formatted") or {}
        result: dict[str, str] = {}
        for text_field in document_type.text_fields:
            if not text_field.highlight:
                continue
            keys = [text_field.name]
            if text_field.translated:
                order = dict.fromkeys((language, "en", *document_type.languages))
                keys = [f"{text_field.name}_{code}" for code in order]
            for key in keys:
                if not raw.get(key):
                    continue
                value = formatted.get(key)
                if isinstance(value, list):
                    value = " ".join(str(item) for item in value)
                if isinstance(value, str) and _PRE in value:
                    marked = _marked_html(value)
                    if "<mark>" in marked:  # every mark may have been a piece of a word
                        result[text_field.name] = marked
                break
        return result
