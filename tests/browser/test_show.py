"""Issue 22 as a reader sees it, in English and Thai, each page ending with a screenshot: the map of
member cities (markers reached with the keyboard), a case study's chart with its table and its
picture in a modern format, and the PDFs of a forum report and a training material."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import save_screenshot

pytestmark = pytest.mark.browser

SHOWN_LANGUAGES = ("en", "th")


@pytest.mark.parametrize("language", SHOWN_LANGUAGES)
def test_the_home_map_markers_are_reached_with_the_keyboard(page: Page, language: str):
    page.goto(f"/{language}/")
    markers = page.locator("#home-map a.map-marker")
    expect(markers.first).to_be_attached()
    assert markers.count() >= 10
    labels = [label for label in markers.evaluate_all("(ms) => ms.map(m => m.getAttribute('aria-label'))")]
    assert all(labels)

    # Tab from the top of the page until the focus lands on the map: every marker is a stop.
    reached = []
    for _ in range(400):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => document.activeElement.closest('#home-map a.map-marker')?.getAttribute('aria-label') || ''"
        )
        if focused:
            reached.append(focused)
        elif reached:
            break
    assert reached == labels
    page.keyboard.press("Shift+Tab")  # back onto the last marker, to show its focus ring
    page.locator("#home-map").scroll_into_view_if_needed()
    save_screenshot(page, journey="show-home-map", language=language)


@pytest.mark.parametrize("language", SHOWN_LANGUAGES)
def test_a_case_study_shows_its_chart_with_its_table_and_a_picture_in_a_modern_format(
    page: Page, language: str
):
    page.goto(f"/{language}/case-studies/beijing-air-quality-management/")
    chart = page.locator(".indicator-chart").first
    expect(chart.locator("svg[role=img]")).to_be_visible()
    rows = chart.locator("table.indicator-chart__table tbody tr")
    assert rows.count() == 4  # the 2013 baseline and three results
    expect(chart.locator("table caption")).not_to_be_empty()

    picture = page.locator("figure.lead-image picture img")
    expect(picture).to_be_visible()
    assert picture.get_attribute("alt")
    # The browser chose a modern source over the PNG fallback, and the image is loaded.
    current = picture.evaluate("(img) => img.complete && img.naturalWidth > 0 ? img.currentSrc : ''")
    assert current.endswith((".avif", ".webp")), current
    save_screenshot(page, journey="show-case-study", language=language)


@pytest.mark.parametrize(
    "path,section",
    [
        ("forum-reports/escap-regional-workshop-city-action-plans-2022/", "reports"),
        ("training/iclei-shrdc-air-quality-training/", "downloads"),
    ],
)
@pytest.mark.parametrize("language", SHOWN_LANGUAGES)
def test_forum_reports_and_training_materials_offer_their_pdf_in_the_reader_language(
    page: Page, language: str, path: str, section: str
):
    page.goto(f"/{language}/{path}")
    listing = page.locator(f"section[aria-labelledby='{section}-heading']")
    links = listing.locator("a.block-document")
    assert links.count() == 4  # one file per language
    first = links.first
    # The reader's own language first, with its size beside it.
    assert ("ภาษาไทย" if language == "th" else "English") in first.inner_text()
    expect(listing.locator(".meta").first).to_contain_text("PDF, ")
    expect(page.locator("figure.lead-image img")).to_be_visible()

    response = page.request.get(first.get_attribute("href"))
    assert response.ok and response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF-")
    listing.scroll_into_view_if_needed()
    save_screenshot(page, journey=f"show-{section}", language=language)
