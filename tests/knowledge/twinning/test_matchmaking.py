"""Suggested partners: a small world of cities, case studies and experts, ranked with reasons."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from experts.factories import ExpertFactory
from experts.models import ExpertStatus
from knowledge.factories import CaseStudyPageFactory, TwinningPartnershipFactory
from knowledge.models import City, TwinningPartnership
from knowledge.twinning.geography import distance_km
from knowledge.twinning.matchmaking import (
    WEIGHTS,
    Evidence,
    UnknownSlugs,
    resolve_request,
    score,
    suggest_partners,
)

pytestmark = pytest.mark.django_db

API = "/api/v1/twinning/suggestions"
INDICATOR = (
    "indicator",
    {"indicator": "PM2.5 annual mean", "baseline": "40", "result": "28", "unit": "µg/m³", "year": 2020},
)


def city(slug: str) -> City:
    return City.objects.select_related("country").get(slug=slug)


@pytest.fixture
def world(site, case_study_index, terms):
    """Phnom Penh wants an emissions inventory; who has done one, and who can help?

    Seeded partnerships are removed so the world holds only what the test builds.
    """
    TwinningPartnership.objects.all().delete()
    inventory = terms["action"]["emissions-inventory"]
    bikes = terms["action"]["public-bike-sharing"]

    def case_study(slug, where, partners=(), actions=(inventory,), results=False, live=True):
        page = CaseStudyPageFactory(
            parent=case_study_index,
            slug=slug,
            city=city(where),
            results=[INDICATOR] if results else [],
            terms={"actions": list(actions), "partner_cities": [city(p) for p in partners]},
        )
        if not live:
            page.unpublish()
        return page

    case_study("bangkok-inventory", "bangkok", results=True)
    case_study("hanoi-inventory", "hanoi", partners=["kitakyushu"])
    case_study("kitakyushu-inventory", "kitakyushu", results=True)
    case_study("seoul-draft-inventory", "seoul", live=False)
    case_study("phnom-penh-own-inventory", "phnom-penh")
    case_study("taipei-bikes", "taipei", actions=[bikes])
    TwinningPartnershipFactory(
        slug="kitakyushu-haiphong",
        mentor_city=city("kitakyushu"),
        learning_city=city("haiphong"),
        start_year=2015,
        focus_actions=[inventory],
    )
    # A draft suggestion is no twinning experience yet.
    TwinningPartnershipFactory(
        slug="san-diego-bangkok",
        mentor_city=city("san-diego"),
        learning_city=city("bangkok"),
        status=TwinningPartnership.Status.PLANNED,
        focus_actions=[inventory],
    )
    ExpertFactory(
        name="Anong Bangkok",
        city=city("bangkok"),
        actions=[inventory],
        availability=["mentor"],
        languages=["th", "km", "en"],
    )
    ExpertFactory(
        name="Sokha Local", city=city("phnom-penh"), actions=[inventory], availability=[], languages=["km"]
    )
    ExpertFactory(
        name="Hoa Hidden Availability",
        city=city("hanoi"),
        actions=[inventory],
        availability=["advise"],
        public_fields=["biography"],
        languages=["vi"],
    )
    ExpertFactory(
        name="Draft Person", city=city("phnom-penh"), actions=[inventory], status=ExpertStatus.DRAFT
    )
    ExpertFactory(name="Bike Person", city=city("phnom-penh"), actions=[bikes], availability=["mentor"])
    return {"inventory": inventory, "bikes": bikes}


def test_mentor_cities_are_ranked_by_track_record_then_closeness(world):
    suggestions = suggest_partners(city=city("phnom-penh"), actions=[world["inventory"]])

    assert [s.city.slug for s in suggestions.cities] == ["kitakyushu", "bangkok", "hanoi"]
    kitakyushu, bangkok, hanoi = suggestions.cities
    assert kitakyushu.reasons == [
        "2 case studies on Emissions inventory",
        "1 of them reports measured results",
        "mentored Haiphong since 2015",
        "3,620 km away",
    ]
    assert bangkok.reasons == [
        "1 case study on Emissions inventory",
        "1 of them reports measured results",
        "540 km away",
        "also in Southeast Asia",
    ]
    assert hanoi.reasons == ["1 case study on Emissions inventory", "1,060 km away", "also in Southeast Asia"]
    assert kitakyushu.score > bangkok.score > hanoi.score


def test_learning_city_drafts_planned_pairs_and_other_actions_never_suggest_a_city(world):
    slugs = {
        s.city.slug for s in suggest_partners(city=city("phnom-penh"), actions=[world["inventory"]]).cities
    }

    assert "phnom-penh" not in slugs  # its own case study does not make it its own mentor
    assert "seoul" not in slugs  # only a draft case study
    assert "san-diego" not in slugs  # only a planned partnership
    assert "taipei" not in slugs  # case study on another action


def test_experts_are_ranked_by_expertise_availability_language_and_distance(world):
    suggestions = suggest_partners(city=city("phnom-penh"), actions=[world["inventory"]])

    assert [s.expert.name for s in suggestions.experts] == [
        "Anong Bangkok",
        "Sokha Local",
        "Hoa Hidden Availability",
    ]
    anong, sokha, hoa = suggestions.experts
    assert anong.reasons == [
        "expert in Emissions inventory",
        "available to mentor",
        "speaks Khmer",
        "540 km away",
        "also in Southeast Asia",
    ]
    assert sokha.reasons == ["expert in Emissions inventory", "speaks Khmer", "based in Phnom Penh"]
    # Availability kept for members must not speak for the expert in public.
    assert not any("available" in reason for reason in hoa.reasons)


def test_score_is_a_weighted_sum_of_the_evidence():
    evidence = Evidence(
        case_studies=2, reported_results=1, mentorships=1, distance_km=0.0, same_subregion=True
    )

    assert score(evidence=evidence) == round(
        2 * WEIGHTS.case_study
        + WEIGHTS.reported_results
        + WEIGHTS.mentorship
        + WEIGHTS.proximity
        + WEIGHTS.same_subregion,
        2,
    )
    far = Evidence(distance_km=WEIGHTS.proximity_range_km * 2)
    assert score(evidence=far) == 0
    assert (
        score(evidence=Evidence(shared_languages=5)) == WEIGHTS.shared_language * WEIGHTS.shared_language_cap
    )


def test_haversine_distance_between_seeded_cities(db):
    assert round(distance_km(city("bangkok"), city("phnom-penh"))) == pytest.approx(539, abs=5)
    assert distance_km(city("hanoi"), city("hanoi")) == 0


def test_results_are_capped(world, case_study_index):
    for number in range(12):
        ExpertFactory(name=f"Extra {number:02d}", city=city("dhaka"), actions=[world["inventory"]])

    suggestions = suggest_partners(city=city("phnom-penh"), actions=[world["inventory"]], expert_limit=10)

    assert len(suggestions.experts) == 10


def test_several_actions_count_each_matched_expertise(world, terms):
    port = terms["action"]["port-emission-controls"]
    ExpertFactory(name="Two Actions", city=city("dhaka"), actions=[world["inventory"], port])

    suggestions = suggest_partners(city=city("phnom-penh"), actions=[world["inventory"], port])
    two = next(s for s in suggestions.experts if s.expert.name == "Two Actions")

    assert two.reasons[0] == "expert in Emissions inventory, Port emission controls"


def test_api_answers_cities_and_experts(world, client: Client):
    response = client.get(API, {"city": "phnom-penh", "action": "emissions-inventory"})

    assert response.status_code == 200
    data = response.json()
    assert set(data) == {"cities", "experts"}
    first = data["cities"][0]
    assert {"slug", "name", "country", "score", "reasons"} <= set(first)
    assert first["slug"] == "kitakyushu" and first["country"] == "JP"
    expert = data["experts"][0]
    assert {"name", "url", "city", "country", "score", "reasons"} <= set(expert)
    assert expert["url"].startswith("/en/experts/")
    # Only the public card: nothing member-only or private leaks into the answer.
    for forbidden in ("email", "availability", "biography", "links", "skills", "nominated_by"):
        assert forbidden not in expert
    names = [e["name"] for e in data["experts"]]
    assert "Draft Person" not in names and "Bike Person" not in names


def test_api_speaks_the_requested_language(world, client: Client):
    thai = client.get(API, {"city": "phnom-penh", "action": "emissions-inventory", "lang": "th"}).json()
    vietnamese = client.get(
        API, {"city": "phnom-penh", "action": "emissions-inventory"}, HTTP_ACCEPT_LANGUAGE="vi"
    ).json()

    assert thai["cities"][0]["name"] == city("kitakyushu").name_th
    assert thai["experts"][0]["url"].startswith("/th/experts/")
    assert vietnamese["experts"][0]["url"].startswith("/vi/experts/")


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ({"city": "atlantis", "action": "emissions-inventory"}, "unknown city 'atlantis'"),
        ({"city": "phnom-penh", "action": "teleportation"}, "unknown action 'teleportation'"),
        ({"action": "emissions-inventory"}, "city is required"),
        ({"city": "phnom-penh"}, "action is required"),
        ({"city": "phnom-penh", "action": "emissions-inventory", "lang": "fr"}, "lang must be one of"),
    ],
)
def test_api_refuses_bad_requests_with_reasons(world, client: Client, query, reason):
    response = client.get(API, query)

    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "bad request"
    assert any(item.startswith(reason) for item in body["reasons"]), body


def test_resolve_request_lists_every_problem(db):
    with pytest.raises(UnknownSlugs) as error:
        resolve_request(city_slug="nowhere", action_slugs=["emissions-inventory", "bogus", "also-bogus"])

    assert error.value.reasons == [
        "unknown city 'nowhere'",
        "unknown action 'bogus'",
        "unknown action 'also-bogus'",
    ]


def test_api_query_count_does_not_grow_with_candidates(world, client: Client, case_study_index):
    url = f"{API}?city=phnom-penh&action=emissions-inventory"
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for number in range(4):
        ExpertFactory(name=f"More {number}", city=city("dhaka"), actions=[world["inventory"]])
        CaseStudyPageFactory(
            parent=case_study_index,
            slug=f"more-{number}",
            city=city("jakarta"),
            terms={"actions": [world["inventory"]], "partner_cities": [city("surabaya")]},
        )
    with CaptureQueriesContext(connection) as after:
        client.get(url)

    assert len(after.captured_queries) == len(before.captured_queries)


def test_match_page_works_without_javascript(world, client: Client):
    with translation.override("en"):
        empty = client.get("/en/twinning/match/")
        answered = client.get("/en/twinning/match/?city=phnom-penh&action=emissions-inventory")
        bad = client.get("/en/twinning/match/?city=atlantis&action=emissions-inventory")

    assert empty.status_code == answered.status_code == bad.status_code == 200
    html = answered.content.decode()
    assert "Suggestions for Phnom Penh" in html
    results = html[html.index('id="suggestions-heading"') :]
    assert results.index("Kitakyushu") < results.index("Bangkok") < results.index("Hanoi")
    assert "mentored Haiphong since 2015" in html
    assert "Anong Bangkok" in html and "Draft Person" not in html
    assert 'aria-invalid="true"' in bad.content.decode()
    assert "Suggestions for" not in bad.content.decode()


@pytest.mark.parametrize("language", ["en", "vi", "id", "th"])
def test_match_page_renders_in_every_language(world, client: Client, language):
    response = client.get(f"/{language}/twinning/match/?city=phnom-penh&action=emissions-inventory")

    assert response.status_code == 200
    with translation.override(language):
        assert city("kitakyushu").name in response.content.decode()


def test_api_gives_the_reasons_of_a_bad_request_in_the_requested_language(world, client: Client):
    thai = client.get(API, {"city": "atlantis", "action": "emissions-inventory", "lang": "th"}).json()
    vietnamese = client.get(API, {"action": "emissions-inventory"}, HTTP_ACCEPT_LANGUAGE="vi").json()

    assert thai["reasons"] == ["ไม่รู้จักเมือง 'atlantis'"]
    assert vietnamese["reasons"] == ["cần có city: hãy cho slug của thành phố, ví dụ city=phnom-penh"]
    # The machine-readable error code stays the same in every language.
    assert thai["error"] == vietnamese["error"] == "bad request"
