"""The embedded (tantivy) engine, driven directly with plain dict documents."""

import shutil
import threading
import time

import pytest

from portal.search.engines.base import content_hash
from portal.search.engines.embedded import EmbeddedEngine, fuzzy_distance
from portal.search.query import InvalidSearchQuery, SearchQuery
from tests.portal.search.conftest import article, require_embedded

KITAKYUSHU = article(
    "kitakyushu",
    title_en="Emissions inventory of industrial zones and ports",
    summary_en="Kitakyushu helped Haiphong build an emissions inventory of its port.",
    country=["JP", "VN"],
    action=["emissions-inventory", "port-emission-controls"],
    kind="case-study",
    date="2021-03-01",
    name="Haiphong",
    rank=3,
)
PASIG = article(
    "pasig",
    title_en="Public bike sharing in Pasig",
    title_vi="Xe đạp công cộng ở Pasig",
    summary_vi="Hà Nội học hỏi mô hình xe đạp công cộng của Pasig.",
    country=["PH"],
    action=["public-bike-sharing"],
    kind="case-study",
    date="2019-05-01",
    name="Pasig",
    rank=1,
)
BANGKOK = article(
    "bangkok",
    title_th="การจัดทำบัญชีการปล่อยมลพิษของกรุงเทพมหานครร่วมกับเมืองซานดิเอโก",
    summary_th="กรุงเทพมหานครลดฝุ่นละอองขนาดเล็กด้วยการตรวจวัดคุณภาพอากาศ",
    country=["TH"],
    action=["air-quality-monitoring"],
    kind="training",
    date="2023-07-15T09:30:00+07:00",
    name="bangkok",
    author="สมชาย ใจดี",
)
JAKARTA = article(
    "jakarta",
    title_id="Pemantauan kualitas udara di Jakarta",
    summary_id="Jakarta memperluas jaringan pemantauan dan peringatan dini.",
    country=["ID"],
    action=["air-quality-monitoring"],
    kind="training",
    date="2022-11-30",
    name="Jakarta",
    rank=2,
)
HANOI = article(
    "hanoi",
    title_vi="Kế hoạch hành động vì không khí sạch của Hà Nội",
    summary_vi="Hà Nội kiểm soát đốt rơm rạ và bụi xây dựng.",
    country=["VN"],
    action=["clean-air-action-plan"],
    kind="forum-report",
    name="Hà Nội",
)
ALL = [KITAKYUSHU, PASIG, BANGKOK, JAKARTA, HANOI]


@pytest.fixture
def indexed(engine, articles):
    engine.index_documents(articles, ALL)
    return engine


def ids(result) -> list[str]:
    return [hit.id for hit in result.hits]


def search(engine, articles, text="", **options):
    return engine.search(articles, SearchQuery(text=text, **options))


def test_typo_distance_grows_with_word_length():
    assert [fuzzy_distance(word) for word in ("sox", "port", "monitor", "inventor", "inventory")] == [
        0,
        1,
        1,
        2,
        2,
    ]


def test_english_words_with_typos_are_found(indexed, articles):
    assert ids(search(indexed, articles, "emisions inventroy")) == ["kitakyushu"]


def test_words_under_four_letters_allow_no_typo(indexed, articles):
    # "pot" is one letter from "port" but too short to be read as a slip.
    assert ids(search(indexed, articles, "pot")) == []


def test_four_letter_words_allow_one_typo_on_any_word(indexed, articles):
    # "pots" (one letter from "ports") is not the last word, so it is no prefix: the typo finds it.
    assert ids(search(indexed, articles, "pots industrial")) == ["kitakyushu"]
    assert ids(search(indexed, articles, "bikr sharing")) == ["pasig"]


def test_two_typos_on_a_long_word_that_is_not_the_last(indexed, articles):
    assert ids(search(indexed, articles, "industrail zoens ports")) == ["kitakyushu"]


def test_a_document_with_every_word_is_the_whole_answer(indexed, articles):
    # The Pasig study names Pasig and Hà Nội; the Hanoi plan names only Hà Nội and is left out.
    result = search(indexed, articles, "Pasig Ha Noi")
    assert ids(result) == ["pasig"]
    assert result.matched_all_words


