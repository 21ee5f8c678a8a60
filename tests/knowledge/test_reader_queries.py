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


def test_a_case_study_of_a_partnership(
    client: Client, practice, terms, forum_index, django_assert_max_num_queries
):
    """The partnership, its cities and its focus actions come from the content cache: no more
    queries than a case study without one, and an edit to the partnership shows at once."""
    actions = list(terms["action"].values())
    partnership = TwinningPartnershipFactory(
        summary_en="Seoul shows Dhaka its monitoring.", focus_actions=actions[:2]
    )
    practice.twinning_partnership = partnership
    practice.save_revision().publish()
    client.get("/en/case-studies/practice/")
    with django_assert_max_num_queries(3):
        html = client.get("/en/case-studies/practice/?visit=2").content.decode()
    assert "Seoul (mentor city) and Dhaka (learning city)" in html
    assert "Seoul shows Dhaka its monitoring." in html
    assert all(f'<span class="tag">{action.name}</span>' in html for action in actions[:2])
    assert partnership.get_absolute_url() in html

    partnership.summary_en = "Seoul and Dhaka compare their inventories."
    partnership.focus_actions.set(actions[2:3])
    partnership.save()
    html = client.get("/en/case-studies/practice/?visit=3").content.decode()
    assert "Seoul and Dhaka compare their inventories." in html
    assert f'<span class="tag">{actions[2].name}</span>' in html
    assert f'<span class="tag">{actions[0].name}</span>' not in html.split('class="partnership"')[1]


def test_a_pages_address_is_worked_out_once_a_request(client: Client, practice, monkeypatch):
    """The case study names its own address twice (og:url, JSON-LD) and its section's three times
    (the section link, two feeds): Wagtail works each out once a request."""
    from wagtail.models import Page

    client.get("/en/case-studies/practice/")
    calls: list[str] = []
    original = Page.get_url_parts

    def counted(self, request=None):
        calls.append(self.url_path)
        return original(self, request=request)

    monkeypatch.setattr(Page, "get_url_parts", counted)
    html = client.get("/en/case-studies/practice/?visit=2").content.decode()
    assert sorted(calls) == sorted({practice.url_path, practice.get_parent().url_path})
    assert '<p class="meta"><a href="/en/case-studies/">' in html
    assert 'href="/en/case-studies/feed/"' in html and 'href="/en/case-studies/feed/atom/"' in html
    assert '<meta property="og:url" content="http://testserver/en/case-studies/practice/">' in html
    th = client.get("/th/case-studies/practice/?visit=2").content.decode()
    assert '<p class="meta"><a href="/th/case-studies/">' in th
