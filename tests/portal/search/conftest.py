"""Test-only document types over plain dicts, and an embedded engine in a temporary directory."""

import os
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from portal.search.documents import DocumentType, KeywordField, SortableField, TextField
from portal.search.engines.base import SearchEngine
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


ENGINES = [
    "embedded",
    pytest.param(
        "meilisearch",
        marks=[
            pytest.mark.meilisearch,
            pytest.mark.skipif(
                not os.environ.get("MEILISEARCH_URL"),
                reason="no Meilisearch server: set MEILISEARCH_URL (make test-meilisearch) to run "
                "the engine behaviour tests on Meilisearch too",
            ),
        ],
    ),
]


@pytest.fixture(params=ENGINES)
def engine(request, tmp_path) -> Iterator[SearchEngine]:
    """The engine the behaviour tests run on: embedded always, Meilisearch when a server is given.

    On Meilisearch each test gets its own index prefix, and its indexes are deleted afterwards.
    """
    if request.param == "embedded":
        yield EmbeddedEngine(index_dir=tmp_path / "index")
        return
    from portal.search.engines.meilisearch import MeilisearchEngine

    api_key = os.environ.get("MEILISEARCH_API_KEY", "")
    engine = MeilisearchEngine(
        os.environ["MEILISEARCH_URL"],
        api_key=api_key,
        # Tests only: without a dedicated search key, search with the key the tests were given.
        search_key=os.environ.get("MEILISEARCH_SEARCH_KEY") or api_key,
        prefix=f"pytest{uuid.uuid4().hex[:10]}",
    )
    yield engine
    raw = engine.admin.get_raw_indexes({"limit": 1000}).get("results", [])
    for index in raw:
        if index["uid"].startswith(f"{engine.prefix}_"):
            engine.wait(engine.admin.delete_index(index["uid"]).task_uid, "clean up")


def require_embedded(engine: SearchEngine) -> None:
    """Skip a test that looks at the embedded engine's files or internals."""
    if engine.name != "embedded":
        pytest.skip("looks at the embedded engine's internals")


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

    engine = MeilisearchEngine(
        fake_meili.url, api_key="admin-key", search_key="search-key", prefix="test", task_timeout_ms=2000
    )
    engine.sweep_delay_s = 0.01
    return engine
