"""What search must do, written against the search layer and its JSON API (docs/architecture.md, "Search").

Objects are created with factories; saving and publishing index them through the background
tasks (run at once in tests), so these tests also prove that index updates follow the content.
"""

import pytest
from django.test import Client

from experts.factories import ExpertFactory
from experts.models import ExpertStatus
from knowledge.factories import CaseStudyPageFactory, TrainingMaterialPageFactory, translations
from portal.search.documents import get_document_type
from portal.search.query import SearchQuery

pytestmark = pytest.mark.django_db


def knowledge_search(engine, text="", **kwargs):
    return engine.search(get_document_type("knowledge"), SearchQuery(text=text, **kwargs))


def titles(result):
    return [hit.document["titles"]["en"] for hit in result.hits]


@pytest.fixture
def library(case_study_index, training_index, terms):
    """A small knowledge base in several languages."""
    city, action, pollutant = terms["city"], terms["action"], terms["pollutant"]
    pages = {
        "haiphong": CaseStudyPageFactory(
            parent=case_study_index,
            slug="haiphong-inventory",
            **translations(
                "title",
                {
                    "en": "Haiphong emissions inventory of industrial zones and ports",
                    "vi": "Kiểm kê phát thải khu công nghiệp và cảng Hải Phòng",
                },
            ),
            summary="Kitakyushu helped map the sources of the port and industrial zones.",
            city=city["haiphong"],
            year=2016,
            terms={
                "actions": [action["emissions-inventory"], action["port-emission-controls"]],
                "partner_cities": [city["kitakyushu"]],
            },
        ),
        "pasig": CaseStudyPageFactory(
            parent=case_study_index,
            slug="pasig-bikes",
            title="Public bike sharing in Pasig",
            summary="Docking stations near schools and markets.",
            city=city["pasig"],
            year=2018,
            terms={"actions": [action["public-bike-sharing"]]},
        ),
        "hanoi": CaseStudyPageFactory(
            parent=case_study_index,
            slug="hanoi-monitoring",
            **translations(
                "title",
                {
                    "en": "Monitoring stations across the capital",
                    "vi": "Mạng lưới quan trắc không khí ở Hà Nội",
                },
            ),
            summary="Low-cost sensors beside reference stations.",
            city=city["hanoi"],
            year=2021,
            terms={"actions": [action["air-quality-monitoring"]], "pollutants": [pollutant["pm25"]]},
        ),
        "bangkok": TrainingMaterialPageFactory(
            parent=training_index,
            slug="bangkok-course",
            **translations(
                "title",
                {"en": "Inventory course for city staff", "th": "การจัดทำบัญชีการปล่อยมลพิษสำหรับเจ้าหน้าที่เมือง"},
            ),
            summary="Activity data and emission factors.",
            city=city["bangkok"],
            year=2019,
            terms={"actions": [action["emissions-inventory"]]},
        ),
    }
    return pages


def test_english_with_typos_finds_the_practice(search_engine, library):
    assert titles(knowledge_search(search_engine, "emisions inventroy"))[0].startswith("Haiphong")


def test_the_last_word_matches_as_a_prefix(search_engine, library):
    assert titles(knowledge_search(search_engine, "bike shar"))[0] == "Public bike sharing in Pasig"


def test_vietnamese_matches_with_and_without_tone_marks(search_engine, library):
    assert "Monitoring stations across the capital" in titles(
        knowledge_search(search_engine, "quan trắc Hà Nội")
    )
    assert "Monitoring stations across the capital" in titles(
        knowledge_search(search_engine, "quan trac ha noi")
    )


def test_vietnamese_words_typed_with_their_tone_marks_rank_above_their_folded_namesakes(
    search_engine, case_study_index
):
    # "khóa học" (a course) and "khoa học" (science) fold to the same letters.
    science_title, course_title = "A science-based clean air plan", "A clean air course for officials"
    CaseStudyPageFactory(
        parent=case_study_index,
        slug="science-plan",
        **translations("title", {"en": science_title, "vi": "Kế hoạch dựa trên khoa học"}),
    )
    CaseStudyPageFactory(
        parent=case_study_index,
        slug="clean-air-course",
        **translations("title", {"en": course_title, "vi": "Khóa học cho cán bộ"}),
    )
    assert set(titles(knowledge_search(search_engine, "khoa hoc"))) == {science_title, course_title}
    if search_engine.name == "meilisearch":
        pytest.skip("Meilisearch normalises the marks itself (README, Meilisearch)")
    assert titles(knowledge_search(search_engine, "khóa học", language="vi")) == [course_title, science_title]
    assert titles(knowledge_search(search_engine, "khoa học", language="vi")) == [science_title, course_title]


