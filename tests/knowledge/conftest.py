import pytest
from django.utils import translation


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