def test_when_no_document_has_every_word_the_ones_with_most_words_answer(indexed, articles):
    # No text names both: each study that has one of the words is found, and the page says so.
    result = search(indexed, articles, "emissions Pasig")
    assert sorted(ids(result)) == ["kitakyushu", "pasig"]
    assert not result.matched_all_words


def test_an_answer_with_some_of_the_words_pages_through_every_such_document(engine, articles):
    engine.index_documents(
        articles,
        [article(f"ozone-{n}", title_en=f"Ozone study {n}", country=["TH"]) for n in range(7)]
        + [article(f"jeepney-{n}", title_en=f"Jeepney fleet {n}", country=["PH"]) for n in range(5)],
    )
    pages = [search(engine, articles, "ozone jeepney", page=page, page_size=5) for page in (1, 2, 3)]

    assert [result.total for result in pages] == [12, 12, 12]
    assert not any(result.matched_all_words for result in pages)
    assert [len(result.hits) for result in pages] == [5, 5, 2]
    found = [hit.id for result in pages for hit in result.hits]
    assert sorted(found) == sorted([f"ozone-{n}" for n in range(7)] + [f"jeepney-{n}" for n in range(5)])
    scores = [hit.score for result in pages for hit in result.hits]
    assert scores == sorted(scores, reverse=True)
    filtered = search(engine, articles, "ozone jeepney", filters={"country": ["PH"]})
    assert sorted(ids(filtered)) == [f"jeepney-{n}" for n in range(5)]
    assert filtered.total == 5


def test_a_word_found_nowhere_does_not_empty_the_answer(engine, articles):
    engine.index_documents(
        articles,
        [
            article("both", title_en="Charcoal stoves in night markets"),
            article("stoves", title_en="Stoves for schools"),
            article("markets", title_en="Wet markets"),
        ],
    )
    # "zyxwvut" is in no document: the document with both other words answers; one with a single
    # word of the three does not (at least half the words must match, see _Plan.relaxed_minimum).
    result = search(engine, articles, "charcoal zyxwvut markets")
    assert ids(result) == ["both"]
    assert not result.matched_all_words
    # Of two words, one is enough.
    assert set(ids(search(engine, articles, "zyxwvut markets"))) == {"both", "markets"}


def test_a_question_finds_the_page_although_its_function_words_are_in_no_document(engine, articles):
    engine.index_documents(
        articles,
        [
            article("trucks", title_en="Diesel trucks: retrofits and low emission zones"),
            article("buses", title_en="Electric buses"),
        ],
    )
    for question in (
        "what can a city do about diesel trucks?",
        "How should we deal with diesel trucks",
    ):
        result = search(engine, articles, question)
        assert ids(result) == ["trucks"], question


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("thành phố nào có xe buýt điện", "vi-bus"),
        ("bagaimana kota mengurangi polusi", "id-polusi"),
        ("เมืองไหนมีรถเมล์ไฟฟ้า", "th-bus"),
    ],
)
def test_questions_in_vietnamese_indonesian_and_thai_ask_only_for_their_content_words(
    engine, articles, text, expected
):
    engine.index_documents(
        articles,
        [
            article("vi-bus", title_vi="Xe buýt điện ở thành phố Hồ Chí Minh"),
            article("id-polusi", title_id="Kota Bandung mengurangi polusi udara"),
            article("th-bus", title_th="รถเมล์ไฟฟ้าในเมืองเชียงใหม่"),
        ],
    )
    result = search(engine, articles, text)
    assert ids(result)[0] == expected
    assert result.matched_all_words


def test_a_query_of_stop_words_only_still_searches_them(engine, articles):
    engine.index_documents(
        articles,
        [article("who", title_en="The Who and the What"), article("other", title_en="Stoves")],
    )
    assert ids(search(engine, articles, "the who")) == ["who"]


def test_a_vietnamese_word_with_a_wrong_tone_mark_is_found(indexed, articles):
    # "nọi" for "nội", "cộng cọng" for "công cộng": readers slip on tone marks too.
    assert "pasig" in ids(search(indexed, articles, "hà nọi"))
    assert "pasig" in ids(search(indexed, articles, "xe đap cọng cộng"))


def test_the_last_word_matches_as_a_prefix(indexed, articles):
    assert ids(search(indexed, articles, "industrial zon")) == ["kitakyushu"]
    # Only the last word: a prefix earlier in the query is just a short word, found nowhere.
    result = search(indexed, articles, "zon industrial")
    assert ids(result) == ["kitakyushu"]
    assert not result.matched_all_words


