"""Editors' picks: pinned pages and experts come first for their query, on the page and in the API."""

import pytest
from django.test import Client

from experts.factories import ExpertFactory
from experts.models import ExpertStatus
from knowledge.factories import CaseStudyPageFactory, translations
from portal.models import SearchPick

pytestmark = pytest.mark.django_db


@pytest.fixture
def content(case_study_index, terms):
    city = terms["city"]
    return {
        "hanoi": CaseStudyPageFactory(
            parent=case_study_index,
            slug="hanoi-plan",
            **translations(
                "title", {"en": "Hanoi clean air action plan", "vi": "Kế hoạch không khí sạch Hà Nội"}
            ),
            summary="Straw burning and construction dust in Hà Nội.",
            city=city["hanoi"],
        ),
        "jakarta": CaseStudyPageFactory(
            parent=case_study_index,
            slug="jakarta-lez",
            title="Jakarta low-emission zone",
            summary="Old trucks kept out of the centre.",
            city=city["jakarta"],
        ),
        "pasig": CaseStudyPageFactory(
            parent=case_study_index,
            slug="pasig-bikes",
            title="Public bike sharing in Pasig",
            summary="Docking stations near schools in Hà Nội's sister city.",
            city=city["pasig"],
        ),
        "lan": ExpertFactory(name="Trần Thị Lan", city=city["hanoi"], biography="<p>Hà Nội monitoring.</p>"),
        "arief": ExpertFactory(name="Arief Wibowo", city=city["jakarta"], biography="<p>Jakarta zones.</p>"),
    }


def api(client: Client, collection: str, **params) -> dict:
    response = client.get(f"/api/v1/{collection}", params)
    assert response.status_code == 200, response.content
    return response.json()


def urls(body: dict) -> list[str]:
    return [result["url"] for result in body["results"]]


def test_a_picked_page_comes_first_in_the_api_for_the_normalised_query(client: Client, content):
    SearchPick.objects.create(query="Ha Noi", page=content["jakarta"])

    body = api(client, "knowledge", q="  hà   NỘI ", lang="en")

    assert body["results"][0]["url"] == "/en/case-studies/jakarta-lez/"
    assert body["results"][0]["pinned"] is True
    assert not any(result["pinned"] for result in body["results"][1:])
    assert {"/en/case-studies/hanoi-plan/", "/en/case-studies/pasig-bikes/"} <= set(urls(body))
    # The pinned page does not match the words: it is one more result.
    assert body["count"] == len(body["results"]) == 3


def test_picks_come_in_the_editors_order_and_are_not_repeated_lower(client: Client, content):
    SearchPick.objects.create(query="ha noi", page=content["pasig"], sort_order=2)
    SearchPick.objects.create(query="ha noi", page=content["hanoi"], sort_order=1)

    body = api(client, "knowledge", q="Hà Nội", lang="en")

    assert urls(body) == ["/en/case-studies/hanoi-plan/", "/en/case-studies/pasig-bikes/"]
    assert [result["pinned"] for result in body["results"]] == [True, True]
    assert body["count"] == 2


def test_a_picked_expert_comes_first_in_the_experts_api(client: Client, content):
    SearchPick.objects.create(query="Hanoi", expert=content["arief"])

    body = api(client, "experts", q="hanoi", lang="vi")

    assert body["results"][0]["name"] == "Arief Wibowo"
    assert body["results"][0]["pinned"] is True
    assert [result["name"] for result in body["results"]].count("Arief Wibowo") == 1


def test_the_search_page_labels_picks_and_shows_them_first(client: Client, content):
    SearchPick.objects.create(query="ha noi", page=content["jakarta"])
    SearchPick.objects.create(query="ha noi", expert=content["arief"])

    html = client.get("/en/search/", {"q": "Hà Nội"}).content.decode()

    assert html.count("Editors' pick") == 2
    assert html.index("Jakarta low-emission zone") < html.index("Hanoi clean air action plan")
    assert html.index("Arief Wibowo") < html.index("Trần Thị Lan")
    assert html.count("Jakarta low-emission zone") == 1


def test_a_language_specific_pick_shows_only_in_that_language(client: Client, content):
    SearchPick.objects.create(query="ha noi", language="th", page=content["jakarta"])

    assert urls(api(client, "knowledge", q="ha noi", lang="th"))[0] == "/th/case-studies/jakarta-lez/"
    assert "/en/case-studies/jakarta-lez/" not in urls(api(client, "knowledge", q="ha noi", lang="en"))
    assert "Editors" not in client.get("/vi/search/", {"q": "ha noi"}).content.decode()


def test_unpublished_pages_and_experts_are_never_shown(client: Client, content):
    SearchPick.objects.create(query="ha noi", page=content["jakarta"])
    SearchPick.objects.create(query="ha noi", expert=content["arief"])
    content["jakarta"].unpublish()
    content["arief"].status = ExpertStatus.ARCHIVED
    content["arief"].save()

    assert "/en/case-studies/jakarta-lez/" not in urls(api(client, "knowledge", q="ha noi"))
    assert "Arief Wibowo" not in [r["name"] for r in api(client, "experts", q="ha noi")["results"]]


def test_filters_still_apply_to_picks(client: Client, content):
    SearchPick.objects.create(query="ha noi", page=content["jakarta"])

    in_vietnam = api(client, "knowledge", q="ha noi", country="VN")
    in_indonesia = api(client, "knowledge", q="ha noi", country="ID")

    assert "/en/case-studies/jakarta-lez/" not in urls(in_vietnam)
    assert not any(result["pinned"] for result in in_vietnam["results"])
    assert urls(in_indonesia) == ["/en/case-studies/jakarta-lez/"]


def test_picks_appear_on_the_first_page_only(client: Client, content):
    SearchPick.objects.create(query="ha noi", page=content["hanoi"])

    first = api(client, "knowledge", q="ha noi", page_size=1)
    second = api(client, "knowledge", q="ha noi", page_size=1, page=2)

    assert urls(first) == ["/en/case-studies/hanoi-plan/"]
    assert first["results"][0]["pinned"]
    assert "/en/case-studies/hanoi-plan/" not in urls(second)
    assert not any(result["pinned"] for result in second["results"])


def test_other_queries_are_untouched(client: Client, content):
    SearchPick.objects.create(query="ha noi", page=content["jakarta"])

    body = api(client, "knowledge", q="bike")

    assert urls(body) == ["/en/case-studies/pasig-bikes/"]
    assert body["results"][0]["pinned"] is False
