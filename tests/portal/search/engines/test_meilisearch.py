"""The Meilisearch engine through the real client, against an in-process fake server."""

import logging

import pytest

from portal.search import glossary
from portal.search.engines.base import SearchEngineError, content_hash
from portal.search.engines.meilisearch import (
    MAX_TOTAL_HITS,
    MeilisearchEngine,
    filter_expression,
    index_settings,
    query_text,
    quote_filter_value,
    relaxed_minimum,
)
from portal.search.query import InvalidSearchQuery, SearchQuery
from tests.portal.search.conftest import ArticleDocuments, article
from tests.portal.search.engines.test_embedded import ALL, BANGKOK, HANOI, KITAKYUSHU, PASIG

UID = "test_test_articles"


@pytest.fixture
def indexed(meili, articles):
    meili.index_documents(articles, ALL)
    return meili


def ids(result) -> list[str]:
    return [hit.id for hit in result.hits]


def test_settings_come_from_the_declaration(meili, articles, fake_meili):
    meili.configure(articles)
    index = fake_meili.indexes[UID]
    assert index["primaryKey"] == "id"
    sent = index["settings"]
    assert sent == index_settings(articles)
    assert sent["searchableAttributes"] == [
        *(f"title_{lang}" for lang in ("en", "vi", "id", "th")),
        *(f"summary_{lang}" for lang in ("en", "vi", "id", "th")),
        "author",
    ]
    assert set(sent["filterableAttributes"]) == {"id", "country", "action", "kind", "language", "_geo"}
    assert sent["sortableAttributes"] == ["_sort_date", "_sort_name", "_sort_rank", "_geo"]
    assert sent["rankingRules"][0] == "sort"
    # One typo from 4 letters, two from 8, as on the embedded engine.
    assert sent["typoTolerance"] == {"enabled": True, "minWordSizeForTypos": {"oneTypo": 4, "twoTypos": 8}}
    # Index-wide stop words would leave words out of documents as well: the query side does it.
    assert sent["stopWords"] == []
    assert sent["synonyms"] == glossary.synonyms()
    assert sent["synonyms"]["kiểm kê phát thải"][:2] == ["emissions inventory", "emission inventory"]
    assert sent["localizedAttributes"] == [
        {"attributePatterns": ["*_en"], "locales": ["eng"]},
        {"attributePatterns": ["*_vi"], "locales": ["vie"]},
        {"attributePatterns": ["*_id"], "locales": ["ind"]},
        {"attributePatterns": ["*_th"], "locales": ["tha"]},
    ]
    assert sent["pagination"] == {"maxTotalHits": MAX_TOTAL_HITS}
    assert sent["faceting"] == {"maxValuesPerFacet": 1000}
    assert sent["searchCutoffMs"] > 0


def test_documents_sent_are_the_declared_document_plus_hash_geo_and_sort_keys(meili, articles, fake_meili):
    located = article("located", title_en="Monitoring", latitude=13.75, longitude=100.5, rank=2)
    meili.index_documents(articles, [located, BANGKOK])
    stored = fake_meili.documents(UID)
    assert stored["located"] == {
        **located,
        "content_hash": content_hash(located),
        "_geo": {"lat": 13.75, "lng": 100.5},
        "_sort_rank": 2.0,
    }
    assert stored["bangkok"]["_sort_date"] == 1689388200  # 2023-07-15T09:30+07:00 in UTC seconds
    assert stored["bangkok"]["_sort_name"] == "bangkok"
    assert "_geo" not in stored["bangkok"]
    assert set(stored["bangkok"]) - set(BANGKOK) == {"content_hash", "_sort_date", "_sort_name"}


def test_hits_carry_the_document_as_declared(indexed, articles):
    [hit] = indexed.search(articles, SearchQuery(text="Pasig")).hits
    assert hit.document == PASIG
    assert hit.score == 0.5


