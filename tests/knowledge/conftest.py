import pytest
from django.utils import translation

from knowledge.factories import (
    CaseStudyIndexPageFactory,
    ForumReportIndexPageFactory,
    TrainingMaterialIndexPageFactory,
)
from knowledge.models import Action, City, Pollutant, Sector, Theme


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


@pytest.fixture(autouse=True)
def english_by_default():
    """Requests activate the reader's language; start every test from English again."""
    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture
def event_index(site, home_page):
    from knowledge.factories import EventIndexPageFactory

    return EventIndexPageFactory(parent=home_page)
