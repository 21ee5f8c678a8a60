"""Long facet lists on the search page (issue 21): the first twelve values, then the rest behind
"Show all" (they were cut off before), opened when one of the rest is ticked."""

from bs4 import BeautifulSoup
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from portal.filters import Chip, Facet, FacetOption


def _render(selected: str = "") -> BeautifulSoup:
    options = [
        FacetOption(
            value=f"c{n}", label=f"City {n}", count=20 - n, selected=f"c{n}" == selected, url=f"?city=c{n}"
        )
        for n in range(15)
    ]
    context = {
        "facets": [Facet(name="city", label="City", options=options)],
        "groups": [],
        "scope": "all",
        "scope_urls": {"all": "?", "practices": "?scope=practices", "experts": "?scope=experts"},
        "chips": [Chip("city", "City", option.label, "?") for option in options if option.selected],
        "problems": [],
        "related_topics": [],
    }
    with translation.override("en"):
        html = render_to_string("search/results.html", context, request=RequestFactory().get("/en/search/"))
    return BeautifulSoup(html, "html.parser")


def test_twelve_values_are_listed_and_the_rest_are_behind_show_all():
    soup = _render()
    facet = soup.select_one("section.facet")
    more = facet.select_one("details.facet-more")

    assert len(facet.select(":scope > ul > li")) == 12
    assert [a.get_text(" ", strip=True).split(" (")[0] for a in more.select("a")] == [
        "City 12",
        "City 13",
        "City 14",
    ]
    assert " ".join(more.summary.get_text().split()) == "Show all 15 – City"
    assert not more.has_attr("open")


def test_a_ticked_value_among_the_rest_keeps_them_open():
    assert _render(selected="c13").select_one("details.facet-more").has_attr("open")
    assert not _render(selected="c2").select_one("details.facet-more").has_attr("open")
