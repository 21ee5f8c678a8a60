"""Editors' picks: pinned documents first for their query, in the search page and the API.

Why here, between the views and the engine: both the page and the JSON API answer through
``run_search``, so applying picks once here keeps them identical, whichever engine runs. The
pinned documents are asked from the engine by id (``SearchEngine.get_documents``) with the
reader's filters, so a pick looks like any other result, a filtered-out pick is not shown, and
only what the index holds (live, public pages; published experts) can ever appear.
"""

from __future__ import annotations

from dataclasses import replace

from portal.content_cache import cached
from portal.search.documents import DocumentType
from portal.search.engines.base import SearchEngine
from portal.search.models import ANY_LANGUAGE, SearchPick
from portal.search.query import SearchQuery, SearchResult
from portal.search.requests import pick_target
from portal.search.text import canonical_query

__all__ = ["MAX_PICKS", "apply_picks", "picked_ids"]

MAX_PICKS = 10
"""Picks shown for one query at most; more would push every ranked result off the first page."""


def _picked_queries() -> frozenset[str]:
    """Every canonical query some pick is for: the few editors pin, for any language or target."""
    return cached(
        "picked-queries",
        lambda: frozenset(SearchPick.objects.values_list("normalised_query", flat=True).distinct()),
        per_language=False,
    )


def picked_ids(document_type: DocumentType, text: str, language: str) -> list[str]:
    """Ids of the documents pinned for ``text`` in ``language``, in the editors' order.

    A pick whose object the document type would not index now (an unpublished page or expert)
    is left out here already, so an index that has not caught up yet cannot show it.
    """
    # The SearchPick column naming the collection's objects, as its app registered it.
    target = pick_target(document_type.name)
    column = target.column if target is not None else None
    key = canonical_query(text)
    # Almost every search has no picks: the cached set answers that without a query.
    if column is None or not key or key not in _picked_queries():
        return []
    keys = list(
        SearchPick.objects.filter(
            normalised_query=key, language__in=[ANY_LANGUAGE, language], **{f"{column}__isnull": False}
        )
        .order_by("sort_order", "pk")
        .values_list(column, flat=True)[:MAX_PICKS]
    )
    if not keys:
        return []
    queryset = document_type.get_queryset()
    indexable = set(queryset.filter(pk__in=keys).values_list("pk", flat=True))
    ordered = dict.fromkeys(pk for pk in keys if pk in indexable)
    return [document_type.document_id(queryset.model, pk) for pk in ordered]


def apply_picks(
    engine: SearchEngine, document_type: DocumentType, query: SearchQuery, result: SearchResult
) -> SearchResult:
    """``result`` with the picks for ``query`` first on page 1 and nowhere else in it.

    The pinned hits come first (marked ``pinned``), on page 1 only; a pinned document is removed
    from the ranked hits of every page, so it is never shown twice. The total grows by the
    pinned documents the engine did not rank on this page (a pinned document that also matches
    but ranks further back is then counted twice; the count is a guide, not a ledger).
    """
    ids = picked_ids(document_type, query.text, query.language)
    if not ids:
        return result
    ranked = {hit.id: hit for hit in result.hits}
    pinned = [
        replace(ranked.get(hit.id, hit), pinned=True)
        for hit in engine.get_documents(document_type, ids, query.filters)
    ]
    if not pinned:
        return result
    shown = {hit.id for hit in pinned}
    rest = [hit for hit in result.hits if hit.id not in shown]
    added = len(shown - set(ranked))
    hits = [*pinned, *rest] if query.page == 1 else rest
    return replace(result, hits=hits, total=result.total + added)