def test_thai_words_are_found_inside_unspaced_sentences(search_engine, library):
    assert titles(knowledge_search(search_engine, "เจ้าหน้าที่"))[0] == "Inventory course for city staff"


def test_a_thai_word_with_a_wrong_final_consonant_finds_the_page(search_engine, library):
    if search_engine.name == "meilisearch":
        pytest.skip("Meilisearch cannot list its words to correct against (README, Search)")
    # มลพิษ typed with ด for ษ (same final sound): segmented as typed, no piece would match.
    assert titles(knowledge_search(search_engine, "บัญชีการปล่อยมลพิด"))[0] == "Inventory course for city staff"
    assert titles(knowledge_search(search_engine, "บัญชีการปล่อยมลพิษ"))[0] == "Inventory course for city staff"


@pytest.fixture
def word_forms(case_study_index):
    """Pages whose words are other forms of what readers type."""

    def page(slug, titles_by_language):
        return CaseStudyPageFactory(
            parent=case_study_index, slug=slug, **translations("title", titles_by_language)
        )

    return {
        "monitoring": page("monitoring", {"en": "Monitoring roadside soot"}),
        "monitored": page("monitored", {"en": "Monitored roadside soot"}),
        "memantau": page(
            "memantau", {"en": "Volunteers watch the river air", "id": "Relawan memantau udara sungai"}
        ),
        "pantau": page("pantau", {"en": "Watch list of kilns", "id": "Daftar pantau tungku bata"}),
        "pengurangan": page(
            "pengurangan", {"en": "Cutting smoke from kilns", "id": "Pengurangan asap tungku bata"}
        ),
    }


def test_an_english_word_finds_its_other_forms_exact_form_first(search_engine, word_forms):
    # "monitors" is three letters from "monitoring": not a typo, a word form.
    assert set(titles(knowledge_search(search_engine, "monitors roadside"))) == {
        "Monitoring roadside soot",
        "Monitored roadside soot",
    }
    assert titles(knowledge_search(search_engine, "monitoring roadside"))[0] == "Monitoring roadside soot"
    assert titles(knowledge_search(search_engine, "monitored roadside"))[0] == "Monitored roadside soot"


def test_highlights_mark_the_other_forms_of_a_word(search_engine, word_forms):
    hits = knowledge_search(search_engine, "monitors roadside", language="en").hits
    assert len(hits) == 2
    assert all("<mark>Monitor" in hit.highlights["title"] for hit in hits)


def test_an_indonesian_word_finds_the_same_root_with_other_affixes(search_engine, word_forms):
    # pe-…-an, me- and the bare root all come from "pantau" (to watch).
    assert titles(knowledge_search(search_engine, "pemantauan udara")) == ["Volunteers watch the river air"]
    assert set(titles(knowledge_search(search_engine, "pemantauan"))) == {
        "Volunteers watch the river air",
        "Watch list of kilns",
    }
    # me-…-i and pe-…-an of "kurang" (less).
    assert titles(knowledge_search(search_engine, "mengurangi asap")) == ["Cutting smoke from kilns"]


def test_taxonomy_labels_match_in_every_language(search_engine, library):
    # The Hanoi page is written in English and Vietnamese but tagged PM2.5: a Thai reader finds it.
    assert "Monitoring stations across the capital" in titles(knowledge_search(search_engine, "ฝุ่น PM2.5"))
    # "Inventarisasi emisi" is the Indonesian label of the emissions-inventory action.
    found = titles(knowledge_search(search_engine, "inventarisasi emisi"))
    assert found[:2] and all("nventory" in title for title in found[:2])


