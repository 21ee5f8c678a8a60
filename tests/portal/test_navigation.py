"""The main navigation, rendered on every page of the site."""

import pytest

from knowledge.factories import (
    CaseStudyIndexPageFactory,
    ForumReportIndexPageFactory,
    TrainingMaterialIndexPageFactory,
)
from portal.navigation import main_navigation

pytestmark = pytest.mark.django_db


def test_menu_pages_are_read_in_one_query_whatever_their_types(
    rf, site, home_page, django_assert_max_num_queries
):
    CaseStudyIndexPageFactory(parent=home_page)
    TrainingMaterialIndexPageFactory(parent=home_page)
    ForumReportIndexPageFactory(parent=home_page)
    request = rf.get("/en/training/")
    main_navigation(request)  # finds the request's site once

    # One query for the menu pages, one for the events section (three types, no query per type).
    with django_assert_max_num_queries(2):
        items = main_navigation(request)

    labels = {item.label: item for item in items}
    assert {"Case studies", "Training materials", "Forum reports"} <= set(labels)
    assert labels["Training materials"].is_active and not labels["Case studies"].is_active
