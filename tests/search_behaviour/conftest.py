"""Search as readers and API clients see it (the page, the API, picks, relevance), not a mirror of
portal/search (its unit tests are in tests/portal/search/). It runs on the embedded engine, and on
Meilisearch when MEILISEARCH_URL is set in the environment (the `indexed` fixture)."""

import pytest
from django.utils import translation

from knowledge.factories import CaseStudyIndexPageFactory, TrainingMaterialIndexPageFactory
from knowledge.models import Action, City, Pollutant, Sector, Theme


@pytest.fixture(autouse=True)
def search_engine(indexed):
    """A fresh, empty engine for each test; objects saved in the test are indexed by the tasks."""
    return indexed


@pytest.fixture(autouse=True)
def english_by_default():
    with translation.override("en"):
        yield


@pytest.fixture
def terms(db):
    return {
        "theme": {term.slug: term for term in Theme.objects.all()},
        "pollutant": {term.slug: term for term in Pollutant.objects.all()},
        "sector": {term.slug: term for term in Sector.objects.all()},
        "action": {term.slug: term for term in Action.objects.all()},
        "city": {city.slug: city for city in City.objects.all()},
    }


@pytest.fixture
def case_study_index(site, home_page):
    return CaseStudyIndexPageFactory(parent=home_page)


@pytest.fixture
def training_index(site, home_page):
    return TrainingMaterialIndexPageFactory(parent=home_page)
