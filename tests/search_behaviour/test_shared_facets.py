"""The search page with both groups shows only the filters that mean the same for practices and
experts: "Available in" (languages a page is written in) never counts the languages experts speak."""

import re

import pytest
from django.test import Client

from experts.factories import ExpertFactory
from knowledge.factories import CaseStudyPageFactory

pytestmark = pytest.mark.django_db


def facets(html: str) -> dict[str, str]:
    """Facet heading → its options as text ("English (1) …")."""
    found = re.findall(r"<h3>(.*?)</h3>(.*?)</section>", html, re.S)
    return {name: " ".join(re.sub(r"<[^>]+>", " ", body).split()) for name, body in found}


def test_available_in_counts_pages_and_never_the_languages_experts_speak(
    client: Client, case_study_index, terms
):
    hanoi = terms["city"]["hanoi"]
    CaseStudyPageFactory(parent=case_study_index, slug="air", title="Air inventory", city=hanoi)
    ExpertFactory(name="Air Speaker", city=hanoi, languages=["vi", "th"])

    both = facets(client.get("/en/search/", {"q": "air"}).content.decode())
    practices = facets(client.get("/en/search/", {"q": "air", "scope": "practices"}).content.decode())
    experts = facets(client.get("/en/search/", {"q": "air", "scope": "experts"}).content.decode())

    assert both["City"] == "Hanoi (2)"  # the same filter for both: counts added up
    assert "Available in" not in both and "Speaks" not in both
    assert practices["Available in"] == "English (1)"
    assert experts["Speaks"] == "Thai (1) Vietnamese (1)"
