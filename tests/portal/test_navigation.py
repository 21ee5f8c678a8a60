"""The main navigation, rendered on every page of the site."""

import pytest

from knowledge.factories import (
    CaseStudyIndexPageFactory,
    ForumReportIndexPageFactory,
    TrainingMaterialIndexPageFactory,
)
from portal.content_cache import bump_content_version
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
    bump_content_version()  # measure the menu being built, not read from the cache

    # One query for the menu pages, one for the events section (three types, no query per type).
    with django_assert_max_num_queries(2):
        items = main_navigation(request)

    labels = {item.label: item for item in items}
    assert {"Case studies", "Training materials", "Forum reports"} <= set(labels)
    assert labels["Training materials"].is_active and not labels["Case studies"].is_active


def test_the_menu_is_read_from_the_cache_until_a_page_is_published_or_unpublished(
    rf, site, home_page, django_assert_num_queries
):
    case_studies = CaseStudyIndexPageFactory(parent=home_page)
    request = rf.get("/en/")
    main_navigation(request)

    with django_assert_num_queries(0):
        assert "Case studies" in [item.label for item in main_navigation(request)]

    training = TrainingMaterialIndexPageFactory(parent=home_page)
    assert "Training materials" in [item.label for item in main_navigation(request)]

    case_studies.unpublish()
    assert "Case studies" not in [item.label for item in main_navigation(request)]

    training.title_en = "Courses"
    training.save_revision().publish()
    labels = [item.label for item in main_navigation(request)]
    assert "Courses" in labels and "Training materials" not in labels


def test_the_cached_menu_is_per_language(rf, site, home_page):
    from django.utils import translation

    index = CaseStudyIndexPageFactory(parent=home_page)
    index.title_vi = "Nghiên cứu điển hình"
    index.save_revision().publish()
    with translation.override("en"):
        english = [(item.url, item.label) for item in main_navigation(rf.get("/en/"))]
    with translation.override("vi"):
        vietnamese = [(item.url, item.label) for item in main_navigation(rf.get("/vi/"))]
    assert ("/en/case-studies/", "Case studies") in english
    assert ("/vi/case-studies/", "Nghiên cứu điển hình") in vietnamese