def test_exact_matches_rank_above_typo_matches(engine, articles):
    engine.index_documents(
        articles,
        [
            # "emission" is one edit away from "emissions".
            article("near", title_en="Harbour emission monitoring"),
            article("exact", title_en="Harbour emissions monitoring"),
        ],
    )
    assert ids(search(engine, articles, "emissions")) == ["exact", "near"]


def test_field_weights_rank_titles_above_summaries(engine, articles):
    engine.index_documents(
        articles,
        [
            article("in-summary", title_en="Report", summary_en="Notes on charcoal stoves"),
            article("in-title", title_en="Charcoal stoves", summary_en="Notes"),
        ],
    )
    assert ids(search(engine, articles, "charcoal")) == ["in-title", "in-summary"]


def test_a_glossary_term_counts_once_however_many_of_its_translations_a_text_lists(engine, articles):
    require_embedded(engine)
    engine.index_documents(
        articles,
        [
            # A label indexed with its translations names the term four times.
            article(
                "listed",
                title_en="Card",
                summary_en="Emissions inventory; kiểm kê phát thải; inventarisasi emisi; บัญชีการปล่อยมลพิษ",
            ),
            # A short text about the very thing names it once.
            article("about-it", title_en="Bandung", summary_en="Inventarisasi emisi Bandung"),
            # Each equivalent once elsewhere too, so that no language's words are rarer than another's.
            article("english", title_en="Notes", summary_en="Emissions inventory notes"),
            article("vietnamese", title_en="Notes", summary_en="Ghi chú kiểm kê phát thải"),
            article("thai", title_en="Notes", summary_en="บันทึกบัญชีการปล่อยมลพิษ"),
        ],
    )
    found = ids(search(engine, articles, "inventarisasi emisi"))
    assert found.index("about-it") < found.index("listed")


@pytest.mark.parametrize("text", ["Ha Noi", "ha noi", "Hà Nội", "HÀ NỘI", "xe dap cong cong"])
def test_vietnamese_matches_with_or_without_tone_marks(indexed, articles, text):
    assert "pasig" in ids(search(indexed, articles, text))


def test_toneless_vietnamese_text_is_found_by_a_query_with_tone_marks(engine, articles):
    engine.index_documents(articles, [article("plain", title_vi="Ke hoach Da Nang")])
    assert ids(search(engine, articles, "Kế hoạch Đà Nẵng")) == ["plain"]


def test_a_thai_word_inside_an_unspaced_sentence_is_found(indexed, articles):
    assert ids(search(indexed, articles, "ซานดิเอโก")) == ["bangkok"]
    assert ids(search(indexed, articles, "มลพิษ")) == ["bangkok"]


def test_a_thai_query_without_spaces_is_segmented(indexed, articles):
    assert ids(search(indexed, articles, "คุณภาพอากาศกรุงเทพมหานคร")) == ["bangkok"]


def test_untranslated_text_is_searchable_in_any_script(indexed, articles):
    assert ids(search(indexed, articles, "สมชาย")) == ["bangkok"]


def test_indonesian_words_with_typos_are_found(indexed, articles):
    assert ids(search(indexed, articles, "pemantaun kualitas")) == ["jakarta"]


@pytest.mark.parametrize("text", ["kiểm kê phát thải", "kiem ke phat thai", "บัญชีการปล่อยมลพิษ"])
def test_glossary_terms_find_documents_in_other_languages(indexed, articles, text):
    found = ids(search(indexed, articles, text))
    assert "kitakyushu" in found  # English
    assert "pasig" not in found


def test_thai_pm25_finds_english_fine_particle_documents(engine, articles):
    engine.index_documents(
        articles,
        [
            article("pm", title_en="PM2.5 forecasting for schools"),
            article("no2", title_en="NO2 forecasting for schools"),
        ],
    )
    assert ids(search(engine, articles, "ฝุ่น PM2.5")) == ["pm"]


def test_glossary_expansion_still_requires_the_other_words(indexed, articles):
    assert ids(search(indexed, articles, "kiểm kê phát thải Kitakyushu")) == ["kitakyushu"]


