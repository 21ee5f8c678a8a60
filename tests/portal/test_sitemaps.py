import pytest
from defusedxml import ElementTree as ET
from django.test import Client

from knowledge.factories import CaseStudyIndexPageFactory, CaseStudyPageFactory

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}


@pytest.fixture
def pages(site, home_page):
    index = CaseStudyIndexPageFactory(parent=home_page)
    live = CaseStudyPageFactory(parent=index, slug="live-story")
    draft = CaseStudyPageFactory(parent=index, slug="draft-story")
    draft.unpublish()
    return live


def test_sitemap_lists_every_live_page_in_every_language_with_hreflang(client: Client, pages):
    response = client.get("/sitemap.xml")

    assert response.status_code == 200
    body = response.content.decode()
    assert "hreflang" in body
    root = ET.fromstring(response.content)
    locations = {url.findtext("s:loc", namespaces=NS) for url in root.findall("s:url", NS)}
    for language in ("en", "vi", "id", "th"):
        assert f"http://testserver/{language}/" in locations
        assert f"http://testserver/{language}/case-studies/live-story/" in locations
    assert not any("draft-story" in location for location in locations)
    entry = next(
        url
        for url in root.findall("s:url", NS)
        if url.findtext("s:loc", namespaces=NS) == "http://testserver/vi/case-studies/live-story/"
    )
    alternates = {link.get("hreflang"): link.get("href") for link in entry.findall("xhtml:link", NS)}
    assert alternates["th"] == "http://testserver/th/case-studies/live-story/"
    # x-default is the unprefixed address, which redirects by the browser's language.
    assert alternates["x-default"] == "http://testserver/case-studies/live-story/"
    assert client.get("/case-studies/live-story/", HTTP_ACCEPT_LANGUAGE="th").status_code == 302


LANGUAGES = ("en", "vi", "id", "th")


def test_every_sitemap_entry_carries_all_four_languages_and_x_default(client: Client, pages):
    from experts.factories import ExpertFactory

    ExpertFactory(name="Published Person")
    draft = ExpertFactory(name="Draft Person", status="draft")

    root = ET.fromstring(client.get("/sitemap.xml").content)
    entries = root.findall("s:url", NS)

    assert entries
    for entry in entries:
        location = entry.findtext("s:loc", namespaces=NS)
        alternates = {link.get("hreflang"): link.get("href") for link in entry.findall("xhtml:link", NS)}
        assert set(alternates) == {*LANGUAGES, "x-default"}, location
        language = location.removeprefix("http://testserver/").split("/")[0]
        # Each entry is its own language's alternate, and the others differ only in the prefix.
        assert alternates[language] == location
        for other in LANGUAGES:
            assert alternates[other] == location.replace(f"/{language}/", f"/{other}/", 1)
    locations = {entry.findtext("s:loc", namespaces=NS) for entry in entries}
    for language in LANGUAGES:
        # Pages served by views, not Wagtail pages: cities, twinning and experts.
        assert f"http://testserver/{language}/cities/" in locations
        assert f"http://testserver/{language}/cities/hanoi/" in locations
        assert f"http://testserver/{language}/twinning/match/" in locations
        assert f"http://testserver/{language}/experts/" in locations
        assert f"http://testserver/{language}/experts/published-person/" in locations
    assert not any(f"/experts/{draft.slug}/" in location for location in locations)