def test_filters_are_or_within_a_field_and_and_across_fields(search_engine, library):
    result = knowledge_search(search_engine, filters={"country": ["VN", "PH"]})
    assert sorted(titles(result)) == sorted(
        [
            "Haiphong emissions inventory of industrial zones and ports",
            "Public bike sharing in Pasig",
            "Monitoring stations across the capital",
        ]
    )
    result = knowledge_search(
        search_engine, filters={"country": ["VN", "TH"], "action": ["emissions-inventory"]}
    )
    assert sorted(titles(result)) == [
        "Haiphong emissions inventory of industrial zones and ports",
        "Inventory course for city staff",
    ]


def test_facet_counts_follow_the_results(search_engine, library):
    result = knowledge_search(search_engine, facets=["type", "action", "country"])
    assert result.facets["type"] == {"case_study": 3, "training_material": 1}
    assert result.facets["action"]["emissions-inventory"] == 2
    # Partner cities count too: the Haiphong study was made with Kitakyushu (Japan).
    assert result.facets["country"]["JP"] == 1


def test_results_sort_by_date_and_page(search_engine, library):
    newest_first = knowledge_search(search_engine, sort="-date", page_size=2)
    assert newest_first.total == 4
    second_page = knowledge_search(search_engine, sort="-date", page_size=2, page=2)
    seen = [hit.id for hit in newest_first.hits] + [hit.id for hit in second_page.hits]
    assert len(set(seen)) == 4


def test_highlights_mark_the_matching_words(search_engine, library):
    hit = knowledge_search(search_engine, "docking stations").hits[0]
    assert "<mark>" in hit.highlights.get("summary", "")


def test_drafts_never_enter_the_index_and_unpublishing_removes(search_engine, library, case_study_index):
    draft = CaseStudyPageFactory.build(slug="draft-plan", title="Secret draft clean air plan", live=False)
    case_study_index.add_child(instance=draft)
    draft.save_revision()
    assert knowledge_search(search_engine, "secret draft").total == 0

    library["pasig"].unpublish()
    assert knowledge_search(search_engine, "bike sharing").total == 0

    library["pasig"].save_revision().publish()
    assert knowledge_search(search_engine, "bike sharing").total == 1


def test_publishing_a_change_updates_the_document(search_engine, library):
    page = library["pasig"]
    page.title_en = "Cycling network in Pasig"
    page.save_revision().publish()

    assert titles(knowledge_search(search_engine, "cycling network")) == ["Cycling network in Pasig"]


def test_deleting_a_page_removes_it(search_engine, library):
    library["hanoi"].delete()
    assert knowledge_search(search_engine, "quan trac").total == 0


def experts_search(engine, text="", **kwargs):
    return engine.search(get_document_type("experts"), SearchQuery(text=text, **kwargs))


def test_only_published_experts_are_found_and_archiving_removes(search_engine, terms):
    published = ExpertFactory(name="Nguyễn Thị Lan", city=terms["city"]["hanoi"])
    ExpertFactory(name="Nguyễn Draft", status=ExpertStatus.DRAFT)
    ExpertFactory(name="Nguyễn Review", status=ExpertStatus.IN_REVIEW)
    assert [hit.document["name"] for hit in experts_search(search_engine, "nguyen").hits] == [
        "Nguyễn Thị Lan"
    ]

    published.status = ExpertStatus.ARCHIVED
    published.save()
    assert experts_search(search_engine, "nguyen").total == 0


def test_expert_documents_hold_no_email_and_no_member_only_fields(search_engine, terms):
    ExpertFactory(
        name="Somchai Private",
        email="somchai.private@example.net",
        biography="<p>Private biography about haze.</p>",
        skills=["dispersion modelling"],
        public_fields=["photo", "links"],
    )
    document = experts_search(search_engine, "somchai").hits[0].document
    flat = repr(document)
    assert "somchai.private@example.net" not in flat
    assert "Private biography" not in flat
    assert "dispersion" not in flat
    assert experts_search(search_engine, "haze").total == 0


def test_experts_filter_by_spoken_language_availability_and_country(search_engine, terms):
    ExpertFactory(
        name="Arief", city=terms["city"]["bandung"], languages=["id", "en"], availability=["mentor"]
    )
    ExpertFactory(name="Linh", city=terms["city"]["da-nang"], languages=["vi"], availability=["train"])
    assert [h.document["name"] for h in experts_search(search_engine, filters={"language": ["id"]}).hits] == [
        "Arief"
    ]
    assert [
        h.document["name"] for h in experts_search(search_engine, filters={"availability": ["train"]}).hits
    ] == ["Linh"]
    result = experts_search(search_engine, filters={"country": ["VN"]}, facets=["country", "language"])
    assert [h.document["name"] for h in result.hits] == ["Linh"]
    assert result.facets["country"] == {"ID": 1, "VN": 1}