def test_filters_are_or_within_a_field_and_and_across_fields(indexed, articles):
    assert set(ids(search(indexed, articles, filters={"country": ["PH", "TH"]}))) == {"pasig", "bangkok"}
    assert ids(search(indexed, articles, filters={"country": ["VN"], "kind": ["forum-report"]})) == ["hanoi"]
    assert ids(search(indexed, articles, filters={"country": ["VN"], "kind": ["training"]})) == []
    assert ids(search(indexed, articles, "Pasig", filters={"country": ["VN"]})) == []


def test_filter_values_are_never_parsed_as_query_syntax(indexed, articles):
    assert ids(search(indexed, articles, filters={"country": ['PH" OR country:TH', "*"]})) == []
    # Field syntax is only words: the query finds what its plain words find, no more.
    assert ids(search(indexed, articles, 'title_en:ports OR "x')) == ids(
        search(indexed, articles, "title en ports or x")
    )
    # "NOT pasig" excludes nothing: Pasig is a word like the others.
    found = search(indexed, articles, 'summary_th:"กรุงเทพมหานคร" AND NOT pasig')
    assert ids(found) == ids(search(indexed, articles, "summary th กรุงเทพมหานคร and not pasig"))


def test_facet_counts_cover_the_filtered_results(indexed, articles):
    result = search(indexed, articles, filters={"kind": ["case-study"]}, facets=["country", "action"])
    assert result.facets["country"] == {"JP": 1, "VN": 1, "PH": 1}
    assert result.facets["action"] == {
        "emissions-inventory": 1,
        "port-emission-controls": 1,
        "public-bike-sharing": 1,
    }


def test_a_filtered_facet_counts_as_if_its_own_filter_were_off(indexed, articles):
    result = search(indexed, articles, filters={"country": ["VN"]}, facets=["country", "kind"])
    assert result.total == 2
    assert result.facets["country"] == {"VN": 2, "JP": 1, "PH": 1, "TH": 1, "ID": 1}
    assert result.facets["kind"] == {"case-study": 1, "forum-report": 1}


def test_facets_follow_the_text_query_and_language_is_a_facet(indexed, articles):
    result = search(indexed, articles, "Pasig", facets=["language"])
    assert result.facets == {"language": {"en": 1, "vi": 1}}


def test_sorting_by_date_in_both_directions_puts_missing_values_last(indexed, articles):
    assert ids(search(indexed, articles, sort="date")) == [
        "pasig",
        "kitakyushu",
        "jakarta",
        "bangkok",
        "hanoi",
    ]
    assert ids(search(indexed, articles, sort="-date")) == [
        "bangkok",
        "jakarta",
        "kitakyushu",
        "pasig",
        "hanoi",
    ]


def test_sorting_by_name_ignores_case_and_tone_marks(indexed, articles):
    assert ids(search(indexed, articles, sort="name")) == [
        "bangkok",
        "hanoi",
        "kitakyushu",
        "jakarta",
        "pasig",
    ]
    assert ids(search(indexed, articles, sort="-name")) == [
        "pasig",
        "jakarta",
        "kitakyushu",
        "hanoi",
        "bangkok",
    ]


def test_sorting_by_number(indexed, articles):
    assert ids(search(indexed, articles, sort="-rank"))[:3] == ["kitakyushu", "jakarta", "pasig"]
    assert search(indexed, articles, sort="rank").hits[0].score is None


def test_pagination(indexed, articles):
    pages = [ids(search(indexed, articles, sort="date", page=page, page_size=2)) for page in (1, 2, 3, 4)]
    assert pages == [["pasig", "kitakyushu"], ["jakarta", "bangkok"], ["hanoi"], []]
    assert search(indexed, articles, sort="date", page=3, page_size=2).total == 5


def test_empty_text_matches_everything(indexed, articles):
    result = search(indexed, articles)
    assert result.total == 5
    assert result.engine == indexed.name
    assert result.took_ms >= 0


def test_hits_carry_the_stored_document(indexed, articles):
    hit = search(indexed, articles, "Pasig").hits[0]
    assert hit.document == PASIG
    assert hit.score > 0


def test_highlights_mark_matches_in_the_readers_language(indexed, articles):
    hit = search(indexed, articles, "emisions inventory", language="vi").hits[0]
    # No Vietnamese text: English is shown instead.
    assert hit.highlights["title"] == "<mark>Emissions inventory</mark> of industrial zones and ports"
    hit = search(indexed, articles, "pasig", language="vi").hits[0]
    assert hit.highlights["title"] == "Xe đạp công cộng ở <mark>Pasig</mark>"
    hit = search(indexed, articles, "pasig", language="en").hits[0]
    assert hit.highlights["title"] == "Public bike sharing in <mark>Pasig</mark>"


