"""SQL queries of the reader pages when the page cache misses (after a first view warmed the
content cache): what is left is routing, the page itself and what only that page shows."""

import pytest
from django.test import Client

from knowledge.factories import CaseStudyPageFactory, ForumReportPageFactory, TwinningPartnershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def practice(case_study_index, terms):
    return CaseStudyPageFactory(
        parent=case_study_index,
        slug="practice",
        city=terms["city"]["hanoi"],
        terms={
            "themes": list(terms["theme"].values())[:2],
            "actions": list(terms["action"].values())[:2],
            "partner_cities": [terms["city"]["seoul"]],
        },
    )


@pytest.fixture
def report(forum_index, terms):
    return ForumReportPageFactory(
        parent=forum_index,
        slug="report",
        city=terms["city"]["hanoi"],
        terms={"themes": list(terms["theme"].values())[:2]},
    )


def test_the_home_page(client: Client, practice, report, training_index, django_assert_max_num_queries):
    TwinningPartnershipFactory()
    client.get("/en/")
    # The site, the home page: navigation and sections come from the content cache.
    with django_assert_max_num_queries(2):
        assert client.get("/en/?visit=2").status_code == 200


@pytest.mark.parametrize("language", ["en", "th"])
def test_a_case_study(client: Client, practice, forum_index, language, django_assert_max_num_queries):
    client.get(f"/{language}/case-studies/practice/")
    # Routing (site, home, index, page: six), the city, four vocabularies, partner cities, experts.
    with django_assert_max_num_queries(13):
        assert client.get(f"/{language}/case-studies/practice/?visit=2").status_code == 200


def test_a_forum_report(client: Client, report, case_study_index, django_assert_max_num_queries):
    client.get("/en/forum-reports/report/")
    with django_assert_max_num_queries(13):
        assert client.get("/en/forum-reports/report/?visit=2").status_code == 200
