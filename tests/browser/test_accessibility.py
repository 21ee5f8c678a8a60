"""WCAG 2.1 A/AA (axe-core) and reflow at 320 CSS pixels on every kind of page, in all four languages."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.browser.conftest import Portal
from tests.browser.helpers import (
    DEMO_EXPERT,
    DEMO_MEMBER,
    LANGUAGES,
    axe_violations,
    describe,
    horizontal_overflow,
    sign_in,
)

pytestmark = pytest.mark.browser

# One page of each kind a reader meets, by its address after the language prefix.
PUBLIC_PAGES = {
    "home": "",
    "case-study-index": "case-studies/",
    "case-study": "case-studies/haiphong-emissions-inventory-industrial-zones-and-ports/",
    "training-index": "training/",
    "training-material": "training/emissions-inventory-course/",
    "forum-report-index": "forum-reports/",
    "forum-report": "forum-reports/beijing-forum-clean-air-2019/",
    "event-index": "events/",
    "event": "events/regional-workshop-city-clean-air-plans/",
    "city-list": "cities/",
    "city": "cities/haiphong/",
    "twinning": "twinning/",
    "twinning-partnership": "twinning/kitakyushu-haiphong/",
    "twinning-match": "twinning/match/?city=phnom-penh&action=emissions-inventory",
    "directory": "experts/",
    "directory-filtered": "experts/?country=VN&language=en",
    "profile": "experts/nguyen-minh-duc/",
    "search-results": "search/?q=inventory",
    "search-no-results": "search/?q=zzqxvvbn",
    "sign-in": "accounts/sign-in/",
    "join": "accounts/join/",
}
# Pages only a signed-in expert sees.
EXPERT_PAGES = {"account": "accounts/", "profile-form": "accounts/profile/"}

CASES = [(language, name) for language in LANGUAGES for name in PUBLIC_PAGES]
EXPERT_CASES = [(language, name) for language in LANGUAGES for name in EXPERT_PAGES]


def _open_context(browser: Browser, portal: Portal, **options) -> BrowserContext:
    # bypass_csp lets the test inject axe-core; the portal's own policy stays as strict as it is.
    context = browser.new_context(base_url=portal.base_url, bypass_csp=True, **options)
    context.set_default_timeout(20_000)
    return context


@pytest.fixture(scope="module")
def visitor_page(browser: Browser, portal: Portal) -> Iterator[Page]:
    context = _open_context(browser, portal)
    yield context.new_page()
    context.close()


@pytest.fixture(scope="module")
def expert_page(browser: Browser, portal: Portal) -> Iterator[Page]:
    context = _open_context(browser, portal)
    page = context.new_page()
    sign_in(page, mailbox=portal.mailbox, language="en", account=DEMO_EXPERT)
    yield page
    context.close()


@pytest.fixture(scope="module")
def narrow_page(browser: Browser, portal: Portal) -> Iterator[Page]:
    # 1280 CSS pixels at 400% zoom leave 320: the width WCAG 1.4.10 (reflow) asks pages to fit.
    context = _open_context(browser, portal, viewport={"width": 320, "height": 640})
    yield context.new_page()
    context.close()


@pytest.fixture(scope="module")
def narrow_expert_page(browser: Browser, portal: Portal) -> Iterator[Page]:
    context = _open_context(browser, portal, viewport={"width": 320, "height": 640})
    page = context.new_page()
    sign_in(page, mailbox=portal.mailbox, language="en", account=DEMO_EXPERT)
    yield page
    context.close()


def _visit(page: Page, language: str, path: str) -> None:
    response = page.goto(f"/{language}/{path}")
    assert response is not None
    assert response.status == 200, f"/{language}/{path} answered {response.status}"
    assert page.locator("html").get_attribute("lang") == language


@pytest.mark.parametrize(("language", "name"), CASES, ids=[f"{lang}-{name}" for lang, name in CASES])
def test_public_page_has_no_wcag_violations(visitor_page: Page, language: str, name: str):
    _visit(visitor_page, language, PUBLIC_PAGES[name])

    violations = axe_violations(visitor_page)

    assert not violations, f"/{language}/{PUBLIC_PAGES[name]}:\n{describe(violations)}"


@pytest.mark.parametrize(
    ("language", "name"), EXPERT_CASES, ids=[f"{lang}-{name}" for lang, name in EXPERT_CASES]
)
def test_expert_page_has_no_wcag_violations(expert_page: Page, language: str, name: str):
    _visit(expert_page, language, EXPERT_PAGES[name])

    violations = axe_violations(expert_page)

    assert not violations, f"/{language}/{EXPERT_PAGES[name]}:\n{describe(violations)}"


@pytest.mark.parametrize(("language", "name"), CASES, ids=[f"{lang}-{name}" for lang, name in CASES])
def test_public_page_reflows_at_320_css_pixels(narrow_page: Page, language: str, name: str):
    _visit(narrow_page, language, PUBLIC_PAGES[name])

    overflow = horizontal_overflow(narrow_page)

    assert not overflow, f"/{language}/{PUBLIC_PAGES[name]} scrolls sideways at 320px; too wide: {overflow}"


@pytest.mark.parametrize(
    ("language", "name"), EXPERT_CASES, ids=[f"{lang}-{name}" for lang, name in EXPERT_CASES]
)
def test_expert_page_reflows_at_320_css_pixels(narrow_expert_page: Page, language: str, name: str):
    _visit(narrow_expert_page, language, EXPERT_PAGES[name])

    overflow = horizontal_overflow(narrow_expert_page)

    assert not overflow, f"/{language}/{EXPERT_PAGES[name]} scrolls sideways at 320px; too wide: {overflow}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_sign_in_step_has_no_wcag_violations(browser: Browser, portal: Portal, language: str):
    context = _open_context(browser, portal)
    page = context.new_page()
    address, password = DEMO_MEMBER
    steps = {}

    _visit(page, language, "accounts/sign-in/")
    page.locator("main form[method=post] button[type=submit]").click()  # nothing typed: errors
    expect(page.locator(".error-summary")).to_be_visible()
    steps["form errors"] = axe_violations(page)
    page.locator("input[name=email]").fill(address)
    page.locator("input[name=password]").fill(password)
    before = portal.mailbox.count()
    page.locator("main form[method=post] button[type=submit]").click()
    page.wait_for_url(f"**/{language}/accounts/sign-in/sent/")
    steps["link sent"] = axe_violations(page)
    page.goto(portal.mailbox.wait_for_link(to=address, after=before, containing="/accounts/sign-in/link/"))
    page.wait_for_url("**/accounts/sign-in/link/")
    steps["confirm"] = axe_violations(page)
    context.close()

    found = {step: describe(violations) for step, violations in steps.items() if violations}
    assert not found, "\n".join(f"{step}:\n{text}" for step, text in found.items())


def test_the_checker_reports_what_it_should(visitor_page: Page):
    # Guards the checks above against passing vacuously (axe not injected, wrong tags, no page).
    _visit(visitor_page, "en", PUBLIC_PAGES["home"])
    visitor_page.evaluate(
        """() => {
            const image = document.createElement('img');
            image.src = '/static/missing.png';
            document.querySelector('main').append(image);
            document.body.style.width = '2000px';
        }"""
    )

    assert "image-alt" in {violation["id"] for violation in axe_violations(visitor_page)}
    assert horizontal_overflow(visitor_page)
