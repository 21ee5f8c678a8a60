"""Section index pages: filters from the URL (OR within, AND across), counts, pagination."""

import re

import pytest
from django.test import Client

from knowledge.factories import (
    CaseStudyPageFactory,
    ForumReportPageFactory,
    TrainingMaterialPageFactory,
    translations,
)
from knowledge.models import CaseStudyIndexPage, ForumReportIndexPage, TrainingMaterialIndexPage
from tests.knowledge.helpers import query_count

pytestmark = pytest.mark.django_db


def titles(html: str) -> set[str]:
    return set(re.findall(r'<h3[^>]*><a href="[^"]+">([^<]+)</a></h3>', html))


def count_label(html: str, name: str, value: str) -> str:
    match = re.search(rf'for="filter-{name}-{value}">[^<]*<span class="count">\((\d+)\)</span>', html)
    return match.group(1) if match else ""


@pytest.fixture
def library(case_study_index, terms):
    """Four case studies with overlapping tags, one only in English."""
    city, theme, action = terms["city"], terms["theme"], terms["action"]
    pages = {
        "hanoi": dict(
            city=city["hanoi"], year=2019, themes=["clean-air-for-all"], actions=["air-quality-monitoring"]
        ),
        "bangkok": dict(
            city=city["bangkok"], year=2020, themes=["clean-air-for-all"], actions=["emissions-inventory"]
        ),
        "haiphong": dict(
            city=city["haiphong"],
            year=2020,
            themes=["cities-for-a-sustainable-future"],
            actions=["emissions-inventory", "port-emission-controls"],
            partners=["kitakyushu"],
        ),
        "seoul": dict(city=city["seoul"], year=2018, themes=["raising-climate-ambition"], actions=[]),
    }
    created = {}
    for slug, spec in pages.items():
        names = {"en": f"Story of {slug}"}
        if slug != "seoul":
            names["th"] = f"เรื่องของ {slug}"
        created[slug] = CaseStudyPageFactory(
            parent=case_study_index,
            slug=slug,
            city=spec["city"],
            year=spec["year"],
            **translations("title", names),
            terms={
                "themes": [theme[s] for s in spec["themes"]],
                "actions": [action[s] for s in spec["actions"]],
                "partner_cities": [city[s] for s in spec.get("partners", [])],
            },
        )
    return created


def test_unfiltered_index_lists_every_live_page_with_counts(client: Client, library):
    html = client.get("/en/case-studies/").content.decode()

    assert titles(html) == {f"Story of {slug}" for slug in library}
    assert "4 results" in html
    assert count_label(html, "action", "emissions-inventory") == "2"
    assert count_label(html, "country", "VN") == "2"
    assert count_label(html, "language", "th") == "3"


def test_values_of_one_parameter_are_ored(client: Client, library):
    html = client.get("/en/case-studies/?city=hanoi&city=seoul").content.decode()

    assert titles(html) == {"Story of hanoi", "Story of seoul"}


def test_parameters_are_anded(client: Client, library):
    html = client.get("/en/case-studies/?theme=clean-air-for-all&action=emissions-inventory").content.decode()

    assert titles(html) == {"Story of bangkok"}
    # The counts of the action facet ignore the action filter itself, so alternatives stay visible.
    assert count_label(html, "action", "air-quality-monitoring") == "1"


def test_city_and_country_filters_include_partner_cities(client: Client, library):
    assert titles(client.get("/en/case-studies/?city=kitakyushu").content.decode()) == {"Story of haiphong"}
    assert titles(client.get("/en/case-studies/?country=jp").content.decode()) == {"Story of haiphong"}
    assert titles(client.get("/en/case-studies/?country=VN&year=2020").content.decode()) == {
        "Story of haiphong"
    }


def test_language_filter_keeps_pages_with_a_translated_title(client: Client, library):
    html = client.get("/th/case-studies/?language=th").content.decode()

    assert titles(html) == {"เรื่องของ hanoi", "เรื่องของ bangkok", "เรื่องของ haiphong"}


def test_unknown_values_are_ignored_with_a_visible_note(client: Client, library):
    response = client.get("/en/case-studies/?city=atlantis&theme=clean-air-for-all&year=soon")

    assert response.status_code == 200
    html = response.content.decode()
    assert "unknown-filter" in html
    assert "atlantis" in html
    assert titles(html) == {"Story of hanoi", "Story of bangkok"}


def test_filters_stay_in_the_form_and_in_remove_links(client: Client, library):
    html = client.get("/en/case-studies/?theme=clean-air-for-all&action=emissions-inventory").content.decode()

    assert 'id="filter-theme-clean-air-for-all" name="theme" value="clean-air-for-all" checked' in html
    assert 'href="?theme=clean-air-for-all"' in html  # removing the action keeps the theme


def test_pagination_keeps_the_filters(client: Client, case_study_index, terms):
    theme = terms["theme"]["clean-air-for-all"]
    for number in range(14):
        CaseStudyPageFactory(parent=case_study_index, slug=f"page-{number}", terms={"themes": [theme]})

    first = client.get("/en/case-studies/?theme=clean-air-for-all").content.decode()
    second = client.get("/en/case-studies/?theme=clean-air-for-all&page=2").content.decode()

    assert len(titles(first)) == 12
    assert len(titles(second)) == 2
    assert 'href="?theme=clean-air-for-all&amp;page=2" rel="next"' in first
    assert "14 results" in first
    assert client.get("/en/case-studies/?page=99").status_code == 200


def test_drafts_are_not_listed(client: Client, library):
    library["seoul"].unpublish()

    assert "Story of seoul" not in client.get("/en/case-studies/").content.decode()


INDEXES = [
    (CaseStudyIndexPage, CaseStudyPageFactory, "case_study_index"),
    (TrainingMaterialIndexPage, TrainingMaterialPageFactory, "training_index"),
    (ForumReportIndexPage, ForumReportPageFactory, "forum_index"),
]


@pytest.mark.parametrize(("model", "factory", "fixture"), INDEXES)
def test_index_query_count_does_not_grow_with_items_and_tags(
    request, client: Client, terms, django_assert_num_queries, model, factory, fixture
):
    index = request.getfixturevalue(fixture)
    factory(
        parent=index,
        slug="one",
        city=terms["city"]["hanoi"],
        terms={"themes": [terms["theme"]["clean-air-for-all"]]},
    )
    expected = query_count(client, index.url)
    for number in range(5):
        factory(
            parent=index,
            slug=f"tagged-{number}",
            city=terms["city"]["bangkok"],
            terms={
                "themes": list(terms["theme"].values()),
                "actions": list(terms["action"].values()),
                "partner_cities": list(terms["city"].values())[number : number + 4],
            },
        )
    client.get(index.url)

    with django_assert_num_queries(expected):
        client.get(index.url)


@pytest.mark.parametrize(("model", "factory", "fixture"), INDEXES)
def test_index_pages_are_in_the_main_navigation(request, client: Client, model, factory, fixture):
    index = request.getfixturevalue(fixture)

    assert f'<a href="{index.url}"' in client.get("/en/").content.decode()
    assert model.max_count == 1
    assert model.parent_page_types == ["portal.HomePage"]