def test_documents_with_bad_ids_are_refused_before_anything_is_sent(meili, articles, fake_meili):
    with pytest.raises(SearchEngineError, match="id"):
        meili.index_documents(articles, [PASIG, {"title_en": "no id"}])
    with pytest.raises(SearchEngineError, match="letters, digits"):
        meili.index_documents(articles, [article("a b", title_en="space")])
    assert fake_meili.writes() == []


def test_filter_values_are_quoted_and_escaped():
    assert quote_filter_value('VN" OR country = "TH') == '"VN\\" OR country = \\"TH"'
    assert quote_filter_value("back\\slash") == '"back\\\\slash"'


@pytest.mark.parametrize("value", ['VN" OR country = "TH', 'country = "X" OR 1=1', "\\", 'x\\" OR 1=1'])
def test_injection_shaped_filter_values_only_ever_match_themselves(indexed, articles, fake_meili, value):
    result = indexed.search(articles, SearchQuery(filters={"country": [value]}))
    assert result.total == 0
    [request] = [request for request in fake_meili.requests if request.path == "/multi-search"]
    assert request.body["queries"][0]["filter"] == [f"country IN [{quote_filter_value(value)}]"]
    # The fake parses filters as Meilisearch does: one clause, the value intact.
    assert fake_meili.parse_filter(request.body["queries"][0]["filter"][0]) == [("country", [value])]


def test_filters_name_only_declared_fields(articles):
    with pytest.raises(InvalidSearchQuery):
        filter_expression(articles, {"title_en = 'x' OR id": ["1"]})
    assert filter_expression(articles, {"country": ["VN", "TH"], "kind": ["training"]}) == [
        'country IN ["VN", "TH"]',
        'kind IN ["training"]',
    ]


def test_filters_are_or_within_a_field_and_and_across_fields(indexed, articles):
    result = indexed.search(articles, SearchQuery(filters={"country": ["PH", "TH"]}))
    assert set(ids(result)) == {"pasig", "bangkok"}
    result = indexed.search(articles, SearchQuery(filters={"country": ["VN"], "kind": ["forum-report"]}))
    assert ids(result) == ["hanoi"]


def test_a_filtered_facet_counts_as_if_its_own_filter_were_off(indexed, articles, fake_meili):
    result = indexed.search(articles, SearchQuery(filters={"country": ["VN"]}, facets=["country", "kind"]))
    assert result.total == 2
    assert result.facets["country"] == {"VN": 2, "JP": 1, "PH": 1, "TH": 1, "ID": 1}
    assert result.facets["kind"] == {"case-study": 1, "forum-report": 1}
    [request] = [request for request in fake_meili.requests if request.path == "/multi-search"]
    main, country = request.body["queries"]
    assert main["facets"] == ["kind"] and main["filter"] == ['country IN ["VN"]']
    assert country == {
        "indexUid": UID,
        "q": "",
        "filter": [],
        "matchingStrategy": "all",
        "limit": 0,
        "facets": ["country"],
    }


def test_sorting_pagination_and_total(indexed, articles, fake_meili):
    result = indexed.search(articles, SearchQuery(sort="-date", page=2, page_size=2))
    assert ids(result) == ["kitakyushu", "pasig"]
    assert result.total == 5
    assert result.hits[0].score is None
    body = fake_meili.requests[-1].body["queries"][0]
    assert body["sort"] == ["_sort_date:desc"]
    assert (body["page"], body["hitsPerPage"]) == (2, 2)
    assert body["matchingStrategy"] == "all"


def test_a_search_that_finds_its_words_is_asked_once_with_every_word_required(indexed, articles, fake_meili):
    result = indexed.search(articles, SearchQuery(text="Pasig"))
    assert ids(result) == ["pasig"] and result.matched_all_words
    searches = [request for request in fake_meili.requests if request.path == "/multi-search"]
    assert [query["matchingStrategy"] for query in searches[0].body["queries"]] == ["all"]
    assert len(searches) == 1


