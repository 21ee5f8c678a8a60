"""The OpenAPI description agrees with the API (issue 21): real answers conform to it, the values
it allows are accepted and the ones it refuses answer 400, an empty filter means no filter in both,
and the twinning answer and result items are typed. schemathesis checks the same from outside."""

import json
import re

import pytest
from django.test import Client

from knowledge.factories import CaseStudyPageFactory
from knowledge.models import City, Theme
from tests.portal.search.schema_check import errors, parameter_schema, response_schema

pytestmark = pytest.mark.django_db
KNOWLEDGE, EXPERTS, TWINNING = "/api/v1/knowledge", "/api/v1/experts", "/api/v1/twinning/suggestions"


@pytest.fixture
def document(client: Client) -> dict:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


@pytest.fixture
def content(api_content, case_study_index, terms):
    # A second case study on the same action, in another city: a one-item page has a page 2, and
    # the action is practised in two cities.
    city, action = terms["city"], terms["action"]
    CaseStudyPageFactory(
        parent=case_study_index,
        slug="kitakyushu-inventory",
        title="Kitakyushu emissions inventory",
        city=city["kitakyushu"],
        terms={"actions": [action["emissions-inventory"]]},
    )


def conforms(document: dict, path: str, response) -> None:
    assert response["Content-Type"].startswith("application/json")
    problems = errors(response.json(), response_schema(document, path, response.status_code), document)
    assert problems == [], problems


@pytest.mark.parametrize(
    ("path", "params"),
    [
        (KNOWLEDGE, {"q": "emissions inventory"}),
        (KNOWLEDGE, {"country": "VN", "year": "2016", "lang": "vi"}),
        (KNOWLEDGE, {"action": "emissions-inventory", "sort": "date", "page_size": "1", "page": "2"}),
        (EXPERTS, {"q": "Lan"}),
        (EXPERTS, {"language": "vi", "availability": "mentor", "lang": "th"}),
        (TWINNING, {"city": "phnom-penh", "action": "emissions-inventory"}),
        (
            TWINNING,
            {"city": "da-nang", "action": ["emissions-inventory", "low-emission-zones"], "lang": "id"},
        ),
    ],
)
def test_real_answers_conform_to_the_description(client: Client, document, content, path, params):
    response = client.get(path, params)

    assert response.status_code == 200
    conforms(document, path, response)


def test_the_answers_tested_are_not_empty(client: Client, content):
    # So the conformance above checked typed items, not empty lists.
    assert client.get(KNOWLEDGE, {"q": "emissions inventory"}).json()["results"]
    assert client.get(EXPERTS, {"q": "Lan"}).json()["results"]
    assert client.get(TWINNING, {"city": "phnom-penh", "action": "emissions-inventory"}).json()["cities"]


@pytest.mark.parametrize(
    ("path", "params"),
    [
        (KNOWLEDGE, {"theme": "indoor-air"}),
        (KNOWLEDGE, {"year": "last-year"}),
        (EXPERTS, {"organisation_type": "guild"}),
        (TWINNING, {"city": "", "action": "emissions-inventory"}),
        (TWINNING, {"city": "atlantis", "action": ["emissions-inventory", ""]}),
    ],
)
def test_refusals_conform_to_the_description(client: Client, document, path, params):
    response = client.get(path, params)

    assert response.status_code == 400
    assert response.json()["reasons"]
    conforms(document, path, response)


def test_facet_parameters_are_enums_of_todays_vocabulary(document):
    themes = parameter_schema(document, KNOWLEDGE, "theme")["items"]
    country = parameter_schema(document, EXPERTS, "country")["items"]
    twinning_city = parameter_schema(document, TWINNING, "city")

    assert set(themes["enum"]) == {*Theme.objects.values_list("slug", flat=True), ""}
    assert "VN" in country["anyOf"][0]["enum"]
    assert set(twinning_city["enum"]) == set(City.objects.values_list("slug", flat=True))
    assert parameter_schema(document, KNOWLEDGE, "year")["items"]["pattern"] == "^(?:[0-9]{4})?$"