def test_thai_highlights_keep_the_text_unspaced(indexed, articles):
    hit = search(indexed, articles, "ซานดิเอโก", language="th").hits[0]
    assert hit.highlights["title"] == "การจัดทำบัญชีการปล่อยมลพิษของกรุงเทพมหานครร่วมกับเมือง<mark>ซานดิเอโก</mark>"


def test_thai_highlights_mark_whole_words_never_a_bare_prefix(engine, articles):
    # newmm cuts "การ" (which makes a noun of the verb after it) off as a word of its own:
    # บัญชี|การ|ปล่อย|มลพิษ และ|การ|จัดการ|คุณภาพ|อากาศ. A reader of "การจัดการ" (management)
    # sees the whole word marked, never the "การ" of "การปล่อย" (emission) beside it.
    engine.index_documents(articles, [article("th", title_th="บัญชีการปล่อยมลพิษและการจัดการคุณภาพอากาศ")])
    hit = search(engine, articles, "การจัดการ", language="th").hits[0]
    assert hit.highlights["title"] == "บัญชีการปล่อยมลพิษและ<mark>การจัดการ</mark>คุณภาพอากาศ"
    # A query whose only word in the text is "การ" marks nothing at all.
    hit = search(engine, articles, "การเผาขยะ มลพิษ", language="th").hits[0]
    assert hit.highlights["title"] == "บัญชีการปล่อย<mark>มลพิษ</mark>และการจัดการคุณภาพอากาศ"


def test_highlights_escape_html(engine, articles):
    engine.index_documents(articles, [article("x", title_en="Stoves <script>alert(1)</script> & grills")])
    assert search(engine, articles, "stoves").hits[0].highlights["title"] == (
        "<mark>Stoves</mark> &lt;script&gt;alert(1)&lt;/script&gt; &amp; grills"
    )


def test_hits_sharing_a_text_each_show_its_highlight(engine, articles):
    # A page of experts often repeats a text (a position, an organisation): every hit with it
    # shows the same snippet it would show alone, and a hit without a match shows none.
    shared = "Port emissions inventory & <b>monitoring</b> in 2024"
    engine.index_documents(
        articles,
        [
            article("a", title_en=shared, summary_en="Haiphong port inventory."),
            article("b", title_en=shared, summary_en="Kitakyushu, a sister city."),
            article("c", title_en="An inventory of Thai ports", summary_th="บัญชีการปล่อยมลพิษ"),
            article("d", title_en="Bus fleets", summary_en="An inventory of buses"),
        ],
    )
    highlights = {hit.id: hit.highlights for hit in search(engine, articles, "inventory").hits}

    expected = "Port emissions <mark>inventory</mark> &amp; &lt;b&gt;monitoring&lt;/b&gt; in 2024"
    assert highlights["a"]["title"] == highlights["b"]["title"] == expected
    assert highlights["a"]["summary"] == "Haiphong port <mark>inventory</mark>"
    assert "summary" not in highlights["b"]
    assert highlights["c"] == {"title": "An <mark>inventory</mark> of Thai ports"}
    assert highlights["d"] == {"summary": "An <mark>inventory</mark> of buses"}


def test_documents_are_replaced_by_id(indexed, articles):
    indexed.index_documents(articles, [{**PASIG, "title_en": "Bicycles of Pasig"}])
    assert indexed.count(articles) == 5
    assert ids(search(indexed, articles, "bicycles")) == ["pasig"]
    assert ids(search(indexed, articles, "sharing")) == []


def test_delete_removes_documents(indexed, articles):
    indexed.delete_documents(articles, ["pasig", "no-such-id"])
    assert indexed.count(articles) == 4
    assert ids(search(indexed, articles, "Pasig")) == []


def test_indexed_hashes_fingerprint_each_stored_document(indexed, articles):
    assert indexed.indexed_hashes(articles) == {doc["id"]: content_hash(doc) for doc in ALL}


