"""Issue 20: a staff member adds a passkey and signs in with it instead of the e-mailed link.

Chromium's virtual authenticator (DevTools' WebAuthn domain) plays the laptop's built-in passkey
store: a real key pair and real signatures, checked by the portal as any passkey's would be. The
portal is opened as http://localhost: browsers refuse passkeys on an IP address. The passkey is
removed again at the end, as other journeys sign in as the same admin.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.browser.conftest import Portal
from tests.browser.helpers import LOCAL_ADMIN, axe_violations, describe, save_screenshot

pytestmark = pytest.mark.browser

JOURNEY_LANGUAGES = ["en", "th"]


@pytest.fixture
def localhost(browser: Browser, portal: Portal) -> Iterator[BrowserContext]:
    port = urlsplit(portal.base_url).port
    context = browser.new_context(base_url=f"http://localhost:{port}")
    context.set_default_timeout(15_000)
    yield context
    context.close()


def _with_virtual_authenticator(page: Page) -> None:
    session = page.context.new_cdp_session(page)
    session.send("WebAuthn.enable")
    session.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )


def _assert_accessible(browser: Browser, page: Page) -> None:
    """axe-core on the page as this visitor sees it. The journey keeps the portal's CSP enforced
    (the passkey script must live with it), so axe runs in a second context that shares the
    session's cookies and lets a test script in."""
    port = urlsplit(page.url).port
    checker = browser.new_context(
        base_url=f"http://localhost:{port}", bypass_csp=True, storage_state=page.context.storage_state()
    )
    try:
        copy = checker.new_page()
        copy.goto(urlsplit(page.url).path)
        violations = axe_violations(copy)
        assert not violations, describe(violations)
    finally:
        checker.close()


def _enter_password(page: Page, language: str, next_path: str = "") -> None:
    address, password = LOCAL_ADMIN
    page.goto(f"/{language}/accounts/sign-in/" + (f"?next={next_path}" if next_path else ""))
    page.locator("input[name=email]").fill(address)
    page.locator("input[name=password]").fill(password)
    page.locator("main form[method=post] button[type=submit]").click()


def _sign_in_with_link(page: Page, portal: Portal, language: str) -> None:
    before = portal.mailbox.count()
    _enter_password(page, language)
    page.wait_for_url(f"**/{language}/accounts/sign-in/sent/")
    link = portal.mailbox.wait_for_link(to=LOCAL_ADMIN[0], after=before, containing="/accounts/sign-in/link/")
    # The e-mail names the portal's 127.0.0.1 address; the session lives on localhost.
    page.goto(urlsplit(link).path)
    page.locator("main form[method=post] button[type=submit]").click()
    page.wait_for_load_state()


def _remove_passkeys(page: Page, language: str) -> None:
    page.goto(f"/{language}/accounts/two-factor/")
    if "/accounts/sign-in/" in page.url:
        _enter_password(page, language)
        page.wait_for_url("**/accounts/sign-in/code/")
        page.locator("[data-passkey-sign-in] button").click()
        page.wait_for_url("**/admin/")
        page.goto(f"/{language}/accounts/two-factor/")
    remove = page.locator("form.passkey-list__remove button")
    while remove.count():
        remove.first.click()
        page.wait_for_load_state()


@pytest.mark.parametrize("language", JOURNEY_LANGUAGES)
def test_a_staff_member_adds_a_passkey_and_signs_in_with_it(
    browser: Browser, localhost: BrowserContext, portal: Portal, language: str
):
    page = localhost.new_page()
    _with_virtual_authenticator(page)
    _sign_in_with_link(page, portal, language)
    try:
        page.goto(f"/{language}/accounts/two-factor/")
        expect(page.locator("html")).to_have_attribute("lang", language)
        # The script shows the form (it stays hidden without JavaScript).
        expect(page.locator("[data-passkey-register]")).to_be_visible()
        page.locator("#passkey-name").fill("Journey laptop")
        page.locator("[data-passkey-register] button[type=submit]").click()
        # The first passkey brings the recovery codes, shown once.
        expect(page.locator("#recovery-codes code")).to_have_count(10)
        page.goto(f"/{language}/accounts/two-factor/")
        expect(page.locator(".passkey-list")).to_contain_text("Journey laptop")
        save_screenshot(page, journey="passkey-added", language=language)
        _assert_accessible(browser, page)

        page.goto(f"/{language}/accounts/")
        page.locator('form[action$="/accounts/sign-out/"] button').first.click()
        page.wait_for_load_state()
        before = portal.mailbox.count()
        _enter_password(page, language, next_path="/admin/")
        page.wait_for_url(f"**/{language}/accounts/sign-in/code/")
        expect(page.locator("html")).to_have_attribute("lang", language)
        use = page.locator("[data-passkey-sign-in] button")
        expect(use).to_be_visible()
        save_screenshot(page, journey="passkey-sign-in", language=language)
        _assert_accessible(browser, page)
        use.click()
        page.wait_for_url("**/admin/")
        assert portal.mailbox.count() == before, "a sign-in link was e-mailed although the passkey was used"
        page.goto(f"/{language}/accounts/two-factor/")
        expect(page.locator(".passkey-list")).not_to_contain_text(
            "not used yet" if language == "en" else "ยังไม่เคยใช้"
        )
    finally:
        _remove_passkeys(page, language)
        expect(page.locator(".passkey-list")).to_have_count(0)