@pytest.mark.parametrize(
    "text", ["expert Hanoi", "air quality experts in Hanoi", "chuyên gia Hà Nội", "pakar Hanoi", "ahli hanoi"]
)
def test_the_word_expert_does_not_filter_experts_out(search_engine, terms, text):
    # Nothing in this profile says "expert": the word names the directory, not the person.
    ExpertFactory(name="Trần Minh", position="Air quality engineer", city=terms["city"]["hanoi"])
    ExpertFactory(name="Arief Santoso", position="Air quality engineer", city=terms["city"]["bandung"])
    result = experts_search(search_engine, text)
    assert [hit.document["name"] for hit in result.hits] == ["Trần Minh"]
    assert result.matched_all_words


def test_a_query_with_a_word_in_no_document_ranks_the_fullest_matches_first(search_engine, library):
    result = knowledge_search(search_engine, "monitoring stations Hanoi zyxwvut")
    found = titles(result)
    assert found[0] == "Monitoring stations across the capital"
    assert not result.matched_all_words


def test_expert_expertise_matches_across_languages(search_engine, terms):
    ExpertFactory(name="Port Expert", actions=[terms["action"]["port-emission-controls"]])
    assert [h.document["name"] for h in experts_search(search_engine, "kiểm soát phát thải cảng").hits] == [
        "Port Expert"
    ]