def test_content_hash_ignores_key_order_and_sees_value_changes():
    assert content_hash({"id": "1", "a": [1, 2]}) == content_hash({"a": [1, 2], "id": "1"})
    assert content_hash({"id": "1", "a": [1, 2]}) != content_hash({"id": "1", "a": [2, 1]})


def test_an_index_that_does_not_exist_yet_is_empty(engine, articles):
    assert engine.count(articles) == 0
    assert engine.indexed_hashes(articles) == {}
    assert search(engine, articles, "anything").total == 0


def test_rebuild_replaces_everything_and_searches_keep_answering(indexed, articles):
    require_embedded(indexed)
    _, old_searcher = indexed._searcher(articles)
    before = {path.name for path in (indexed.index_dir / articles.name).iterdir() if path.is_dir()}
    written = indexed.rebuild(articles, iter([KITAKYUSHU, article("new", title_en="Fresh port study")]))

    assert written == 2
    assert set(ids(search(indexed, articles, "port"))) == {"kitakyushu", "new"}
    assert indexed.count(articles) == 2
    after = {path.name for path in (indexed.index_dir / articles.name).iterdir() if path.is_dir()}
    assert len(after) == 1
    assert not after & before  # the old generation is gone from disk
    # A searcher opened before the swap still answers from the old index.
    assert old_searcher.num_docs == 5


def test_another_engine_sees_updates_and_rebuilds_at_once(indexed, articles):
    require_embedded(indexed)
    other = EmbeddedEngine(index_dir=indexed.index_dir)  # another process, as far as tantivy knows
    assert search(other, articles, "Pasig").total == 1
    indexed.delete_documents(articles, ["pasig"])
    assert search(other, articles, "Pasig").total == 0
    indexed.rebuild(articles, [PASIG])
    assert ids(search(other, articles)) == ["pasig"]


def test_an_index_whose_live_files_vanished_starts_empty_and_takes_documents(indexed, articles):
    require_embedded(indexed)
    assert search(indexed, articles, "Pasig").total == 1
    base = indexed.index_dir / articles.name
    # The live generation's files removed by hand, CURRENT left as it was.
    shutil.rmtree(base / (base / "CURRENT").read_text().strip())

    assert search(indexed, articles, "Pasig").total == 0
    indexed.index_documents(articles, [PASIG])
    assert ids(search(indexed, articles, "Pasig")) == ["pasig"]


def test_updates_during_a_rebuild_reach_the_new_index(indexed, articles):
    started, release = threading.Event(), threading.Event()

    def slow_documents():
        yield KITAKYUSHU
        started.set()
        assert release.wait(10)
        yield PASIG

    worker = threading.Thread(target=indexed.rebuild, args=(articles, slow_documents()))
    worker.start()
    try:
        assert started.wait(10)
        # While the rebuild runs: searching uses the old index, updates go to both.
        assert search(indexed, articles).total == 5
        indexed.index_documents(articles, [article("late", title_en="Late arrival")])
        indexed.delete_documents(articles, ["kitakyushu"])
    finally:
        release.set()
        worker.join(10)
    assert sorted(ids(search(indexed, articles))) == ["late", "pasig"]


def test_a_second_rebuild_at_the_same_time_is_refused(indexed, articles):
    from portal.search.engines.base import SearchEngineError

    started, release = threading.Event(), threading.Event()

    def slow_documents():
        started.set()
        assert release.wait(10)
        yield PASIG

    worker = threading.Thread(target=indexed.rebuild, args=(articles, slow_documents()))
    worker.start()
    try:
        assert started.wait(10)
        with pytest.raises(SearchEngineError, match="already running"):
            indexed.rebuild(articles, [])
    finally:
        release.set()
        worker.join(10)
    assert ids(search(indexed, articles)) == ["pasig"]


def test_a_failed_rebuild_leaves_the_live_index_alone(indexed, articles):
    require_embedded(indexed)

    def broken():
        yield KITAKYUSHU
        raise RuntimeError("database went away")

    with pytest.raises(RuntimeError):
        indexed.rebuild(articles, broken())
    assert indexed.count(articles) == 5
    assert not (indexed.index_dir / articles.name / "BUILDING").exists()
    indexed.index_documents(articles, [article("after", title_en="After")])
    assert indexed.count(articles) == 6


