from collections.abc import Iterator
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from wagtail.models import Page, Site

from knowledge.factories import (
    CaseStudyIndexPageFactory,
    ForumReportIndexPageFactory,
    TrainingMaterialIndexPageFactory,
)
from knowledge.models import Action, City, Pollutant, Sector, Theme
from portal.models import HomePage


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: the local-memory cache outlives a test, its database
    rows do not (and rows written in bulk send no signal), so navigation, filter labels or picks
    cached in one test (portal/content_cache.py) would otherwise show in the next."""
    cache.clear()


def _title_home_page() -> HomePage:
    home = HomePage.objects.get()
    home.title_en = "Clean Air Knowledge Exchange"
    home.title_vi = "Trao đổi tri thức vì không khí sạch"
    home.title_ind = "Pertukaran Pengetahuan Udara Bersih"
    home.title_th = "เครือข่ายแลกเปลี่ยนความรู้เพื่ออากาศสะอาด"
    home.save()
    return home


@pytest.fixture
def home_page(db) -> HomePage:
    """The site root created by portal's data migration, with its title in every language."""
    return _title_home_page()


@pytest.fixture
def site(home_page) -> Site:
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def root_page(db) -> Page:
    return Page.get_first_root_node()


# The section index pages and the seeded vocabulary, shared by the knowledge tests and the search
# behaviour tests (both build pages under them).
@pytest.fixture
def case_study_index(site, home_page):
    return CaseStudyIndexPageFactory(parent=home_page)


@pytest.fixture
def training_index(site, home_page):
    return TrainingMaterialIndexPageFactory(parent=home_page)


@pytest.fixture
def forum_index(site, home_page):
    return ForumReportIndexPageFactory(parent=home_page)


@pytest.fixture
def terms(db):
    """The seeded vocabulary, by slug."""
    return {
        "theme": {term.slug: term for term in Theme.objects.all()},
        "pollutant": {term.slug: term for term in Pollutant.objects.all()},
        "sector": {term.slug: term for term in Sector.objects.all()},
        "action": {term.slug: term for term in Action.objects.all()},
        "city": {city.slug: city for city in City.objects.all()},
    }


@pytest.fixture
def fresh_search_index(settings, tmp_path):
    """An empty embedded index for this test (Meilisearch when MEILISEARCH_URL is set)."""
    import os
    import uuid

    from portal.search.documents import document_types
    from portal.search.engines.base import get_engine

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


@pytest.fixture
def commit_immediately(monkeypatch):
    """Run on-commit callbacks at once, as under autocommit in production.

    Each test runs inside a transaction that is rolled back, so callbacks queued with
    transaction.on_commit (the index updates) would otherwise never run.
    """
    from django.db import transaction

    def on_commit(func, using=None, robust=False):
        func()

    monkeypatch.setattr(transaction, "on_commit", on_commit)


@pytest.fixture
def indexed(fresh_search_index, commit_immediately):
    """Objects saved in the test are in a fresh search index (the directory reads from it)."""
    return fresh_search_index


@pytest.fixture(scope="module")
def demo_loaded_once(django_db_setup, django_db_blocker) -> Iterator[None]:
    """The demo (`manage.py load_demo`) loaded once for a whole test module, for modules that only
    read it: loading it is the slow part, and a dozen tests each loading it cost minutes.

    It is loaded inside a transaction held open for the module; each test runs in a savepoint
    inside it (pytest-django's `db`), so whatever a test changes, loading the demo again
    included, is rolled back before the next test, and the demo itself is rolled back after the
    module. Request it through a function-scoped fixture that also takes `site` (or `db`).
    """
    with django_db_blocker.unblock():
        module_transaction = transaction.atomic()
        module_transaction.__enter__()
        try:
            _title_home_page()
            call_command("load_demo", stdout=StringIO())
        except BaseException:
            transaction.set_rollback(True)
            module_transaction.__exit__(None, None, None)
            raise
    yield
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        module_transaction.__exit__(None, None, None)
