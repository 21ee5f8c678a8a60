"""The home page leads with search, then the newest knowledge and twinning highlights."""

import pytest
from django.test import Client

from knowledge.factories import (
    CaseStudyPageFactory,
    ForumReportPageFactory,
    TrainingMaterialPageFactory,
    translations,
)
from knowledge.models import TwinningPartnership
from tests.knowledge.helpers import query_count

pytestmark = pytest.mark.django_db


@pytest.fixture
def content(case_study_index, training_index, forum_index):
    partnership = TwinningPartnership.objects.get(slug="pasig-taipei")
    for number in range(4):
        CaseStudyPageFactory(
            parent=case_study_index,
            slug=f"case-{number}",
            twinning_partnership=partnership,
            **translations("title", {"en": f"Case {number}", "th": f"กรณี {number}"}),
        )
    TrainingMaterialPageFactory(parent=training_index, slug="course", title="A course")
    ForumReportPageFactory(parent=forum_index, slug="forum", title="A forum")


def test_home_shows_newest_items_after_the_search_hero(client: Client, content):
    html = client.get("/en/").content.decode()

    hero, latest = html.index('id="hero-heading"'), html.index('id="latest-heading"')
    assert hero < latest
    assert "Case 3" in html and "Case 1" in html
    assert "Case 0" not in html  # three newest per section
    assert "A course" in html and "A forum" in html


def test_home_shows_twinning_highlights_with_their_case_studies(client: Client, content):
    html = client.get("/th/").content.decode()

    assert 'id="twinning-heading"' in html
    assert "ไทเป – ปาซิก" in html
    assert "กรณี 2" in html


def test_home_query_count_does_not_grow_with_content(
    client: Client, content, case_study_index, django_assert_num_queries
):
    expected = query_count(client, "/en/")
    partnership = TwinningPartnership.objects.get(slug="kitakyushu-haiphong")
    for number in range(4, 8):
        CaseStudyPageFactory(parent=case_study_index, slug=f"case-{number}", twinning_partnership=partnership)
    client.get("/en/")

    with django_assert_num_queries(expected):
        client.get("/en/")
