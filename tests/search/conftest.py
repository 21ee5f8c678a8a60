"""The search behaviour suite runs on the embedded engine, and on Meilisearch when
MEILISEARCH_URL is set in the environment (see `make test-meilisearch`)."""

import os
import uuid

import pytest
from django.db import transaction
from django.utils import translation

from knowledge.factories import CaseStudyIndexPageFactory, TrainingMaterialIndexPageFactory
from knowledge.models import Action, City, Pollutant, Sector, Theme
from portal.search.documents import document_types
from portal.search.engines.base import get_engine


@pytest.fixture(autouse=True)
def search_engine(settings, tmp_path):
    """A fresh, empty engine for each test; objects saved in the test are indexed by the tasks."""
    settings.SEARCH_INDEX_DIR = tmp_path / "search-index"
    url = os.environ.get("MEILISEARCH_URL", "")
    if url:
        settings.MEILISEARCH_URL = url
        settings.MEILISEARCH_API_KEY = os.environ.get("MEILISEARCH_API_KEY", "")
        settings.MEILISEARCH_INDEX_PREFIX = f"test_{uuid.uuid4().hex[:8]}"
    engine = get_engine()
    for document_type in document_types():
        engine.configure(document_type)
    return engine


@pytest.fixture(autouse=True)
def commit_immediately(monkeypatch):
    """Run on-commit callbacks at once, as under autocommit in production.

    Each test runs inside a transaction that is rolled back, so callbacks queued with
    transaction.on_commit (the index updates) would otherwise never run.
    """

    def on_commit(func, using=None, robust=False):
        func()

    monkeypatch.setattr(transaction, "on_commit", on_commit)


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