def test_when_no_document_has_every_word_it_asks_again_for_the_most_and_rarest(indexed, articles, fake_meili):
    result = indexed.search(articles, SearchQuery(text="emissions Pasig", filters={"country": ["JP", "PH"]}))
    assert sorted(ids(result)) == ["kitakyushu", "pasig"]
    assert not result.matched_all_words
    first, second = [
        request.body["queries"][0] for request in fake_meili.requests if request.path == "/multi-search"
    ]
    assert (first["matchingStrategy"], second["matchingStrategy"]) == ("all", "frequency")
    assert second["q"] == first["q"] == "emissions Pasig"
    assert second["filter"] == first["filter"] == ['country IN ["JP", "PH"]']


def multi_searches(fake_meili) -> list[dict]:
    return [request.body["queries"][0] for request in fake_meili.requests if request.path == "/multi-search"]


def test_only_the_relaxed_retry_asks_for_ranking_score_details(indexed, articles, fake_meili):
    indexed.search(articles, SearchQuery(text="emissions Pasig", page_size=5))
    strict, relaxed = multi_searches(fake_meili)
    common = {
        "indexUid": UID,
        "q": "emissions Pasig",
        "filter": [],
        "page": 1,
        "hitsPerPage": 5,
        "showRankingScore": True,
        "attributesToHighlight": [
            "title_en",
            "title_vi",
            "title_id",
            "title_th",
            "summary_en",
            "summary_vi",
            "summary_id",
            "summary_th",
            "author",
        ],
        "attributesToCrop": [
            *(f"title_{code}:33" for code in ("en", "vi", "id", "th")),
            *(f"summary_{code}:33" for code in ("en", "vi", "id", "th")),
            "author:33",
        ],
        "cropMarker": "",
        "highlightPreTag": "\ue000",
        "highlightPostTag": "\ue001",
    }
    assert strict == {**common, "matchingStrategy": "all"}
    assert relaxed == {**common, "matchingStrategy": "frequency", "showRankingScoreDetails": True}


@pytest.mark.parametrize(
    ("sent", "words_in_query", "minimum"),
    [
        ("emissions Pasig", None, 1),
        ("Manchester United 2-1 Liverpool score", None, 3),
        ("Manchester United port score", None, 2),
        # Meilisearch's own count of the words in q, when it gives one, decides.
        ("PM2.5 Hanoi", 3, 2),
    ],
)
def test_a_relaxed_hit_needs_half_the_words_sent_rounded_up(sent, words_in_query, minimum):
    assert relaxed_minimum(sent, words_in_query) == minimum


def test_a_relaxed_answer_keeps_only_hits_with_half_the_words(indexed, articles, fake_meili):
    # Strict: nothing has all three words. Relaxed ("frequency"): kitakyushu has "emissions" and
    # "port", pasig only "pasig"; two of three are needed.
    result = indexed.search(articles, SearchQuery(text="emissions port Pasig"))
    assert ids(result) == ["kitakyushu"]
    assert not result.matched_all_words
    # Ranked by words first, everything after the first hit cut has too few: the total is exact.
    assert result.total == 1
    relaxed = multi_searches(fake_meili)[-1]
    assert relaxed["matchingStrategy"] == "frequency" and relaxed["showRankingScoreDetails"] is True
    assert "_rankingScoreDetails" not in result.hits[0].document


def test_an_out_of_domain_query_sharing_one_word_with_a_page_answers_nothing(indexed, articles, fake_meili):
    # "port" occurs in kitakyushu (the fake matches substrings, as folding and prefixes might).
    result = indexed.search(articles, SearchQuery(text="Manchester United port score"))
    assert result.hits == [] and result.total == 0
    assert [body["matchingStrategy"] for body in multi_searches(fake_meili)] == ["all", "frequency"]
    # The fake did answer kitakyushu to the relaxed retry: the engine dropped it.
    relaxed = [request for request in fake_meili.requests if request.path == "/multi-search"][-1]
    assert relaxed.body["queries"][0]["q"] == "Manchester United port score"


