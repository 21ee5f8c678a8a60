"""Searching: a reader's query sent (strict, then relaxed when nothing has every word), hits
found by meaning judged against the floor, and picks fetched by id, all with the search-only key.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import Any

from meilisearch.errors import MeilisearchApiError

from portal.search import hybrid
from portal.search.documents import DocumentType
from portal.search.engines.base import checked_ids
from portal.search.engines.meilisearch.errors import _engine_errors
from portal.search.engines.meilisearch.queries import (
    RELAXED_MATCHING,
    filter_clause,
    filter_expression,
    query_text,
    relaxed_minimum,
)
from portal.search.engines.meilisearch.responses import (
    _document_language,
    _has_marks,
    _matching_words,
    _score,
    _stored,
    _total,
)
from portal.search.query import Hit, SearchQuery, SearchResult


class Searching:
    """Searches and fetches by id (a part of MeilisearchEngine)."""

    def _search_answers(self, requests: list[dict[str, Any]]) -> list[dict[str, Any]] | None:
        """The answers to ``requests``, or None if the index does not exist yet."""
        with _engine_errors(f"search {requests[0]['indexUid']}"):
            try:
                return self._multi_search(f"search {requests[0]['indexUid']}", requests)
            except MeilisearchApiError as error:
                if error.code == "index_not_found":
                    return None
                if error.status_code in {401, 403}:  # a revoked or replaced key: look again
                    with self._lock:
                        self._search_client = None
                        self._stored_key = None
                raise

    def search(self, document_type: DocumentType, query: SearchQuery) -> SearchResult:
        started = time.perf_counter()
        requests = self.search_requests(document_type, query)
        probe = self.meaning_probe(document_type, query)
        answers = self._search_answers([*requests, probe] if probe is not None else requests)
        if answers is None:
            return SearchResult(
                hits=[], total=0, facets={name: {} for name in query.facets}, engine=self.name
            )
        nearest = answers.pop().get("hits", []) if probe is not None else []
        language = query.language if query.language in document_type.languages else "en"
        hybrid_search = "hybrid" in requests[0]
        floor = self._semantic_floor(query) if hybrid_search else None

        def close_enough(raw: dict[str, Any]) -> bool:
            """Whether a hit found by meaning is above the floor of its passages' languages."""
            if floor is None:
                return True
            languages = hybrid.passage_languages(document_type, raw)
            return _score(raw) >= floor.of_document(languages)

        # Whether anything in the index is close to the query in meaning (the probe's nearest
        # documents, before filters, against the floor); unknown while no document has a vector.
        in_domain = not nearest or any(close_enough(raw) for raw in nearest)
        if not in_domain and _total(answers[0]):
            # Nothing is close in meaning: the words must then be found as typed, no typo or
            # prefix guesses, as on the embedded engine. Otherwise "cách làm bánh flan" (a
            # recipe) matches "các", "bản" and "plans" in reports about air quality.
            typed = self._search_answers(self.search_requests(document_type, query, as_typed=True))
            if typed is not None:
                answers = typed
        matched_all_words = True
        if not _total(answers[0]) and in_domain and query_text(document_type, query.text)[1] > 1:
            # No document has every word: ask again for those with the most (and rarest) of them.
            relaxed = self._search_answers(
                self.search_requests(document_type, query, matching=RELAXED_MATCHING)
            )
            # With hybrid search on, only a query close in meaning to something in the index gets a
            # relaxed answer (the embedded engine's _Semantic.in_domain): a football score or a
            # recipe whose folded syllables occur in pages ("pho" in "thành phố") answers nothing.
            # (A hybrid answer's total counts the semantic side's candidates too, so on a server
            # this retry comes only when no document passing the filters has vectors yet, and
            # then answers nothing, as the embedded engine does with no vectors stored.)
            if relaxed is not None and (
                not hybrid_search
                or any(
                    self._ranked_by_meaning(raw, hybrid_search) and close_enough(raw)
                    for raw in relaxed[0].get("hits", [])
                )
            ):
                answers, matched_all_words = relaxed, False
        main = answers[0]
        minimum = 0
        if not matched_all_words:
            counts = [_matching_words(raw) for raw in main.get("hits", [])]
            words_in_query = max((count[1] for count in counts if count is not None), default=0)
            minimum = relaxed_minimum(requests[0]["q"], words_in_query)
        hits = []
        dropped = 0
        too_few_words = 0
        for raw in main.get("hits", []):
            highlights = self._highlights(document_type, raw, language) if query.text else {}
            # No word of the query marked in the hit: hybrid search found it by meaning only.
            by_meaning = hybrid_search and not _has_marks(raw)
            ranked_by_meaning = self._ranked_by_meaning(raw, hybrid_search)
            score = _score(raw)
            if ranked_by_meaning and not close_enough(raw):
                dropped += 1
                continue
            if not matched_all_words and not ranked_by_meaning:
                count = _matching_words(raw)
                if count is None or count[0] < minimum:
                    # "frequency" has no minimum of its own: one shared word is no answer.
                    dropped += 1
                    too_few_words += 1
                    continue
            hits.append(
                Hit(
                    id=str(raw["id"]),
                    document=_stored(raw),
                    score=None if query.sort_field is not None else score,
                    highlights=highlights,
                    semantic_only=by_meaning,
                    semantic_language=_document_language(raw, language) if by_meaning else "",
                )
            )
        total = max(0, _total(main) - dropped)
        if too_few_words and query.sort_field is None and not hybrid_search:
            # Ranked by the words rule first (Meilisearch applies it before the other relevance
            # rules even when listed later), a relaxed answer lists every document with enough
            # words before any with too few: the first one cut ends the answer, so the total is
            # this page's kept hits after full earlier pages.
            total = (query.page - 1) * query.page_size + len(hits)
        # Otherwise (sorted, or mixed with hits found by meaning) a relaxed total is an estimate:
        # only this page's hits are checked, so hits on other pages with too few words still
        # count, as they do in the facet counts of a relaxed answer.
        facets: dict[str, dict[str, int]] = {}
        distribution = dict(main.get("facetDistribution") or {})
        for answer in answers[1:]:
            distribution.update(answer.get("facetDistribution") or {})
        for name in query.facets:
            facets[name] = {str(value): int(count) for value, count in (distribution.get(name) or {}).items()}
        return self._answer(
            hits=hits, total=total, facets=facets, started=started, matched_all_words=matched_all_words
        )

    def get_documents(
        self, document_type: DocumentType, ids: Iterable[str], filters: dict[str, list[str]] | None = None
    ) -> list[Hit]:
        """Asked as a search filtered by id: the web process's key may search, never read documents."""
        wanted = checked_ids(ids)
        if not wanted:
            return []
        checked = SearchQuery(filters=filters or {})
        checked.validate_for(document_type)
        body = {
            "indexUid": self.index_uid(document_type),
            "q": "",
            "filter": [filter_clause("id", wanted), *filter_expression(document_type, checked.filters)],
            "limit": len(wanted),
        }
        with _engine_errors(f"fetch documents from {body['indexUid']}"):
            try:
                answer = self._multi_search(f"fetch documents from {body['indexUid']}", [body])[0]
            except MeilisearchApiError as error:
                if error.code == "index_not_found":
                    return []
                raise
        by_id = {str(raw["id"]): _stored(raw) for raw in answer.get("hits", [])}
        return [Hit(id=doc_id, document=by_id[doc_id], score=None) for doc_id in wanted if doc_id in by_id]