@pytest.mark.parametrize(
    ("name", "value", "accepted"),
    [
        ("theme", "clean-air-for-all", True),
        ("theme", "", True),
        ("theme", "Clean-Air-For-All", False),
        ("theme", " clean-air-for-all", False),
        ("country", "VN", True),
        ("country", "vn", True),
        ("country", "XX", False),
        ("year", "2016", True),
        ("year", "", True),
        ("year", "16", False),
        ("year", "٢٠١٦", False),
        ("language", "th", True),
        ("language", "fr", False),
        ("type", "case_study", True),
        ("type", "blog_post", False),
    ],
)
def test_the_api_accepts_exactly_what_the_description_allows(client: Client, document, name, value, accepted):
    schema = parameter_schema(document, KNOWLEDGE, name)["items"]
    allowed = errors(value, schema, document) == []
    status = client.get(KNOWLEDGE, {name: value}).status_code

    assert allowed is accepted
    assert status == (200 if accepted else 400)


def test_an_empty_city_means_no_filter_in_search_and_is_refused_by_twinning(
    client: Client, document, content
):
    everything = client.get(KNOWLEDGE).json()["count"]

    assert client.get(KNOWLEDGE, {"city": ""}).json()["count"] == everything == 2
    assert errors([""], parameter_schema(document, KNOWLEDGE, "city"), document) == []
    assert client.get(TWINNING, {"city": "", "action": "emissions-inventory"}).status_code == 400
    assert errors("", parameter_schema(document, TWINNING, "city"), document) != []


def test_empty_expert_filters_are_allowed_by_the_description_and_answered(client: Client, document, content):
    # The request a random schemathesis run once reported as "schema-violating": on the wire an empty
    # value of a repeatable filter is the one-item array [""], which the description allows.
    for name in ("availability", "language"):
        assert errors([""], parameter_schema(document, EXPERTS, name), document) == []

    response = client.get(EXPERTS, {"availability": "", "language": ""})

    assert response.status_code == 200
    assert response.json()["count"] == client.get(EXPERTS).json()["count"] == 1


def test_the_checker_finds_an_answer_that_breaks_the_description(document):
    # A wrongly typed count, an untyped result and a facet the API does not have.
    wrong = {"count": "2", "page": 1, "page_size": 20, "engine": "embedded", "facets": {"colour": {}}}
    wrong["results"] = [{"title": "no flags"}]

    found = errors(wrong, response_schema(document, KNOWLEDGE, 200), document)

    assert any("$.count" in problem for problem in found)
    assert any("'pinned' is missing" in problem for problem in found)
    assert any("'colour' is not described" in problem for problem in found)


def test_the_docs_page_runs_the_portals_own_swagger_ui_under_its_policy(client: Client, document):
    response = client.get("/api/v1/docs")

    assert response.status_code == 200
    html = response.content.decode()
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    scripts = re.findall(r"<script src=\"([^\"]+)\" nonce=\"([^\"]+)\"", html)
    assert [source.rsplit("/", 1)[-1].split(".")[0] for source, _ in scripts] == [
        "swagger-ui-bundle",
        "swagger-ui-init",
    ]
    assert all(source.startswith("/static/") and given == nonce for source, given in scripts)
    settings = json.loads(re.search(r'id="swagger-settings"[^>]*>(.*?)</script>', html, re.S).group(1))
    # The page shows this very document, and sends it to no outside validator.
    assert settings["url"] == "/api/v1/openapi.json" and settings["validatorUrl"] is None
    assert "https://" not in html.split("<main>")[0]


def test_head_answers_like_get_and_is_not_described_as_an_operation(client: Client, document):
    assert client.head(f"{KNOWLEDGE}?q=air").status_code == 200
    assert client.head(f"{TWINNING}?city=atlantis&action=emissions-inventory").status_code == 400
    assert all(set(operations) == {"get"} for operations in document["paths"].values())