def test_a_sorted_relaxed_total_is_this_pages_estimate(indexed, articles, fake_meili):
    # Sorted by date the words rule no longer ranks first: hits with too few words may come
    # before those with enough, so only this page's are taken off the total.
    # Oldest first: pasig (2019, one word) fills page 1 and is dropped; kitakyushu (2021) is on page 2.
    first = indexed.search(articles, SearchQuery(text="emissions port Pasig", sort="date", page_size=1))
    assert first.hits == [] and first.total == 1
    second = indexed.search(
        articles, SearchQuery(text="emissions port Pasig", sort="date", page=2, page_size=1)
    )
    assert ids(second) == ["kitakyushu"] and second.total == 2


def test_a_single_word_found_nowhere_is_not_asked_again(indexed, articles, fake_meili):
    result = indexed.search(articles, SearchQuery(text="zyxwvut"))
    assert result.total == 0 and result.matched_all_words
    assert len([request for request in fake_meili.requests if request.path == "/multi-search"]) == 1


class TopicDocuments(ArticleDocuments):
    name = "test_topics"
    collection_words = ("topic", "chuyên gia")


@pytest.mark.parametrize(
    ("text", "sent", "counted"),
    [
        # "diesel trucks" and "xe buýt điện" are glossary terms (one unit each).
        ("what can a city do about diesel trucks?", "city diesel trucks?", 2),
        ("thành phố nào có xe buýt điện", "thành phố xe buýt điện", 3),
        ("Chuyên gia ô nhiễm", "ô nhiễm", 2),
        ("topic: PM2.5 in Hanoi", ": PM2.5 Hanoi", 2),
        # Words inside a glossary term stay, so Meilisearch's synonyms still see the term.
        ("kiểm soát phát thải tại cảng Hải Phòng", "kiểm soát phát thải tại cảng Hải Phòng", 5),
        # Only stop words: searched as they are.
        ("the who", "the who", 2),
        ("", "", 0),
    ],
)
def test_stop_words_and_the_collections_own_words_are_not_sent(text, sent, counted):
    assert query_text(TopicDocuments(), text) == (sent, counted)


def test_highlights_are_escaped_in_the_readers_language_then_english(meili, articles):
    meili.index_documents(
        articles,
        [
            article("x", title_en="Stoves <script>alert(1)</script> & <mark>grills</mark>"),
            PASIG,
        ],
    )
    [hit] = meili.search(articles, SearchQuery(text="stoves", language="th")).hits
    assert hit.highlights["title"] == (
        "<mark>Stoves</mark> &lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;mark&gt;grills&lt;/mark&gt;"
    )
    [hit] = meili.search(articles, SearchQuery(text="pasig", language="vi")).hits
    assert hit.highlights["title"] == "Xe đạp công cộng ở <mark>Pasig</mark>"
    [hit] = meili.search(articles, SearchQuery(text="pasig", language="en")).hits
    assert hit.highlights["title"] == "Public bike sharing in <mark>Pasig</mark>"


def test_searches_carry_the_search_key_and_writes_the_admin_key(indexed, articles, fake_meili):
    indexed.search(articles, SearchQuery(text="port"))
    indexed.delete_documents(articles, ["pasig"])
    searches = [request for request in fake_meili.requests if request.path == "/multi-search"]
    assert searches and {request.authorization for request in searches} == {"Bearer search-key"}
    writes = fake_meili.writes()
    assert writes and {request.authorization for request in writes} == {"Bearer admin-key"}


