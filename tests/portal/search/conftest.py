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