def test_a_changed_declaration_starts_an_empty_index(indexed, articles, caplog):
    require_embedded(indexed)
    from portal.search.documents import KeywordField

    class Changed(type(articles)):
        keyword_fields = (*type(articles).keyword_fields, KeywordField("city"))

    changed = Changed()
    assert indexed.count(changed) == 0
    assert "rebuild" in caplog.text
    indexed.index_documents(changed, [{**PASIG, "city": ["pasig"]}])
    assert ids(search(indexed, changed, filters={"city": ["pasig"]})) == ["pasig"]


def test_an_index_written_before_stemming_asks_for_a_rebuild_that_brings_it(
    indexed, articles, caplog, monkeypatch
):
    require_embedded(indexed)
    from portal.search.engines.embedded import schema

    # The same declaration without stemmed keys: the layout of an index written before them.
    monkeypatch.setattr(schema, "STEMMED_LANGUAGES", frozenset())
    indexed._layouts.clear()
    indexed.rebuild(articles, [KITAKYUSHU])
    # Without stems "inventories" misses "inventory": only the relaxed pass finds it, by "ports".
    assert not search(indexed, articles, "inventories ports").matched_all_words
    monkeypatch.undo()
    indexed._layouts.clear()
    assert indexed.count(articles) == 0
    assert "rebuild" in caplog.text
    indexed.rebuild(articles, [KITAKYUSHU])
    stemmed = search(indexed, articles, "inventories ports")
    assert ids(stemmed) == ["kitakyushu"]
    assert stemmed.matched_all_words


def test_thai_words_new_to_the_index_become_corrections_after_a_refresh(indexed, articles, monkeypatch):
    require_embedded(indexed)
    from portal.search.engines.embedded import thai

    indexed.index_documents(articles, [article("air", title_th="คุณภาพอากาศของเมือง")])
    assert "air" in ids(search(indexed, articles, "คุณภาพอากาษ"))  # read on the first Thai query
    indexed.index_documents(articles, [article("bikes", title_th="จักรยานสาธารณะ")])
    assert ids(search(indexed, articles, "จักรยาน")) == ["bikes"]  # found exactly at once
    assert ids(search(indexed, articles, "จักยาน")) == []  # the words read before it arrived
    monkeypatch.setattr(thai, "VOCABULARY_REFRESH", 0.0)
    search(indexed, articles, "จักยานสาธารณะ")  # serves the old words, reads the new ones aside
    indexed._pool().submit(lambda: None).result()  # the reading has finished (one queue)
    deadline = time.monotonic() + 5
    while indexed._live(articles).refreshing and time.monotonic() < deadline:
        time.sleep(0.01)
    assert ids(search(indexed, articles, "จักยาน")) == ["bikes"]


def test_queries_naming_unknown_fields_are_refused(indexed, articles):
    with pytest.raises(InvalidSearchQuery, match="cannot filter"):
        search(indexed, articles, filters={"secret": ["x"]})
    with pytest.raises(InvalidSearchQuery, match="no facet"):
        search(indexed, articles, facets=["title_en"])
    with pytest.raises(InvalidSearchQuery, match="cannot sort"):
        search(indexed, articles, sort="-title")


def test_documents_without_an_id_are_refused(engine, articles):
    from portal.search.engines.base import SearchEngineError

    with pytest.raises(SearchEngineError, match="id"):
        engine.index_documents(articles, [{"title_en": "no id"}])
    assert engine.count(articles) == 0


def test_health_reports_documents_and_an_unwritable_directory(tmp_path, articles):
    from portal.search.documents import register, unregister

    register(articles)
    try:
        engine = EmbeddedEngine(index_dir=tmp_path / "ok")
        engine.index_documents(articles, [PASIG])
        assert engine.health() == (True, {"engine": "embedded", "documents": {articles.name: 1}})
    finally:
        unregister(articles.name)
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    ok, detail = EmbeddedEngine(index_dir=blocker / "index").health()
    assert not ok
    assert "not writable" in detail["error"]


def test_facet_counts_follow_updates_from_this_and_other_processes(indexed, articles):
    require_embedded(indexed)
    query = SearchQuery(facets=["kind"])
    assert indexed.search(articles, query).facets["kind"] == {
        "case-study": 2,
        "training": 2,
        "forum-report": 1,
    }
    indexed.index_documents(articles, [article("new", title_en="New", kind="training")])
    assert indexed.search(articles, query).facets["kind"]["training"] == 3
    EmbeddedEngine(index_dir=indexed.index_dir).delete_documents(articles, ["new", "hanoi"])
    assert indexed.search(articles, query).facets["kind"] == {"case-study": 2, "training": 2}