class TestJsonApi:
    def test_knowledge_answers_the_documented_shape_in_the_requested_language(self, client: Client, library):
        body = client.get("/api/v1/knowledge", {"q": "quan trac", "lang": "vi"}).json()

        assert set(body) == {
            "count",
            "page",
            "page_size",
            "results",
            "facets",
            "engine",
            "matched_all_words",
            "suggestion",
        }
        assert body["matched_all_words"] is True
        assert body["suggestion"] is None
        result = body["results"][0]
        assert result["title"] == "Mạng lưới quan trắc không khí ở Hà Nội"
        assert result["url"] == "/vi/case-studies/hanoi-monitoring/"
        assert result["city"] == "Hà Nội"
        assert result["country"] == "VN"
        assert result["type"] == "case_study"
        assert result["year"] == 2021
        assert {"summary", "language", "highlights"} <= set(result)

    def test_an_answer_to_some_of_the_words_says_so(self, client: Client, library):
        body = client.get("/api/v1/knowledge", {"q": "bike sharing velocipedes"}).json()
        assert body["results"][0]["title"] == "Public bike sharing in Pasig"
        assert body["matched_all_words"] is False

    def test_a_typo_answer_suggests_the_spelling_of_the_results(self, client: Client, library):
        body = client.get("/api/v1/knowledge", {"q": "monitorng stations"}).json()
        assert body["results"][0]["title"] == "Monitoring stations across the capital"
        assert body["suggestion"] == "monitoring stations"

    def test_results_not_in_the_readers_language_say_which_language_they_are_in(
        self, client: Client, library
    ):
        result = client.get("/api/v1/knowledge", {"q": "bike sharing", "lang": "th"}).json()["results"][0]
        assert result["language"] == "en"
        assert result["language_note"]

    def test_experts_answer_public_fields_only(self, client: Client, terms):
        ExpertFactory(
            name="Arief Hidayat",
            email="arief@example.net",
            city=terms["city"]["bandung"],
            languages=["id", "en"],
        )
        body = client.get("/api/v1/experts", {"q": "arief", "lang": "id"}).json()
        result = body["results"][0]
        assert result["name"] == "Arief Hidayat"
        assert result["url"].startswith("/id/experts/")
        assert result["country"] == "ID"
        assert result["languages"] == ["id", "en"]
        assert "arief@example.net" not in str(body)

    @pytest.mark.parametrize(
        "params",
        [
            {"page": "0"},
            {"page": "two"},
            {"page_size": "101"},
            {"page_size": "1000"},
            {"sort": "popularity"},
            {"type": "blog_post"},
            {"year": "last-year"},
            {"country": "XX"},
            {"country": 'VN" OR country = "TH'},
            {"country": 'X" OR 1=1'},
            {"theme": "not-a-theme"},
            {"lang": "fr"},
            {"q": "x" * 5000},
        ],
    )
    def test_bad_parameters_answer_400_with_a_reason(self, client: Client, library, params):
        response = client.get("/api/v1/knowledge", params)

        assert response.status_code == 400
        assert response.json()["reasons"]

    def test_reasons_of_a_bad_request_are_in_the_requested_language(self, client: Client, db):
        response = client.get("/api/v1/knowledge", {"sort": "popularity", "lang": "vi"})

        assert response.status_code == 400
        assert response.json()["reasons"] == [
            "sort phải là một trong relevance, date, title, không phải 'popularity'"
        ]

    def test_unknown_expert_filters_answer_400(self, client: Client, db):
        for params in ({"language": "xx"}, {"availability": "forever"}, {"organisation_type": "guild"}):
            assert client.get("/api/v1/experts", params).status_code == 400

    def test_openapi_description_lists_both_endpoints(self, client: Client, db):
        document = client.get("/api/v1/openapi.json").json()
        assert {"/api/v1/experts", "/api/v1/knowledge", "/api/v1/twinning/suggestions"} <= set(
            document["paths"]
        )
        for path in ("/api/v1/experts", "/api/v1/knowledge"):
            ok = document["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]
            name = ok["schema"]["$ref"].rsplit("/", 1)[-1]
            answer = document["components"]["schemas"][name]["properties"]
            assert answer["matched_all_words"]["type"] == "boolean"


def test_relabelling_a_taxonomy_term_reindexes_the_pages_and_experts_that_use_it(
    search_engine, library, terms
):
    ExpertFactory(name="Bike Mentor", actions=[terms["action"]["public-bike-sharing"]])
    assert knowledge_search(search_engine, "velocipede").total == 0

    action = terms["action"]["public-bike-sharing"]
    action.name_en = "Public bike sharing (velocipede schemes)"
    action.save()

    assert titles(knowledge_search(search_engine, "velocipede")) == ["Public bike sharing in Pasig"]
    assert [hit.document["name"] for hit in experts_search(search_engine, "velocipede").hits] == [
        "Bike Mentor"
    ]


def test_renaming_a_city_reindexes_what_is_placed_there(search_engine, library, terms):
    hanoi = terms["city"]["hanoi"]
    hanoi.name_th = "ฮานอยเมืองหลวง"
    hanoi.save()

    assert "Monitoring stations across the capital" in titles(
        knowledge_search(search_engine, "ฮานอยเมืองหลวง")
    )


@pytest.mark.parametrize(
    "text",
    [
        "what can a city do about diesel trucks",
        "thành phố nào có xe tải diesel",
        "kota mana yang mengatur truk diesel",
        "เมืองไหนแก้ปัญหารถบรรทุกดีเซล",
    ],
)
def test_a_question_naming_a_city_finds_the_page_about_its_topic_first(
    search_engine, case_study_index, terms, text
):
    # Every page of the portal is about cities: a word for "city" in a question says where to look.
    # Required, it answered with the pages that name cities most, above the one about the trucks.
    for number in range(3):
        CaseStudyPageFactory(
            parent=case_study_index,
            slug=f"city-plans-{number}",
            **translations(
                "title",
                {
                    "en": "City action plans: how a city plans for the city",
                    "vi": "Kế hoạch hành động cấp thành phố cho các thành phố",
                    "id": "Rencana aksi kota untuk kota-kota",
                    "th": "แผนปฏิบัติการระดับเมืองสำหรับเมือง",
                },
            ),
            summary="Cities compare notes; one mentions a truck.",
        )
    CaseStudyPageFactory(
        parent=case_study_index,
        slug="diesel-trucks-rules",
        **translations(
            "title",
            {
                "en": "Cleaner diesel trucks at the port",
                "vi": "Xe tải diesel sạch hơn tại cảng",
                "id": "Truk diesel yang lebih bersih di pelabuhan",
                "th": "รถบรรทุกดีเซลที่สะอาดขึ้นในท่าเรือ",
            },
        ),
    )
    result = knowledge_search(search_engine, text)
    assert result.hits[0].document["path"].rstrip("/").endswith("/diesel-trucks-rules")
