"""A glossary term of several words finds and counts only documents with its words together, in
any of its languages, however the engine saves reading positions (TypoTerms.phrase_as_conjunction)."""

from collections import Counter

import pytest

from portal.search.engines.embedded import EmbeddedEngine, typo_matching
from portal.search.query import SearchQuery
from tests.portal.search.conftest import ArticleDocuments, article

DOCUMENTS = [
    # "clean air" (en), "không khí sạch" (vi) and "udara bersih" (id) are one glossary group.
    article("en-1", title_en="Clean air for Hanoi", country=["VN"], kind="case-study"),
    article("en-2", title_en="Clean air plans", summary_en="Cities act", country=["TH"], kind="toolkit"),
    article("vi-1", summary_vi="Không khí sạch cho Hà Nội", country=["VN"], kind="toolkit"),
    article("id-1", summary_id="Udara bersih untuk Jakarta", country=["ID"], kind="case-study"),
    # Every word of a term, never together: not the term.
    article("scattered-en", summary_en="The air in a clean room", country=["ID"], kind="case-study"),
    article("scattered-id", summary_id="Bersih pantai dan udara laut", country=["ID"], kind="toolkit"),
    article("other", title_en="Bicycle lanes", country=["VN"], kind="toolkit"),
]
FACETS = ["country", "kind"]


@pytest.fixture(autouse=True, params=[1, typo_matching.PHRASE_CHECK_MIN_DOCUMENTS])
def check_phrases_from(request, monkeypatch) -> None:
    """At 1 document every phrase is checked (this index is small): where the words are only
    ever together, the conjunction stands in for the phrase; at the default none is."""
    monkeypatch.setattr(typo_matching, "PHRASE_CHECK_MIN_DOCUMENTS", request.param)


@pytest.fixture
def indexed(tmp_path) -> EmbeddedEngine:
    engine = EmbeddedEngine(index_dir=tmp_path / "index", facet_cache_size=0)
    engine.index_documents(ArticleDocuments(), DOCUMENTS)
    return engine


def counted_by_hand(ids: set[str], documents: list[dict]) -> dict[str, dict[str, int]]:
    def values(document: dict, name: str) -> list[str]:
        value = document.get(name, [])
        return [value] if isinstance(value, str) else value

    found = [document for document in documents if document["id"] in ids]
    return {name: dict(Counter(v for document in found for v in values(document, name))) for name in FACETS}


@pytest.mark.parametrize("text", ["clean air", "không khí sạch", "udara bersih"])
def test_a_term_of_several_words_finds_and_counts_its_words_together_in_every_language(indexed, text):
    result = indexed.search(ArticleDocuments(), SearchQuery(text=text, facets=FACETS))

    found = {hit.id for hit in result.hits}
    assert found == {"en-1", "en-2", "vi-1", "id-1"}
    assert result.total == 4
    assert result.facets == counted_by_hand(found, DOCUMENTS)


def test_a_new_document_with_the_words_apart_is_not_counted_after_the_commit(indexed):
    articles = ArticleDocuments()
    first = indexed.search(articles, SearchQuery(text="clean air", facets=FACETS))
    # Until now every title with both words had them together; this one does not.
    apart = article("apart-en", title_en="Air that is clean", country=["TH"], kind="toolkit")
    indexed.index_documents(articles, [apart])

    again = indexed.search(articles, SearchQuery(text="clean air", facets=FACETS))

    assert {hit.id for hit in again.hits} == {hit.id for hit in first.hits}
    assert again.total == first.total == 4
    assert again.facets == first.facets == counted_by_hand({hit.id for hit in first.hits}, DOCUMENTS)
