"""Keyboard only: searching and sending the profile form with Tab, typing, Space and Enter."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Portal
from tests.browser.helpers import DEMO_EXPERT, save_screenshot, sign_in, translated

pytestmark = pytest.mark.browser

FOCUSED = """() => {
    const element = document.activeElement;
    if (!element || element === document.body) return null;
    const style = getComputedStyle(element);
    return {
        tag: element.tagName.toLowerCase(), id: element.id, name: element.getAttribute('name'),
        href: element.getAttribute('href'), inResult: !!element.closest('.result'),
        outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0,
    };
}"""


def _tab_until(page: Page, wanted, *, limit: int = 150) -> dict:
    """Press Tab until the focused element satisfies `wanted`; every stop must show where focus is."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused is None:
            continue
        assert focused["outline"], f"no visible focus indicator on {focused}"
        if wanted(focused):
            return focused
    raise AssertionError(f"{limit} presses of Tab never reached the element")


@pytest.mark.parametrize("language", ["en", "th"])
def test_search_by_keyboard_alone(page: Page, language: str):
    page.goto(f"/{language}/")
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED)["href"] == "#main", "the first Tab stop skips to the content"

    _tab_until(page, lambda focused: focused["id"] == "site-search-input")
    page.keyboard.type("bike sharing")
    # The box offers matching titles as it is typed in (static/js/suggest.js, started on focus);
    # two searches answer them, which a loaded test machine may take seconds over.
    expect(page.locator("#site-search-suggestions option").first).to_be_attached(timeout=30_000)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/{language}/search/\?q=bike"))
    expect(page.locator("main .result").first).to_be_visible()

    result = _tab_until(page, lambda focused: focused["tag"] == "a" and focused["inResult"])
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/{language}/(case-studies|training|forum-reports|experts)/"))
    assert "/search/" not in page.url and result["href"]
    save_screenshot(page, journey="keyboard-search", language=language)


def test_profile_form_by_keyboard_alone(page: Page, portal: Portal):
    sign_in(page, mailbox=portal.mailbox, language="en", account=DEMO_EXPERT)
    page.goto("/en/accounts/profile/")
    controls = set(
        page.evaluate(
            """() => Array.from(document.querySelectorAll('main form [name]'))
                .filter(e => e.type !== 'hidden' && e.offsetParent !== null)
                .map(e => e.getAttribute('name'))"""
        )
    )
    reached: set[str] = set()

    def edit_on_the_way(focused: dict) -> bool:
        """Act on the fields a person would change while tabbing through the whole form once."""
        name = focused["name"]
        reached.add(name or "")
        if focused["id"] == "id_position_en":
            page.keyboard.press("Control+A")
            page.keyboard.type("Senior air-quality modeller")
        elif name == "availability" and focused["id"].endswith("_0"):
            page.keyboard.press("Space")  # ticks or unticks "mentor"
        elif name == "biography_en":
            page.keyboard.press("Control+End")
            page.keyboard.type(" Keyboard-only participants are welcome in my workshops.")
        return focused["tag"] == "button" and name == "submit"

    _tab_until(page, edit_on_the_way, limit=300)
    missing = controls - reached
    assert not missing, f"Tab never reaches: {sorted(missing)}"

    page.keyboard.press("Enter")
    page.wait_for_url("**/en/accounts/")
    expect(page.locator("main")).to_contain_text(translated("Waiting for review", "en"))
    save_screenshot(page, journey="keyboard-profile-form", language="en")
