import pytest
from defusedxml import ElementTree as ET
from django.test import Client

from knowledge.factories import CaseStudyPageFactory, ForumReportPageFactory, translations

pytestmark = pytest.mark.django_db


@pytest.fixture
def stories(case_study_index, terms):
    return [
        CaseStudyPageFactory(
            parent=case_study_index,
            slug=f"story-{number}",
            **translations("title", {"en": f"Story {number}", "vi": f"Câu chuyện {number}"}),
            terms={"themes": [terms["theme"]["clean-air-for-all"]]},
        )
        for number in range(3)
    ]


def test_rss_feed_lists_the_newest_pages_of_the_section(client: Client, stories):
    response = client.get("/en/case-studies/feed/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == ["Story 2", "Story 1", "Story 0"]
    assert items[0].findtext("link").endswith("/en/case-studies/story-2/")
    assert items[0].findtext("category") == "Clean air for all"


def test_feed_follows_the_url_language(client: Client, stories):
    channel = ET.fromstring(client.get("/vi/case-studies/feed/").content).find("channel")

    assert channel.find("item").findtext("title") == "Câu chuyện 2"
    assert channel.find("item").findtext("link").endswith("/vi/case-studies/story-2/")


def test_atom_feed(client: Client, stories):
    response = client.get("/en/case-studies/feed/atom/")

    assert response["Content-Type"].startswith("application/atom+xml")
    assert b"<entry>" in response.content


def test_drafts_stay_out_of_feeds(client: Client, forum_index):
    page = ForumReportPageFactory(parent=forum_index, slug="draft-forum", title="Draft forum")
    page.unpublish()

    assert b"Draft forum" not in client.get("/en/forum-reports/feed/").content


def test_index_pages_advertise_their_feeds(client: Client, stories):
    html = client.get("/en/case-studies/").content.decode()

    assert '<link rel="alternate" type="application/rss+xml"' in html
    assert 'href="/en/case-studies/feed/"' in html
