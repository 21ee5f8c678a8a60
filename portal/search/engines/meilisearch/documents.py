"""Documents as written to Meilisearch: the declaration's document plus hash, ``_geo``, sort keys
and vectors, with ids checked against what Meilisearch accepts.
"""

from __future__ import annotations

import re
from typing import Any

from portal.search import hybrid
from portal.search.documents import DocumentType
from portal.search.engines.base import SearchEngineError, content_hash, epoch_seconds
from portal.search.text import fold, normalise

GEO = "_geo"
HASH = "content_hash"
SORT_PREFIX = "_sort_"
EMBEDDER = "portal"
"""The ``userProvided`` embedder's name: documents carry ``_vectors.portal``."""
_DOCUMENT_ID = re.compile(r"^[A-Za-z0-9_-]{1,511}$")


def _to_number(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def prepare_document(document_type: DocumentType, document: dict[str, Any]) -> dict[str, Any]:
    """The document as sent to Meilisearch: ``document`` plus hash, ``_geo`` and sort keys."""
    doc_id = document.get("id")
    if not isinstance(doc_id, str) or not doc_id:
        raise SearchEngineError(f"{document_type.name}: every document needs a non-empty str id")
    if not _DOCUMENT_ID.match(doc_id):
        raise SearchEngineError(
            f"{document_type.name}: document id {doc_id!r} must be letters, digits, - or _ for Meilisearch"
        )
    document, vectors = hybrid.split_vectors(document)
    prepared = dict(document)
    prepared[HASH] = content_hash(document)
    if vectors:
        prepared["_vectors"] = _vectors_field(vectors)
    latitude, longitude = _to_number(document.get("latitude")), _to_number(document.get("longitude"))
    if latitude is not None and longitude is not None:
        prepared[GEO] = {"lat": latitude, "lng": longitude}
    for sortable in document_type.sortable_fields:
        value = document.get(sortable.name)
        if value is None or value == "":
            continue
        if sortable.kind == "string":
            prepared[f"{SORT_PREFIX}{sortable.name}"] = fold(normalise(str(value)))
        elif sortable.kind == "number":
            prepared[f"{SORT_PREFIX}{sortable.name}"] = float(value)
        else:
            prepared[f"{SORT_PREFIX}{sortable.name}"] = epoch_seconds(value)
    return prepared


def _vectors_field(vectors: dict[str, list[float]]) -> dict[str, Any]:
    """``_vectors`` as Meilisearch takes it: one embedding per language of the document, and
    ``regenerate: false`` since the portal, not Meilisearch, computes them."""
    return {EMBEDDER: {"embeddings": [list(vector) for vector in vectors.values()], "regenerate": False}}