def test_a_stored_search_key_is_used_when_none_is_configured(fake_meili, articles, db):
    engine = MeilisearchEngine(fake_meili.url, api_key="admin-key", search_key="", prefix="test")
    with pytest.raises(SearchEngineError, match="create-search-key"):
        engine.search(articles, SearchQuery())
    assert not any(request.path == "/multi-search" for request in fake_meili.requests)

    created = engine.create_search_key()
    assert fake_meili.keys[0]["actions"] == ["search"]
    assert fake_meili.keys[0]["indexes"] == ["test_*"]
    from portal.search.models import SearchEngineKey

    SearchEngineKey.objects.create(url=fake_meili.url, uid=created["uid"], key=created["key"])
    engine.search(articles, SearchQuery())
    assert fake_meili.requests[-1].authorization == f"Bearer {created['key']}"


def test_delete_removes_documents_by_a_quoted_id_filter(indexed, articles, fake_meili):
    indexed.delete_documents(articles, ["pasig", "no-such-id"])
    assert indexed.count(articles) == 4
    assert fake_meili.writes()[-1].body == {"filter": ['id IN ["pasig", "no-such-id"]']}


def test_indexed_hashes_and_count(indexed, articles):
    indexed.batch_size = 2  # pages through the documents
    assert indexed.indexed_hashes(articles) == {doc["id"]: content_hash(doc) for doc in ALL}
    assert indexed.count(articles) == 5


def test_an_index_that_does_not_exist_yet_is_empty(meili, articles):
    assert meili.count(articles) == 0
    assert meili.indexed_hashes(articles) == {}
    assert meili.search(articles, SearchQuery(text="x", facets=["kind"])).total == 0


def test_a_task_that_never_finishes_is_a_timeout_error(meili, articles, fake_meili):
    meili.task_timeout_ms = 200
    fake_meili.task_mode = "processing"
    with pytest.raises(SearchEngineError, match="not finished after 200 ms"):
        meili.index_documents(articles, [PASIG])


def test_a_failed_task_is_logged_and_raised_with_its_error(meili, articles, fake_meili, caplog):
    meili.configure(articles)
    fake_meili.task_mode = "fail"
    with (
        caplog.at_level(logging.ERROR, logger="portal.search.engines.meilisearch"),
        pytest.raises(SearchEngineError, match="invalid_document_id"),
    ):
        meili.index_documents(articles, [PASIG])
    assert "failed: invalid_document_id" in caplog.text


def test_an_unreachable_server_is_a_search_engine_error(meili, articles, fake_meili):
    fake_meili.down = True
    with pytest.raises(SearchEngineError, match="503"):
        meili.index_documents(articles, [PASIG])
    with pytest.raises(SearchEngineError, match="503"):
        meili.search(articles, SearchQuery())
    closed = MeilisearchEngine("http://127.0.0.1:9", api_key="k", search_key="s", prefix="t")
    with pytest.raises(SearchEngineError, match="unreachable"):
        closed.count(articles)
    ok, detail = closed.health()
    assert not ok and detail["engine"] == "meilisearch" and "unreachable" in detail["error"]


def test_health_never_shows_a_key(meili, fake_meili):
    ok, detail = meili.health()
    assert ok
    assert "admin-key" not in repr(detail) and "search-key" not in repr(detail)
    [probe] = [request for request in fake_meili.requests if request.path == "/health"]
    assert "admin-key" not in probe.authorization  # the health probe needs no key


def test_rebuild_fills_a_new_index_then_swaps_it_in(indexed, articles, fake_meili):
    before = len(fake_meili.requests)
    written = indexed.rebuild(articles, iter([KITAKYUSHU, article("new", title_en="Fresh port study")]))
    assert written == 2
    steps = [
        (request.method, request.path)
        for request in fake_meili.requests[before:]
        if request.method != "GET" or not request.path.startswith("/tasks")
    ]
    temporary = next(path.split("/")[2] for method, path in steps if method == "PATCH")
    assert temporary.startswith(f"{UID}_tmp_")
    assert steps == [
        ("GET", "/indexes"),
        ("GET", f"/indexes/{temporary}"),
        ("POST", "/indexes"),
        ("PATCH", f"/indexes/{temporary}/settings"),
        ("POST", f"/indexes/{temporary}/documents"),
        ("GET", f"/indexes/{UID}"),
        ("POST", "/swap-indexes"),
        ("DELETE", f"/indexes/{temporary}"),
        ("GET", f"/indexes/{temporary}"),  # not recreated by a late write
        ("GET", f"/indexes/{temporary}"),
    ]
    assert set(fake_meili.indexes) == {UID}
    assert sorted(fake_meili.documents(UID)) == ["kitakyushu", "new"]


