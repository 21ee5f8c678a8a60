"""Every listing reads its filters through portal.filters and shows them the same way: removable
chips of the filters in use, toggle links or ticked boxes, and one notice naming each value it
could not use (with the results of the other filters, never an error page)."""

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from experts.factories import ExpertFactory
from knowledge.factories import CaseStudyIndexPageFactory, CaseStudyPageFactory
from knowledge.models import City

pytestmark = pytest.mark.django_db


def page(client: Client, url: str) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content.decode(), "html.parser")


def chip_links(soup: BeautifulSoup) -> dict[str, str]:
    return {
        " ".join(link.get_text(" ", strip=True).split()): link["href"]
        for link in soup.select("main .filter-chips a.filter-chip")
    }


def notice(soup: BeautifulSoup) -> list[str]:
    box = soup.select_one("main .unknown-filter")
    return [" ".join(item.get_text().split()) for item in box.select("li")] if box else []


@pytest.fixture
def pages(site, home_page):
    index = CaseStudyIndexPageFactory(parent=home_page)
    for slug in ("hanoi", "bangkok"):
        CaseStudyPageFactory(
            parent=index, slug=slug, title=f"Story of {slug}", city=City.objects.get(slug=slug)
        )


def test_section_index_page(client: Client, pages):
    soup = page(client, "/en/case-studies/?country=VN&city=atlantis&page=1")

    assert chip_links(soup) == {"Remove filter: Country: Viet Nam ×": "?", "Clear all filters": "?"}
    assert notice(soup) == ["unknown filter city = “atlantis”"]
    assert [h.get_text(strip=True) for h in soup.select("main .card-list h3")] == ["Story of hanoi"]
    assert soup.select_one("#filter-country-VN").has_attr("checked")


def test_experts_directory(client: Client, site, indexed):
    ExpertFactory(name="Lan", city=City.objects.get(slug="hanoi"))
    ExpertFactory(name="Somchai", city=City.objects.get(slug="bangkok"))

    soup = page(client, "/en/experts/?country=VN&theme=haze")

    assert chip_links(soup) == {"Remove filter: Country: Viet Nam ×": "?", "Clear all filters": "?"}
    assert notice(soup) == ["unknown filter theme = “haze”"]
    # Toggle links carry the known filters only: ticking Bangkok keeps Viet Nam, not "haze".
    toggles = {a.get_text(" ", strip=True).split(" (")[0]: a["href"] for a in soup.select("a.facet__option")}
    assert toggles["Thailand"] == "?country=VN&country=TH"
    assert toggles["Remove filter: Viet Nam"] == "?"


def test_search_page(client: Client, indexed, pages):
    soup = page(client, "/en/search/?q=story&country=VN&country=XX")

    assert chip_links(soup) == {
        "Remove filter: Country: Viet Nam ×": "?q=story",
        "Clear all filters": "?q=story",
    }
    assert notice(soup) == ["unknown filter country = “XX”"]
    assert "Story of hanoi" in soup.get_text() and "Story of bangkok" not in soup.get_text()


def test_twinning(client: Client, site):
    soup = page(client, "/en/twinning/?country=US&action=teleportation")

    assert chip_links(soup) == {"Remove filter: Country: United States ×": "?", "Clear all filters": "?"}
    assert notice(soup) == ["unknown filter action = “teleportation”"]
    assert soup.select_one("#filter-country-US").has_attr("checked")


def test_city_list(client: Client, site):
    soup = page(client, "/en/cities/?country=vn&level=gold&country=TH")

    assert chip_links(soup) == {"Remove filter: Country: Viet Nam ×": "?", "Clear all filters": "?"}
    assert notice(soup) == ["unknown filter level = “gold”", "country takes one value; the first one is used"]
    assert soup.select_one('#filter-country option[value="VN"]').has_attr("selected")
