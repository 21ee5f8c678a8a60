"""SQL queries of the reader pages when the page cache misses (after a first view warmed the
content cache): what is left is the page itself and what only that page shows."""

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
    # The home page: site, navigation and sections come from the content cache.
    with django_assert_max_num_queries(1):
        assert client.get("/en/?visit=2").status_code == 200


@pytest.mark.parametrize("language", ["en", "th"])
def test_a_case_study(client: Client, practice, forum_index, language, django_assert_max_num_queries):
    client.get(f"/{language}/case-studies/practice/")
    # Routing (the page from its section's table: one), the page's terms and partner cities (one),
    # its experts; the site, the sections, the city and the labels come from the content cache.
    with django_assert_max_num_queries(3):
        assert client.get(f"/{language}/case-studies/practice/?visit=2").status_code == 200


def test_a_forum_report(client: Client, report, case_study_index, django_assert_max_num_queries):
    client.get("/en/forum-reports/report/")
    with django_assert_max_num_queries(3):
        assert client.get("/en/forum-reports/report/?visit=2").status_code == 200


def test_a_new_site_for_a_host_serves_its_own_root_on_the_next_request(client: Client, case_study_index):
    from wagtail.models import Site

    assert "hero-heading" in client.get("/en/", HTTP_HOST="127.0.0.1").content.decode()

    Site.objects.create(hostname="127.0.0.1", port=80, root_page=case_study_index, site_name="Practices")

    html = client.get("/en/", HTTP_HOST="127.0.0.1").content.decode()
    assert "hero-heading" not in html and "Case studies" in html
    assert "hero-heading" in client.get("/en/").content.decode()  # testserver: still the home page
