"""The search page as a reader sees it: two result groups, facets, highlights, empty state."""

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from experts.factories import ExpertFactory
from knowledge.factories import CaseStudyPageFactory, translations

pytestmark = pytest.mark.django_db


@pytest.fixture
def content(case_study_index, terms):
    CaseStudyPageFactory(
        parent=case_study_index,
        slug="pasig-bikes",
        **translations("title", {"en": "Public bike sharing in Pasig", "th": "จักรยานสาธารณะในปาซิก"}),
        summary="Bike sharing docking stations near schools and markets.",
        city=terms["city"]["pasig"],
        terms={"actions": [terms["action"]["public-bike-sharing"]]},
    )
    CaseStudyPageFactory(
        parent=case_study_index,
        slug="jakarta-lez",
        title="Jakarta low-emission zone",
        summary="Old trucks kept out of the centre; bike lanes added.",
        city=terms["city"]["jakarta"],
        terms={"actions": [terms["action"]["low-emission-zones"]]},
    )
    ExpertFactory(
        name="Glenda Bautista",
        email="glenda@example.net",
        city=terms["city"]["pasig"],
        actions=[terms["action"]["public-bike-sharing"]],
    )


def test_one_query_shows_practices_and_experts(client: Client, content):
    html = client.get("/en/search/", {"q": "bike sharing"}).content.decode()

    assert "Public bike sharing in Pasig" in html
    assert "Glenda Bautista" in html
    assert "glenda@example.net" not in html
    assert "<mark>" in html


def test_facets_link_to_the_filtered_results_and_back(client: Client, content):
    html = client.get("/en/search/", {"q": "bike", "scope": "practices"}).content.decode()
    assert "country=PH" in html

    filtered = client.get(
        "/en/search/", {"q": "bike", "scope": "practices", "country": "ID"}
    ).content.decode()
    assert "Jakarta low-emission zone" in filtered
    assert "Public bike sharing in Pasig" not in filtered
    assert "Filters in use" in filtered


def test_results_in_another_language_say_so_in_the_readers_language(client: Client, content):
    html = client.get("/vi/search/", {"q": "jakarta"}).content.decode()

    assert "Jakarta low-emission zone" in html
    assert "Chưa có bằng ngôn ngữ của bạn" in html


def test_the_page_is_in_the_readers_language(client: Client, content):
    html = client.get("/th/search/", {"q": "จักรยาน"}).content.decode()

    assert 'lang="th"' in html
    assert "จักรยานสาธารณะในปาซิก" in html
    assert "Narrow the results" not in html


def test_nothing_found_offers_a_way_out(client: Client, content):
    html = client.get("/en/search/", {"q": "volcanic ash", "country": "PH"}).content.decode()

    assert "Nothing found for" in html
    assert "Remove a filter:" in html
    assert "Related topics:" in html


def test_bad_filter_values_are_explained_not_crashed_on(client: Client, content):
    # The page shows what the other filters find and names the value it could not use
    # (portal.filters); the API refuses the same request (tests/search_behaviour/test_behaviour.py).
    response = client.get("/en/search/", {"q": "bike", "country": 'X" OR 1=1'})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Some filters were not recognised and have been ignored:" in html
    assert "unknown filter country = “X&quot; OR 1=1”" in html
    assert "Public bike sharing in Pasig" in html


def test_script_in_content_is_escaped_in_results_and_highlights(client: Client, case_study_index):
    CaseStudyPageFactory(
        parent=case_study_index,
        slug="xss",
        title='<script>alert("title")</script> haze plan',
        summary="<img src=x onerror=alert(1)> haze summary",
    )
    html = client.get("/en/search/", {"q": "haze"}).content.decode()

    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;" in html


def test_fetch_requests_get_only_the_results(client: Client, content):
    response = client.get("/en/search/", {"q": "bike"}, HTTP_X_REQUESTED_WITH="fetch")

    assert "<html" not in response.content.decode()
    assert "Public bike sharing in Pasig" in response.content.decode()
    assert "X-Requested-With" in response["Vary"]


def test_when_no_result_has_every_word_the_page_says_it_shows_some_of_them(client: Client, content):
    html = client.get("/en/search/", {"q": "bike sharing velocipedes", "scope": "practices"}).content.decode()
    assert "Public bike sharing in Pasig" in html
    assert "Showing results for some of your words." in html

    thai = client.get("/th/search/", {"q": "bike sharing velocipedes"}).content.decode()
    assert "กำลังแสดงผลลัพธ์สำหรับคำค้นบางคำของคุณ" in thai


def test_a_search_that_finds_every_word_says_nothing_about_it(client: Client, content):
    html = client.get("/en/search/", {"q": "bike sharing Pasig"}).content.decode()
    assert "Public bike sharing in Pasig" in html
    assert "some of your words" not in html


def test_a_question_finds_the_practice_and_the_expert(client: Client, content):
    html = client.get("/en/search/", {"q": "what is there about bike sharing in Pasig?"}).content.decode()
    assert "Public bike sharing in Pasig" in html
    assert "Glenda Bautista" in html
    assert "some of your words" not in html


def test_a_typo_is_answered_and_the_page_offers_the_correct_spelling(client: Client, content):
    html = client.get("/en/search/", {"q": "pubilc bike sharing", "scope": "practices"}).content.decode()
    assert "Public bike sharing in Pasig" in html
    assert "Did you mean" in html
    assert "?q=public+bike+sharing&amp;scope=practices" in html

    vietnamese = client.get("/vi/search/", {"q": "pubilc bike sharing"}).content.decode()
    assert "Có phải bạn muốn tìm" in vietnamese


def test_no_correction_is_offered_for_words_found_as_typed(client: Client, content):
    html = client.get("/en/search/", {"q": "public bike sharing"}).content.decode()
    assert "Did you mean" not in html


def test_thai_facets_list_places_by_their_thai_names_and_years_in_the_buddhist_era(
    client: Client, case_study_index, terms
):
    # More pages in Jakarta than anywhere: by count Indonesia would come first.
    for number, (city, year) in enumerate(
        [
            ("jakarta", 2019),
            ("jakarta", 2019),
            ("jakarta", 2015),
            ("hanoi", 2015),
            ("seoul", 2019),
            ("bangkok", 2015),
        ]
    ):
        CaseStudyPageFactory(
            parent=case_study_index, slug=f"story-{number}", city=terms["city"][city], year=year
        )

    soup = BeautifulSoup(client.get("/th/search/", {"q": "", "scope": "practices"}).content, "html.parser")

    def facet(name: str) -> list[str]:
        section = next(s for s in soup.select("section.facet") if s.find("h3").get_text(strip=True) == name)
        return [
            " ".join(a.get_text(" ", strip=True).split(" (")[0].split())
            for a in section.select("a.facet-option")
        ]

    # Thai dictionaries file เกาหลีใต้ under ก and เวียดนาม under ว (a leading vowel is not the initial).
    assert facet("ประเทศ") == ["เกาหลีใต้", "ไทย", "เวียดนาม", "อินโดนีเซีย"]
    assert facet("ปี") == ["2562", "2558"]
    newest = soup.select_one("section.facet a[href*='year=2019']").get_text(" ", strip=True)
    assert newest.startswith("2562 (2019)")
