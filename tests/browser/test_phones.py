"""Phones first (issue 21): on a 390 px screen the directory's and the search page's first result is
on the first screen, the filters wait behind "Filters (n)", the filters in use show as removable
chips above the results, and Back undoes a filter. Wide screens keep the filters as a sidebar.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.browser.conftest import Portal
from tests.browser.helpers import ARTIFACTS_DIR

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
NARROWEST = {"width": 320, "height": 640}
LAPTOP = {"width": 1280, "height": 800}
# The first result of each page kind, as a reader sees it.
PAGES = {
    "directory": ("/{language}/experts/", "main .expert-card"),
    "search": ("/{language}/search/?q=air+quality", "main .result"),
    # With filters in use their chips sit above the results too.
    "directory-filtered": ("/{language}/experts/?country=VN&theme=clean-air-for-all", "main .expert-card"),
    "search-filtered": ("/{language}/search/?q=pm2.5&scope=practices&country=TH", "main .result"),
}


def _context(browser: Browser, portal: Portal, viewport: dict[str, int]) -> BrowserContext:
    context = browser.new_context(base_url=portal.base_url, viewport=viewport)
    context.set_default_timeout(15_000)
    return context


@pytest.fixture
def phone(browser: Browser, portal: Portal) -> Iterator[Page]:
    context = _context(browser, portal, PHONE)
    yield context.new_page()
    context.close()


@pytest.fixture
def laptop(browser: Browser, portal: Portal) -> Iterator[Page]:
    context = _context(browser, portal, LAPTOP)
    yield context.new_page()
    context.close()


def _screenshot(page: Page, name: str) -> None:
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS_DIR / f"{name}.png"))


@pytest.mark.parametrize("language", ["en", "vi", "id", "th"])
@pytest.mark.parametrize("kind", sorted(PAGES))
def test_the_first_result_is_on_a_phones_first_screen(phone: Page, kind: str, language: str):
    path, result = PAGES[kind]
    phone.goto(path.format(language=language))
    first = phone.locator(result).first
    expect(first).to_be_visible()
    box = first.bounding_box()
    assert box is not None
    # Its heading (the first line of the card) can be read without scrolling.
    assert box["y"] + 40 <= PHONE["height"], f"the first result starts at y={box['y']:.0f}"
    # The filters are one tap away, not in the way.
    panel = phone.locator("main details.filter-panel")
    expect(panel.locator("> summary")).to_have_text(re.compile(r"Filters|Bộ lọc|Filter|ตัวกรอง"))
    expect(panel.locator("a").first).to_be_hidden()
    _screenshot(phone, f"phones-{kind}-{language}-390")


@pytest.mark.parametrize("kind", sorted(PAGES))
def test_nothing_scrolls_sideways_at_320_px(browser: Browser, portal: Portal, kind: str):
    context = _context(browser, portal, NARROWEST)
    page = context.new_page()
    page.goto(PAGES[kind][0].format(language="th"))
    page.locator("main details.filter-panel > summary").click()
    expect(page.locator("main details.filter-panel a").first).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert width <= NARROWEST["width"]


@pytest.mark.parametrize("kind", sorted(PAGES))
def test_wide_screens_show_the_filters_beside_the_results(laptop: Page, kind: str):
    path, result = PAGES[kind]
    laptop.goto(path.format(language="en"))
    expect(laptop.locator("main details.filter-panel > summary")).to_be_hidden()
    facet = laptop.locator("main details.filter-panel a").first
    expect(facet).to_be_visible()
    facet_box, result_box = facet.bounding_box(), laptop.locator(result).first.bounding_box()
    assert facet_box is not None and result_box is not None
    assert facet_box["x"] < result_box["x"]  # a sidebar on the left
    _screenshot(laptop, f"phones-{kind}-en-1280")


def test_a_directory_filter_becomes_a_chip_that_removes_it(phone: Page):
    phone.goto("/en/experts/")
    phone.locator("main details.filter-panel > summary").click()
    option = phone.locator('main details.filter-panel a[href*="country="]').first
    label = option.inner_text().split("(")[0].strip()
    option.click()
    phone.wait_for_url(re.compile(r"country="))
    expect(phone.locator("main details.filter-panel > summary")).to_have_text(re.compile(r"Filters \(1"))
    chip = phone.locator("main .filter-chips a.filter-chip", has_text=label)
    expect(chip).to_be_visible()
    chip.click()
    phone.wait_for_url(re.compile(r"/en/experts/\?$"))
    expect(phone.locator("main .filter-chips")).to_have_count(0)


def test_back_undoes_a_filter_on_the_search_page(phone: Page):
    phone.goto("/en/search/?q=air+quality")
    phone.locator("main details.filter-panel > summary").click()
    phone.locator('main details.filter-panel a.facet-option[href*="country="]').first.click()
    phone.wait_for_url(re.compile(r"country="))
    expect(phone.locator("main .filter-chips a.filter-chip:not(.filter-chip--clear)")).to_have_count(1)
    # The panel stays open while the reader picks filters one after the other.
    expect(phone.locator("main details.filter-panel")).to_have_attribute("open", "")

    phone.go_back()
    phone.wait_for_url(re.compile(r"/en/search/\?q=air\+quality$"))
    expect(phone.locator("main .filter-chips")).to_have_count(0)
    expect(phone.locator("#search-page-input")).to_have_value("air quality")
    phone.go_forward()
    phone.wait_for_url(re.compile(r"country="))
    expect(phone.locator("main .filter-chips a.filter-chip:not(.filter-chip--clear)")).to_have_count(1)
