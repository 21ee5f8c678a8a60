"""The directory on a phone (issue 21): a collapsed "Filters (n)" panel, then the results, with the
filters in use as removable chips above the cards. The layout itself is measured in a browser
(tests/browser/test_phones.py); here, what the HTML says to every reader."""

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from experts.factories import ExpertFactory
from knowledge.models import City, Pollutant

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("indexed")]


@pytest.fixture
def experts(site):
    pm25 = Pollutant.objects.get(slug="pm25")
    ExpertFactory(name="Hanoi PM", city=City.objects.get(slug="hanoi"), pollutants=[pm25])
    ExpertFactory(name="Bangkok Person", city=City.objects.get(slug="bangkok"))


def test_the_filter_panel_comes_before_the_results_collapsed_and_counts_the_filters(client: Client, experts):
    soup = BeautifulSoup(client.get("/en/experts/?country=VN&pollutant=pm25").content, "html.parser")

    panel = soup.select_one("main details.filter-panel")
    results = soup.select_one("main .directory__results")
    assert panel is not None and results is not None
    # No "open" attribute: a phone shows the results first; the stylesheet shows wide screens the panel.
    assert not panel.has_attr("open")
    assert " ".join(panel.summary.get_text().split()) == "Filters (2 in use)"
    assert panel.find_next("section", class_="directory__results") is results
    assert panel.select('a[href*="country=VN"]')


def test_selected_filters_are_chips_that_remove_themselves(client: Client, experts):
    soup = BeautifulSoup(client.get("/en/experts/?country=VN&pollutant=pm25").content, "html.parser")

    chips = soup.select("main .directory__results .filter-chips a.filter-chip")
    by_text = {" ".join(chip.get_text().split()): chip["href"] for chip in chips}
    assert by_text == {
        "Remove filter: Country: Viet Nam ×": "?pollutant=pm25",
        "Remove filter: Pollutant: PM2.5 ×": "?country=VN",
        "Clear all filters": "?",
    }
    assert "Hanoi PM" in soup.select_one("main .expert-cards").get_text()


def test_without_filters_there_are_no_chips_and_no_count(client: Client, experts):
    soup = BeautifulSoup(client.get("/en/experts/").content, "html.parser")

    assert soup.select_one("main .filter-chips") is None
    assert " ".join(soup.select_one("main details.filter-panel summary").get_text().split()) == "Filters"
    assert len(soup.select("main .expert-card")) == 2


def test_a_long_filter_list_shows_eight_values_and_the_rest_behind_show_all(client: Client, site):
    cities = list(City.objects.order_by("slug")[:10])
    for number, city in enumerate(cities):
        ExpertFactory(name=f"Expert {number}", city=city)

    soup = BeautifulSoup(client.get("/en/experts/").content, "html.parser")
    [more] = [
        details
        for details in soup.select("main .directory__filters details.facet-more")
        if details.find_previous("h3").get_text() == "City"
    ]
    shown = more.find_previous("ul", class_="facet")
    assert len(shown.select("li")) == 8
    assert " ".join(more.summary.get_text().split()) == "Show all 10 – City"
    assert len(more.select("li")) == 2
    assert not more.has_attr("open")

    # A value ticked from the hidden part keeps that part open, so the reader sees it ticked.
    hidden_value = more.select_one("a")["href"].split("city=")[1]
    soup = BeautifulSoup(client.get(f"/en/experts/?city={hidden_value}").content, "html.parser")
    opened = [d for d in soup.select("main details.facet-more") if d.find_previous("h3").get_text() == "City"]
    assert opened[0].has_attr("open")
    assert opened[0].select_one('a[aria-current="true"]') is not None
