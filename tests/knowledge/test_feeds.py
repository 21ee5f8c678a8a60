import pytest
from defusedxml import ElementTree as ET
from django.test import Client

from knowledge.factories import (
    CaseStudyPageFactory,
    EventIndexPageFactory,
    EventPageFactory,
    ForumReportPageFactory,
    TrainingMaterialPageFactory,
    translations,
)

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


# Every section feed, in every language, says its language and links to that language's pages.

LANGUAGES = ("en", "vi", "id", "th")
ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
TITLES = {
    "en": "Cleaner buses",
    "vi": "Xe buýt sạch hơn",
    "id": "Bus yang lebih bersih",
    "th": "รถเมล์ที่สะอาดขึ้น",
}


@pytest.fixture
def sections(case_study_index, training_index, forum_index, home_page):
    events = EventIndexPageFactory(parent=home_page)
    CaseStudyPageFactory(parent=case_study_index, slug="buses", **translations("title", TITLES))
    TrainingMaterialPageFactory(parent=training_index, slug="buses-course", **translations("title", TITLES))
    ForumReportPageFactory(parent=forum_index, slug="buses-forum", **translations("title", TITLES))
    EventPageFactory(parent=events, slug="buses-event", **translations("title", TITLES))
    return [
        index.url_path.rstrip("/").split("/")[-1]
        for index in (case_study_index, training_index, forum_index, events)
    ]


def test_rss_feeds_carry_their_language_and_link_to_pages_in_it(client: Client, sections):
    for section in sections:
        for language in LANGUAGES:
            response = client.get(f"/{language}/{section}/feed/")
            assert response.status_code == 200, section
            channel = ET.fromstring(response.content).find("channel")

            assert channel.findtext("language") == language
            assert channel.findtext("link").endswith(f"/{language}/{section}/")
            item = channel.find("item")
            assert item.findtext("title") == TITLES[language]
            assert f"/{language}/{section}/" in item.findtext("link")


def test_atom_feeds_carry_their_language_and_link_to_pages_in_it(client: Client, sections):
    for section in sections:
        for language in LANGUAGES:
            root = ET.fromstring(client.get(f"/{language}/{section}/feed/atom/").content)

            assert root.get(XML_LANG) == language
            entry = root.find(f"{ATOM}entry")
            assert entry.findtext(f"{ATOM}title") == TITLES[language]
            assert f"/{language}/{section}/" in entry.find(f"{ATOM}link").get("href")
            assert root.find(f"{ATOM}link").get("href").endswith(f"/{language}/{section}/")
