"""What crawlers are told (issue 21): canonical links, noindex on filter combinations, absolute
addresses at the host the reader asked, one x-default for pages and sitemap, lastmod."""

import re

import pytest
from bs4 import BeautifulSoup
from defusedxml import ElementTree as ET
from django.test import Client

from experts.factories import ExpertFactory
from knowledge.factories import CaseStudyIndexPageFactory, CaseStudyPageFactory

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}
HOST = "portal.example.org"


@pytest.fixture
def public_host(settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, HOST]


@pytest.fixture
def story(site, home_page):
    index = CaseStudyIndexPageFactory(parent=home_page, slug="case-studies")
    return CaseStudyPageFactory(parent=index, slug="a-story")


def _head(client: Client, address: str, **headers) -> dict[str, str | None]:
    response = client.get(address, **headers)
    assert response.status_code == 200, address
    soup = BeautifulSoup(response.content, "html.parser")
    canonical = soup.select('link[rel="canonical"]')
    robots = soup.select('meta[name="robots"]')
    assert len(canonical) <= 1 and len(robots) <= 1, address
    return {
        "canonical": canonical[0]["href"] if canonical else None,
        "robots": robots[0]["content"] if robots else None,
        "x-default": soup.select_one('link[hreflang="x-default"]')["href"],
    }


@pytest.mark.parametrize(
    "path",
    [
        "/en/experts/",
        "/th/cities/",
        "/vi/twinning/",
        "/id/case-studies/",
        "/en/",
        "/en/case-studies/a-story/",
    ],
)
def test_an_unfiltered_page_names_itself_canonical_at_the_readers_host(client, story, public_host, path):
    head = _head(client, path, HTTP_HOST=HOST)

    assert head["canonical"] == f"http://{HOST}{path}"
    assert head["robots"] is None


@pytest.mark.parametrize(
    "path", ["/en/experts/?country=VN", "/th/cities/?country=TH", "/en/case-studies/?theme=health"]
)
def test_a_filter_combination_is_noindex_follow_without_a_canonical(client, story, path):
    head = _head(client, path)

    assert head["robots"] == "noindex,follow"
    assert head["canonical"] is None


def test_a_later_page_is_its_own_canonical_and_tracking_or_empty_parameters_are_dropped(client, story):
    assert (
        _head(client, "/en/experts/?page=1&utm_source=newsletter")["canonical"]
        == "http://testserver/en/experts/"
    )
    head = _head(client, "/en/case-studies/?page=2&country=&fbclid=abc")
    assert head["canonical"] == "http://testserver/en/case-studies/?page=2"
    assert head["robots"] is None
    # A page that is not a listing ignores its query altogether.
    assert (
        _head(client, "/en/case-studies/a-story/?page=3")["canonical"]
        == "http://testserver/en/case-studies/a-story/"
    )


def test_search_results_are_never_indexed_and_filters_are_not_their_canonical_form(client, site):
    head = _head(client, "/en/search/?q=air&scope=practices&page=2&utm_medium=x")
    assert head["robots"] == "noindex,follow"
    assert head["canonical"] == "http://testserver/en/search/?q=air&scope=practices&page=2"
    assert _head(client, "/en/search/?q=air&country=VN") == {
        "canonical": None,
        "robots": "noindex,follow",
        "x-default": "http://testserver/search/?q=air&country=VN",
    }


def test_og_url_and_json_ld_url_are_at_the_readers_host_behind_a_tls_proxy(
    client, story, public_host, settings
):
    # The Site record says localhost (as on a fresh install); the reader came in on HOST over https.
    story.get_site().__class__.objects.update(hostname="localhost", port=80)
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

    html = client.get(
        "/th/case-studies/a-story/", HTTP_HOST=HOST, HTTP_X_FORWARDED_PROTO="https"
    ).content.decode()
    soup = BeautifulSoup(html, "html.parser")

    expected = f"https://{HOST}/th/case-studies/a-story/"
    assert soup.select_one('meta[property="og:url"]')["content"] == expected
    data = soup.select_one('script[type="application/ld+json"]').string
    assert re.search(r'"url": "([^"]+)"', data).group(1) == expected
    assert "localhost" not in html