def test_searches_and_updates_during_a_rebuild(indexed, articles, fake_meili):
    other = MeilisearchEngine(fake_meili.url, api_key="admin-key", search_key="search-key", prefix="test")

    def documents():
        yield KITAKYUSHU
        # Meanwhile: searches answer from the live index; another process's update reaches both.
        assert indexed.search(articles, SearchQuery()).total == 5
        other.index_documents(articles, [article("late", title_en="Late arrival")])
        other.delete_documents(articles, ["kitakyushu"])
        yield HANOI

    indexed.batch_size = 1
    indexed.rebuild(articles, documents())
    assert sorted(fake_meili.documents(UID)) == ["hanoi", "late"]


def test_a_second_rebuild_is_refused_and_a_failed_one_leaves_the_live_index(indexed, articles, fake_meili):
    import time

    fake_meili.indexes[f"{UID}_tmp_{int(time.time())}"] = {
        "primaryKey": "id",
        "settings": {},
        "documents": {},
    }
    with pytest.raises(SearchEngineError, match="already running"):
        indexed.rebuild(articles, [])
    fake_meili.indexes.clear()
    indexed.index_documents(articles, ALL)

    def broken():
        yield KITAKYUSHU
        raise RuntimeError("database went away")

    with pytest.raises(RuntimeError):
        indexed.rebuild(articles, broken())
    assert set(fake_meili.indexes) == {UID}
    assert indexed.count(articles) == 5


def test_a_late_write_that_recreates_the_old_index_is_swept_away(indexed, articles, fake_meili, monkeypatch):
    original = MeilisearchEngine._delete_index
    calls = []

    def delete_then_a_late_write(self, uid, **kwargs):
        original(self, uid, **kwargs)
        if not calls:  # another process posts to the temporary index it listed a moment ago
            fake_meili.indexes[uid] = {"primaryKey": "id", "settings": {}, "documents": {"x": {"id": "x"}}}
        calls.append(uid)

    monkeypatch.setattr(MeilisearchEngine, "_delete_index", delete_then_a_late_write)
    indexed.rebuild(articles, [PASIG])
    assert set(fake_meili.indexes) == {UID}
    assert len(calls) == 2


def test_a_rebuild_removes_what_a_long_dead_rebuild_left(indexed, articles, fake_meili):
    fake_meili.indexes[f"{UID}_tmp_1000"] = {"primaryKey": "id", "settings": {}, "documents": {}}
    indexed.rebuild(articles, [PASIG])
    assert set(fake_meili.indexes) == {UID}


def test_documents_are_fetched_by_id_with_a_quoted_filter_and_the_search_key(indexed, articles, fake_meili):
    hits = indexed.get_documents(articles, ["hanoi", "missing", "pasig"], {"country": ["VN"]})

    assert [hit.id for hit in hits] == ["hanoi"]
    assert hits[0].document == HANOI  # the engine's own keys are removed
    [request] = [request for request in fake_meili.requests if request.path == "/multi-search"][-1:]
    assert request.authorization == "Bearer search-key"
    assert request.body["queries"][0]["filter"] == [
        'id IN ["hanoi", "missing", "pasig"]',
        'country IN ["VN"]',
    ]
    assert indexed.get_documents(articles, []) == []


def test_fetching_from_an_index_that_does_not_exist_yet_finds_nothing(meili, articles):
    assert meili.get_documents(articles, ["pasig"]) == []
