"""Index configuration: the Meilisearch settings an index gets from its DocumentType.

Searchable, filterable and sortable attributes, ranking rules, typo tolerance (the embedded
engine's sizes), synonyms from the glossary, localized attributes and the user-provided embedder.
"""

from __future__ import annotations

from typing import Any

from portal.search import glossary
from portal.search.documents import DocumentType
from portal.search.embeddings import get_provider
from portal.search.engines.meilisearch.documents import EMBEDDER, GEO, SORT_PREFIX
from portal.search.query import MAX_PAGE, MAX_PAGE_SIZE
from portal.search.typos import MIN_ONE_TYPO, MIN_TWO_TYPOS

LOCALES = {"en": "eng", "vi": "vie", "id": "ind", "th": "tha"}
"""Site language code → Meilisearch locale (ISO 639-3), for ``localizedAttributes``."""

RANKING_RULES = ["sort", "words", "typo", "proximity", "attribute", "exactness"]
"""``sort`` first: a field sort orders every result, as the embedded engine does; without a
sort the rule does nothing and relevance decides (more words, fewer typos, closer, better field).
Placing ``sort`` above the others makes sorting exhaustive (Meilisearch's ranking-rules
documentation): the reader asked for that order. A sorted search is never relaxed unless
nothing has every word, so ``words`` coming after it costs no precision."""
MIN_WORD_SIZE_FOR_TYPOS = {"oneTypo": MIN_ONE_TYPO, "twoTypos": MIN_TWO_TYPOS}
"""The embedded engine's tolerance (``fuzzy_distance``): one typo from 4 letters, two from 8.
Meilisearch's defaults are 5 and 9 (typo-tolerance settings documentation); the words readers
slip on here are short ("smog", "haze", "kota")."""
MAX_TOTAL_HITS = MAX_PAGE * MAX_PAGE_SIZE
SEARCH_CUTOFF_MS = 1500
MAX_VALUES_PER_FACET = 1000


def _locale_rules(document_type: DocumentType) -> list[dict[str, list[str]]]:
    rules = []
    for language in document_type.languages:
        locale = LOCALES.get(language)
        if locale is not None:
            rules.append({"attributePatterns": [f"*_{language}"], "locales": [locale]})
    return rules


def index_settings(
    document_type: DocumentType, *, vocabulary: glossary.Glossary = glossary.FILE_GLOSSARY
) -> dict[str, Any]:
    """The Meilisearch settings of the index for ``document_type`` (camelCase, as sent), with
    the synonyms of ``vocabulary`` (the engine passes its glossary: file plus editors')."""
    searchable = [key for _, _, key in document_type.text_field_keys()]
    filterable = ["id", *document_type.keyword_field_names(), GEO]
    sortable = [f"{SORT_PREFIX}{field.name}" for field in document_type.sortable_fields] + [GEO]
    embedders: dict[str, Any] = {}
    provider = get_provider()
    if provider is not None and document_type.semantic_fields:
        # Vectors come from the portal's own provider (the task worker), so the same vectors
        # rank on both engines and Meilisearch never calls out to a model.
        embedders[EMBEDDER] = {"source": "userProvided", "dimensions": provider.dimensions}
    result = {
        "searchableAttributes": searchable,
        "filterableAttributes": filterable,
        "sortableAttributes": sortable,
        "rankingRules": list(RANKING_RULES),
        "typoTolerance": {"enabled": True, "minWordSizeForTypos": dict(MIN_WORD_SIZE_FOR_TYPOS)},
        # Meilisearch's stop words are index-wide and ignored "during indexing and searching"
        # (stop-words documentation): documents lose them too. This index holds four languages and
        # folds accents, so an English stop word ("an", "on", "can") is also a Vietnamese word
        # ("an toàn", "ồn", "cần") that documents must keep. So none are set (sent explicitly, so
        # a list set by hand is cleared): query_text() leaves the reader's function words out of
        # the query instead, compared as written in their own language.
        "stopWords": [],
        "synonyms": vocabulary.synonyms(),
        "localizedAttributes": _locale_rules(document_type),
        "pagination": {"maxTotalHits": MAX_TOTAL_HITS},
        "faceting": {"maxValuesPerFacet": MAX_VALUES_PER_FACET},
        "searchCutoffMs": SEARCH_CUTOFF_MS,
    }
    if embedders:
        result["embedders"] = embedders
    return result