def test_the_sitemap_and_the_pages_name_the_same_x_default(client, story):
    ExpertFactory(name="Listed Person", slug="listed-person")
    root = ET.fromstring(client.get("/sitemap.xml").content)
    sitemap = {}
    for entry in root.findall("s:url", NS):
        links = {link.get("hreflang"): link.get("href") for link in entry.findall("xhtml:link", NS)}
        sitemap[entry.findtext("s:loc", namespaces=NS)] = links["x-default"]

    for path in [
        "/th/cities/",
        "/vi/experts/",
        "/en/experts/listed-person/",
        "/id/case-studies/a-story/",
        "/th/",
    ]:
        assert sitemap[f"http://testserver{path}"] == _head(client, path)["x-default"], path
    assert sitemap["http://testserver/vi/experts/"] == "http://testserver/experts/"


def test_sitemap_entries_with_a_date_carry_lastmod(client, story):
    expert = ExpertFactory(name="Listed Person", slug="listed-person")
    story.save_revision().publish()  # as an editor publishes: the page gets its publication date
    root = ET.fromstring(client.get("/sitemap.xml").content)
    lastmod = {
        entry.findtext("s:loc", namespaces=NS): entry.findtext("s:lastmod", namespaces=NS)
        for entry in root.findall("s:url", NS)
    }

    story.refresh_from_db()
    day = expert.updated_at.date().isoformat()
    assert lastmod["http://testserver/th/experts/listed-person/"] == day
    assert lastmod["http://testserver/en/experts/"] == day
    assert lastmod["http://testserver/vi/case-studies/a-story/"] == story.last_published_at.date().isoformat()


def _alternates(client: Client, address: str) -> dict[str, str]:
    response = client.get(address)
    assert response.status_code == 200, address
    soup = BeautifulSoup(response.content, "html.parser")
    return {link["hreflang"]: link["href"] for link in soup.select('head link[rel="alternate"][hreflang]')}


def test_a_pages_alternates_drop_the_query_its_canonical_drops(client, story):
    alternates = _alternates(client, "/en/case-studies/a-story/?utm_source=newsletter&x=1")

    assert alternates == {
        "en": "http://testserver/en/case-studies/a-story/",
        "vi": "http://testserver/vi/case-studies/a-story/",
        "id": "http://testserver/id/case-studies/a-story/",
        "th": "http://testserver/th/case-studies/a-story/",
        "x-default": "http://testserver/case-studies/a-story/",
    }


def test_a_listings_alternates_keep_its_page_number_as_its_canonical_does(client, story):
    response = client.get("/en/case-studies/?page=2&fbclid=abc")
    soup = BeautifulSoup(response.content, "html.parser")
    alternates = _alternates(client, "/en/case-studies/?page=2&fbclid=abc")

    assert soup.select_one('link[rel="canonical"]')["href"] == alternates["en"]
    assert alternates["th"] == "http://testserver/th/case-studies/?page=2"
    assert alternates["x-default"] == "http://testserver/case-studies/?page=2"


def test_a_filtered_listings_alternates_carry_its_filters(client, story):
    alternates = _alternates(client, "/en/experts/?country=VN&theme=clean-air-for-all&utm_source=x")

    assert alternates["th"] == "http://testserver/th/experts/?country=VN&theme=clean-air-for-all"
    assert alternates["x-default"] == "http://testserver/experts/?country=VN&theme=clean-air-for-all"


def test_search_results_alternates_carry_the_query(client, story, indexed):
    alternates = _alternates(client, "/vi/search/?q=bike&scope=practices")

    assert alternates["id"] == "http://testserver/id/search/?q=bike&scope=practices"
    assert set(alternates) == {"en", "vi", "id", "th", "x-default"}


def test_a_missing_page_declares_no_alternates(client, site):
    response = client.get("/en/no-such-page/")

    assert response.status_code == 404
    assert 'hreflang="' not in response.content.decode().split("</head>")[0]
