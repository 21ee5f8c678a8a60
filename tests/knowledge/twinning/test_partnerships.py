"""Twinning for readers: the listing with its filters, one partnership's page, partnerships_for_city."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation
from modeltranslation.utils import build_localized_fieldname

from experts.factories import ExpertFactory
from experts.models import ExpertStatus
from knowledge.factories import (
    CaseStudyPageFactory,
    TwinningActionItemFactory,
    TwinningPartnershipFactory,
    milestone,
    translations,
)
from knowledge.models import City, TwinningPartnership
from knowledge.twinning.partnerships import filter_partnerships, partnership_detail, partnerships_for_city
from portal.filters import UnknownValue
from portal.navigation import main_navigation
from tests.knowledge.helpers import query_count

pytestmark = pytest.mark.django_db

LANGUAGES = ("en", "vi", "id", "th")


@pytest.fixture
def haiphong_pair(site, case_study_index, terms):
    """The seeded Kitakyushu–Haiphong pair with items, experts and case studies, published or not."""
    partnership = TwinningPartnership.objects.get(slug="kitakyushu-haiphong")
    TwinningActionItemFactory(
        partnership=partnership,
        title="Inventory of the Dinh Vu industrial zone",
        **translations(
            "title",
            {
                "en": "Inventory of the Dinh Vu industrial zone",
                "vi": "Kiểm kê khu công nghiệp Đình Vũ",
                "id": "Inventarisasi kawasan industri Dinh Vu",
                "th": "บัญชีการปล่อยมลพิษนิคมอุตสาหกรรมดิ่ญหวู",
            },
        ),
        status="done",
        milestones=[
            milestone(
                datetime.date(2016, 3, 1),
                "done",
                note_en="Survey of the factories",
                note_vi="Khảo sát nhà máy",
            ),
            milestone(datetime.date(2015, 9, 15), "done", note_en="Kick-off workshop in Haiphong"),
        ],
    )
    TwinningActionItemFactory(
        partnership=partnership,
        title="Secret draft item",
        is_published=False,
        action=terms["action"]["port-emission-controls"],
    )
    published = ExpertFactory(name="Sato Published", city=City.objects.get(slug="kitakyushu"))
    hidden = ExpertFactory(name="Draft Expert", status=ExpertStatus.DRAFT)
    partnership.experts.set([published, hidden])
    partnership.save()
    CaseStudyPageFactory(
        parent=case_study_index,
        title="Haiphong port inventory results",
        slug="haiphong-port-results",
        twinning_partnership=partnership,
        year=2018,
    )
    draft = CaseStudyPageFactory(
        parent=case_study_index,
        title="Unfinished draft study",
        slug="draft-study",
        twinning_partnership=partnership,
    )
    draft.unpublish()
    return partnership


def test_every_seeded_pair_is_listed_with_cities_actions_year_and_status(site, client: Client):
    html = client.get("/en/twinning/").content.decode()

    for mentor, learner in [
        ("Kitakyushu", "Haiphong"),
        ("Taipei", "Pasig"),
        ("San Diego", "Bangkok"),
        ("San Jose", "Taichung"),
        ("Philadelphia", "Kaohsiung"),
    ]:
        assert f"{mentor} – {learner}" in html
    assert "Emissions inventory" in html
    assert "2015" in html
    assert "Active" in html
    assert 'href="/en/twinning/kitakyushu-haiphong/"' in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_listing_and_partnership_pages_render_in_every_language(haiphong_pair, client: Client, language):
    haiphong = City.objects.get(slug="haiphong")

    listing = client.get(f"/{language}/twinning/")
    page = client.get(f"/{language}/twinning/kitakyushu-haiphong/")

    assert listing.status_code == page.status_code == 200
    local_name = getattr(haiphong, build_localized_fieldname("name", language)) or haiphong.name_en
    assert local_name in listing.content.decode()
    html = page.content.decode()
    assert f'<html lang="{language}">' in html
    assert {
        "en": "Inventory of the Dinh Vu industrial zone",
        "vi": "Kiểm kê khu công nghiệp Đình Vũ",
        "id": "Inventarisasi kawasan industri Dinh Vu",
        "th": "บัญชีการปล่อยมลพิษนิคมอุตสาหกรรมดิ่ญหวู",
    }[language] in html


def test_partnership_page_shows_only_published_items_experts_and_live_case_studies(
    haiphong_pair, client: Client
):
    html = client.get("/en/twinning/kitakyushu-haiphong/").content.decode()

    assert "Inventory of the Dinh Vu industrial zone" in html
    assert "Secret draft item" not in html
    assert "Sato Published" in html
    assert "Draft Expert" not in html
    assert "Haiphong port inventory results" in html
    assert "Unfinished draft study" not in html


def test_milestones_are_dated_in_order_and_fall_back_to_english(haiphong_pair, client: Client):
    english = client.get("/en/twinning/kitakyushu-haiphong/").content.decode()
    vietnamese = client.get("/vi/twinning/kitakyushu-haiphong/").content.decode()

    assert english.index("Kick-off workshop in Haiphong") < english.index("Survey of the factories")
    assert '<time datetime="2015-09-15">' in english
    assert "Khảo sát nhà máy" in vietnamese
    assert '<td lang="en">Kick-off workshop in Haiphong</td>' in vietnamese


def test_milestone_dates_are_written_in_the_reader_language(haiphong_pair, client: Client):
    thai = client.get("/th/twinning/kitakyushu-haiphong/").content.decode()
    vietnamese = client.get("/vi/twinning/kitakyushu-haiphong/").content.decode()

    assert '<time datetime="2015-09-15">15 กันยายน 2558 (2015)</time>' in thai
    assert '<time datetime="2015-09-15">15 tháng 9, 2015</time>' in vietnamese


def test_timeline_runs_from_the_start_year_through_milestones_to_case_studies(haiphong_pair):
    detail = partnership_detail(slug="kitakyushu-haiphong")

    assert [(entry.year, entry.kind) for entry in detail.timeline] == [
        (2015, "start"),
        (2015, "milestone"),
        (2016, "milestone"),
        (2018, "case_study"),
    ]
    assert detail.timeline[-1].url.endswith("/haiphong-port-results/")


def test_partnership_page_queries_do_not_grow_with_items_or_experts(haiphong_pair, client: Client):
    url = "/en/twinning/kitakyushu-haiphong/"
    before = query_count(client, url)
    for number in range(3):
        TwinningActionItemFactory(partnership=haiphong_pair, title=f"More work {number}")
    haiphong_pair.experts.add(*[ExpertFactory() for _ in range(3)])

    assert query_count(client, url) == before


def test_unknown_partnership_is_not_found(site, client: Client):
    assert client.get("/en/twinning/no-such-pair/").status_code == 404


def test_filters_combine_country_and_action_and_report_unknown_values(site):
    by_country = filter_partnerships(params={"country": ["us"]})
    both = filter_partnerships(params={"country": ["US"], "action": ["emissions-inventory"]})
    either_country = filter_partnerships(params={"country": ["VN", "PH"]})
    unknown = filter_partnerships(params={"country": ["XX"], "action": ["teleportation"]})

    assert {p.slug for p in by_country.partnerships} == {
        "bangkok-san-diego",
        "taichung-san-jose",
        "philadelphia-kaohsiung",
    }
    assert [p.slug for p in both.partnerships] == ["bangkok-san-diego"]
    assert {p.slug for p in either_country.partnerships} == {"kitakyushu-haiphong", "pasig-taipei"}
    assert unknown.unknown == [UnknownValue("country", "XX"), UnknownValue("action", "teleportation")]
    assert len(unknown.partnerships) == 5
    actions = next(facet for facet in both.facets if facet.name == "action")
    counts = {option.value: option.count for option in actions.options}
    assert counts["emissions-inventory"] == 1


def test_unknown_filter_values_are_shown_to_the_reader(site, client: Client):
    response = client.get("/th/twinning/?country=ZZ&action=no-such-action&action=public-bike-sharing")

    assert response.status_code == 200
    html = response.content.decode()
    assert "ZZ" in html and "no-such-action" in html
    assert "/th/twinning/pasig-taipei/" in html
    assert "/th/twinning/kitakyushu-haiphong/" not in html


def test_editor_added_partnerships_are_listed(site, client: Client):
    TwinningPartnershipFactory(slug="seoul-dhaka")

    assert "/en/twinning/seoul-dhaka/" in client.get("/en/twinning/").content.decode()


def test_partnerships_for_city_returns_both_roles_with_live_case_studies(haiphong_pair):
    kitakyushu = City.objects.get(slug="kitakyushu")
    haiphong = City.objects.get(slug="haiphong")
    TwinningPartnershipFactory(
        slug="kitakyushu-yangon", learning_city=City.objects.get(slug="yangon"), mentor_city=kitakyushu
    )
    TwinningPartnershipFactory(
        slug="haiphong-vientiane", mentor_city=haiphong, learning_city=City.objects.get(slug="vientiane")
    )

    assert [p.slug for p in partnerships_for_city(city=kitakyushu)] == [
        "kitakyushu-haiphong",
        "kitakyushu-yangon",
    ]
    mine = partnerships_for_city(city=haiphong)
    assert {p.slug for p in mine} == {"kitakyushu-haiphong", "haiphong-vientiane"}
    seeded = next(p for p in mine if p.slug == "kitakyushu-haiphong")
    assert [page.slug for page in seeded.live_case_studies] == ["haiphong-port-results"]
    assert partnerships_for_city(city=City.objects.get(slug="lahore")) == []


def test_twinning_is_a_navigation_section(site, rf):
    request = rf.get("/vi/")

    with translation.override("vi"):
        urls = [item.url for item in main_navigation(request)]

    assert "/vi/twinning/" in urls


def test_reserved_and_self_pairs_are_refused(site):

    seoul = City.objects.get(slug="seoul")
    for partnership in (
        TwinningPartnership(slug="match", mentor_city=seoul, learning_city=City.objects.get(slug="dhaka")),
        TwinningPartnership(slug="seoul-seoul", mentor_city=seoul, learning_city=seoul),
    ):
        with pytest.raises(ValidationError):
            partnership.full_clean()


def test_sitemap_lists_twinning_pages_in_every_language(site, client: Client):
    body = client.get("/sitemap.xml").content.decode()

    for language in LANGUAGES:
        assert f"http://testserver/{language}/twinning/</loc>" in body
        assert f"http://testserver/{language}/twinning/pasig-taipei/</loc>" in body


def test_case_studies_and_the_home_page_link_to_their_partnership(haiphong_pair, client: Client):
    case_study = client.get("/en/case-studies/haiphong-port-results/").content.decode()
    home = client.get("/en/").content.decode()

    assert 'href="/en/twinning/kitakyushu-haiphong/"' in case_study
    assert 'href="/en/twinning/kitakyushu-haiphong/"' in home


def test_listing_queries_do_not_grow_with_partnerships(site, client: Client, terms):
    url = "/en/twinning/?action=emissions-inventory&action=public-bike-sharing"
    before = query_count(client, url)
    for number, learner in enumerate(["yangon", "vientiane", "colombo"]):
        TwinningPartnershipFactory(
            slug=f"extra-{number}",
            learning_city=City.objects.get(slug=learner),
            focus_actions=[terms["action"]["emissions-inventory"], terms["action"]["public-bike-sharing"]],
        )

    assert query_count(client, url) == before


def test_partnership_page_shows_its_pair_on_a_map_and_its_action_progress(haiphong_pair, client: Client):
    TwinningActionItemFactory(partnership=haiphong_pair, title="Port survey", status="in_progress")
    TwinningActionItemFactory(partnership=haiphong_pair, title="Ship fuel", status="planned")
    html = client.get("/en/twinning/kitakyushu-haiphong/").content.decode()
    figure = html.split('<figure class="city-map" id="pair-map">')[1].split("</figure>")[0]
    assert 'href="/en/cities/kitakyushu/"' in figure and 'href="/en/cities/haiphong/"' in figure
    assert "<title>Kitakyushu mentors Haiphong (Active)</title>" in figure
    # The unpublished draft item is not counted: 1 done, 1 in progress, 1 planned.
    assert "1 of 3 actions done, 1 in progress, 1 planned" in html
    assert html.count('<rect class="progress-') == 3
    thai = client.get("/th/twinning/kitakyushu-haiphong/").content.decode()
    assert "มาตรการเสร็จแล้ว 1 จาก 3 กำลังดำเนินการ 1 วางแผนไว้ 1" in thai


def test_a_partnership_without_published_items_draws_no_progress_bar(site, client: Client):
    html = client.get("/en/twinning/taichung-san-jose/").content.decode()
    assert 'class="action-progress"' not in html
    assert 'id="pair-map"' in html
