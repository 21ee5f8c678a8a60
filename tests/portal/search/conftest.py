"""Test-only document types over plain dicts, and an embedded engine in a temporary directory."""

from typing import Any

import pytest

from portal.search.documents import DocumentType, KeywordField, SortableField, TextField
from portal.search.engines.embedded import EmbeddedEngine


class ArticleDocuments(DocumentType):
    """A small knowledge-like index: translated title and summary, taxonomy keywords."""

    name = "test_articles"
    text_fields = (
        TextField("title", weight=3.0),
        TextField("summary", weight=1.0),
        TextField("author", weight=2.0, translated=False),
    )
    keyword_fields = (KeywordField("country"), KeywordField("action"), KeywordField("kind"))
    sortable_fields = (
        SortableField("date", kind="date"),
        SortableField("name"),
        SortableField("rank", kind="number"),
    )
    facets = ("country", "action", "kind", "language")


def article(doc_id: str, **fields: Any) -> dict[str, Any]:
    """A document with the conventions filled in: `language` from the translated keys present."""
    languages = sorted({key.rsplit("_", 1)[1] for key in fields if key.startswith(("title_", "summary_"))})
    return {"id": doc_id, "language": languages, **fields}


@pytest.fixture
def articles() -> ArticleDocuments:
    return ArticleDocuments()


@pytest.fixture
def engine(tmp_path) -> EmbeddedEngine:
    return EmbeddedEngine(index_dir=tmp_path / "index")


@pytest.fixture
def fake_meili():
    """An in-process HTTP server answering like Meilisearch (see fake_meilisearch.py)."""
    from tests.portal.search.fake_meilisearch import FakeServer

    with FakeServer() as fake:
        yield fake


@pytest.fixture
def meili(fake_meili):
    """A Meilisearch engine talking to the fake server, with distinct admin and search keys."""
    from portal.search.engines.meilisearch import MeilisearchEngine

    return MeilisearchEngine(
        fake_meili.url, api_key="admin-key", search_key="search-key", prefix="test", task_timeout_ms=2000
    )
