"""Search as readers and API clients see it (the page, the API, picks, relevance), not a mirror of
portal/search (its unit tests are in tests/portal/search/). It runs on the embedded engine, and on
Meilisearch when MEILISEARCH_URL is set in the environment (the `indexed` fixture)."""

import pytest
from django.utils import translation

from experts.factories import ExpertFactory
from experts.models import Availability
from knowledge.factories import CaseStudyPageFactory


@pytest.fixture(autouse=True)
def search_engine(indexed):
    """A fresh, empty engine for each test; objects saved in the test are indexed by the tasks."""
    return indexed


@pytest.fixture(autouse=True)
def english_by_default():
    with translation.override("en"):
        yield


@pytest.fixture
def api_content(case_study_index, terms) -> None:
    """One case study and one expert that every filter of the JSON API's description can reach
    (a country, a year, an action, a partner city, a language, an availability): the description
    tests and schemathesis both need answers that are not empty."""
    city, action = terms["city"], terms["action"]
    CaseStudyPageFactory(
        parent=case_study_index,
        slug="haiphong-inventory",
        title="Haiphong emissions inventory",
        city=city["haiphong"],
        year=2016,
        terms={"actions": [action["emissions-inventory"]], "partner_cities": [city["kitakyushu"]]},
    )
    ExpertFactory(
        name="Trần Thị Lan",
        city=city["hanoi"],
        languages=["vi", "en"],
        availability=[Availability.MENTOR],
        actions=[action["emissions-inventory"]],
    )