def test_cached_facet_counts_cannot_be_changed_by_a_caller(indexed, articles):
    query = SearchQuery(facets=["kind"])
    indexed.search(articles, query).facets["kind"]["training"] = 99
    assert indexed.search(articles, query).facets["kind"]["training"] == 2


def test_documents_are_fetched_by_id_in_the_order_asked(indexed, articles):
    hits = indexed.get_documents(articles, ["hanoi", "missing", "pasig", "hanoi"])

    assert [hit.id for hit in hits] == ["hanoi", "pasig"]
    assert hits[0].document == HANOI
    assert hits[0].score is None and hits[0].highlights == {} and not hits[0].pinned


def test_documents_fetched_by_id_must_match_the_filters(indexed, articles):
    assert [hit.id for hit in indexed.get_documents(articles, ["hanoi", "pasig"], {"country": ["PH"]})] == [
        "pasig"
    ]
    assert indexed.get_documents(articles, []) == []
    with pytest.raises(InvalidSearchQuery):
        indexed.get_documents(articles, ["pasig"], {"nonsense": ["x"]})
    with pytest.raises(InvalidSearchQuery):
        indexed.get_documents(articles, [str(number) for number in range(51)])


@pytest.mark.parametrize(
    ("word", "distance", "term", "expected"),
    [
        ("monitr", 1, "monitoring", True),  # a beginning one letter short of "monito(r)"
        ("udara", 1, "udaranya", True),
        ("kulaitas", 1, "kualitasnya", True),  # a swap counts as one typo
        ("pemantaun", 2, "pemantauan", True),
        ("inventroy", 1, "inventory", True),
        ("emisions", 1, "missions", False),  # "missions" starts with no beginning of it
        ("forecast", 1, "toast", False),
        ("ab", 1, "b", True),
        ("port", 0, "portal", True),
        ("port", 0, "sport", False),
    ],
)
def test_prefix_words_highlight_any_index_term_beginning_within_their_typos(word, distance, term, expected):
    from portal.search.engines.embedded import _Term, _within

    def some_beginning_within(term: str) -> bool:  # the definition, one beginning at a time
        return any(_within(term[:length], word, distance) for length in range(1, len(term) + 1))

    assert _Term(word, distance, prefix=True).matches(term) is expected
    if distance:
        assert some_beginning_within(term) is expected


def test_a_repeated_search_reuses_its_plan_and_searcher_until_a_commit(indexed, articles):
    require_embedded(indexed)
    first = search(indexed, articles, "emisions inventory", facets=["country"])
    opened, searcher = indexed._searcher(articles)

    again = search(indexed, articles, "emisions inventory", facets=["country"])
    assert indexed._text_plan(opened.layout, "emisions inventory") is indexed._text_plan(
        opened.layout, "emisions inventory"
    )
    assert indexed._searcher(articles)[1] is searcher
    assert [(hit.id, hit.highlights) for hit in again.hits] == [
        (hit.id, hit.highlights) for hit in first.hits
    ]
    assert again.facets == first.facets

    indexed.index_documents(
        articles, [{**PASIG, "id": "pasig-2", "title_en": "Emissions inventory in Pasig"}]
    )

    assert indexed._searcher(articles)[1] is not searcher
    after = search(indexed, articles, "emisions inventory", facets=["country"])
    assert after.total == first.total + 1
    assert after.facets["country"]["PH"] == 1


def test_a_glossary_term_of_several_words_is_found_as_its_words_together(engine, articles):
    require_embedded(engine)  # Meilisearch ranks words together first (its proximity rule) instead
    engine.index_documents(
        articles,
        [
            article("together", title_vi="Thâm Quyến", summary_vi="Thành phố thay toàn bộ xe buýt điện"),
            # Every word of "xe buýt điện" (electric bus), none of them together.
            article("scattered", title_vi="Ghi chú", summary_vi="Xe đạp, làn buýt nhanh và điện mặt trời"),
        ],
    )
    assert ids(search(engine, articles, "xe buýt điện")) == ["together"]
    # A single word is not a glossary term of several words: found wherever it is.
    assert sorted(ids(search(engine, articles, "buýt"))) == ["scattered", "together"]
