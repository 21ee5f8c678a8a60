"""Issue 20's translator and sign-in journeys, in English and Thai.

A translator works on one language's tab with the English beside each box, sees the out-of-date
mark after the English changes, sends the page's Thai texts out as a PO file and brings them back
as a draft; a staff member enrols an authenticator app and signs in with its code instead of the
e-mailed link (the authenticator is removed again, as other journeys sign in as the same admin);
a member whose own language is Indonesian starts signing in on a Thai page and the e-mail, its
link and the page it lands on are all Thai.
"""

from __future__ import annotations

import re
import time
from base64 import b32decode
from pathlib import Path

import polib
import pytest
from django_otp.oath import TOTP
from playwright.sync_api import Page, expect

from tests.browser.conftest import Portal
from tests.browser.helpers import (
    DEMO_MEMBER,
    LOCAL_ADMIN,
    axe_violations,
    describe,
    save_screenshot,
    sign_in,
    translated,
)
from tests.browser.test_journeys import language_tab

pytestmark = pytest.mark.browser

JOURNEY_LANGUAGES = ["en", "th"]
TRAINING = "training/slcp-integration-curriculum/"
THAI_SUMMARY = "หลักสูตรฝึกอบรมฉบับปรับปรุงสำหรับเมืองที่ต้องการลดมลพิษอายุสั้น ({word})"


def _word() -> str:
    return "rev" + format(int(time.time() * 1000) % 10**8, "x")


def _edit_url(page: Page) -> str:
    # The userbar a signed-in editor sees on the public page links to its editor.
    page.goto(f"/en/{TRAINING}")
    link = page.locator('a[href*="/admin/pages/"][href$="/edit/"]').first
    return re.search(r"/admin/pages/\d+/edit/", link.get_attribute("href")).group(0)


def _publish(page: Page) -> None:
    page.get_by_role("button", name=re.compile("More actions|การดำเนินการเพิ่มเติม")).click()
    page.locator('button[name="action-publish"]').click()
    page.wait_for_load_state()


@pytest.mark.parametrize("language", JOURNEY_LANGUAGES)
def test_a_translator_sees_the_stale_mark_and_exchanges_a_thai_file(
    page: Page, portal: Portal, language: str, tmp_path: Path
):
    word = _word()
    sign_in(page, mailbox=portal.mailbox, language=language, account=LOCAL_ADMIN, next_path="/admin/")
    edit = _edit_url(page)
    page_id = edit.split("/")[3]

    # The English changes and is published: the Thai summary, written against the old English,
    # is now out of date.
    page.goto(edit)
    english = f"A curriculum for cities cutting short-lived climate pollutants, revised ({word})."
    page.locator("[name=summary_en]").fill(english)
    _publish(page)

    page.goto(edit)
    page.get_by_role("tab", name=language_tab("th")).click()
    thai_summary = page.locator("[name=summary_th]")
    expect(thai_summary).to_be_visible()
    # One language at a time: the English boxes are on another tab.
    expect(page.locator("[name=summary_en]")).to_be_hidden()
    summary_panel = page.locator(".w-field__wrapper", has=thai_summary)
    expect(summary_panel.locator(".translation-source__stale")).to_be_visible()
    expect(summary_panel.locator('.translation-source [lang="en"]')).to_have_text(english)

    # The English sources added to the editor add no accessibility problem of their own.
    ours = [
        violation
        for violation in axe_violations(page)
        if any("translation-source" in node["target"] for node in violation["nodes"])
    ]
    assert not ours, describe(ours)

    # The page's Thai texts go to the translator as a PO file…
    page.goto(f"/admin/pages/{page_id}/translation-files/")
    violations = axe_violations(page)
    assert not violations, describe(violations)
    with page.expect_download() as download:
        page.locator('a[href$="/translation-files/th.po"]').click()
    po = polib.pofile(Path(download.value.path()).read_text(encoding="utf-8"))
    entry = next(entry for entry in po if entry.msgctxt == "summary")
    assert entry.msgid == english
    assert "fuzzy" in entry.flags  # marked for review: the English changed
    entry.msgstr = THAI_SUMMARY.format(word=word)
    entry.flags.remove("fuzzy")
    translated = tmp_path / "slcp-th.po"
    po.save(str(translated))

    # …and come back as a draft, with the mark gone.
    page.locator("[name=language]").select_option("th")
    page.locator("[name=file]").set_input_files(str(translated))
    page.locator("form[enctype] button[type=submit]").click()
    page.wait_for_url(f"**{edit}")
    page.get_by_role("tab", name=language_tab("th")).click()
    expect(page.locator("[name=summary_th]")).to_have_value(THAI_SUMMARY.format(word=word))
    expect(
        page.locator(".w-field__wrapper", has=page.locator("[name=summary_th]")).locator(
            ".translation-source__stale"
        )
    ).to_have_count(0)
    save_screenshot(page, journey="translator", language=language)

    _publish(page)
    page.goto(f"/th/{TRAINING}")
    expect(page.locator("main")).to_contain_text(word)


def _totp(secret: str, *, step: int = 0) -> str:
    key = secret.replace(" ", "")
    device = TOTP(b32decode(key + "=" * (-len(key) % 8)))
    device.drift = step
    return f"{device.token():06d}"


@pytest.mark.parametrize("language", JOURNEY_LANGUAGES)
def test_a_staff_member_signs_in_with_an_authenticator_code(page: Page, portal: Portal, language: str):
    address, password = LOCAL_ADMIN
    sign_in(page, mailbox=portal.mailbox, language=language, account=LOCAL_ADMIN)
    page.goto(f"/{language}/accounts/two-factor/")
    qr_code = page.locator('main img[src^="data:image/svg+xml"]')
    expect(qr_code).to_be_visible()
    # Drawn under the portal's strict policy, not just present: data: images are allowed.
    assert qr_code.evaluate("image => image.complete && image.naturalWidth > 0")
    secret = page.locator("#totp-secret").inner_text()
    page.locator("[name=code]").fill(_totp(secret))
    page.locator("main form[method=post] button[type=submit]").click()
    codes = page.locator("#recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    try:
        page.goto(f"/{language}/accounts/")
        page.locator('form[action$="/accounts/sign-out/"] button').first.click()
        before = portal.mailbox.count()
        page.goto(f"/{language}/accounts/sign-in/?next=/admin/")
        page.locator("input[name=email]").fill(address)
        page.locator("input[name=password]").fill(password)
        page.locator("main form[method=post] button[type=submit]").click()
        page.wait_for_url(f"**/{language}/accounts/sign-in/code/")
        expect(page.locator("html")).to_have_attribute("lang", language)
        # The app's next code (the current one was spent on enrolling).
        page.locator("[name=code]").fill(_totp(secret, step=1))
        page.locator("main form[method=post] button[type=submit]").click()
        page.wait_for_url("**/admin/")
        assert portal.mailbox.count() == before, (
            "a sign-in link was e-mailed although the app's code was used"
        )
        save_screenshot(page, journey="totp-sign-in", language=language)
    finally:
        page.goto(f"/{language}/accounts/two-factor/")
        if "/accounts/sign-in/" in page.url:
            page.locator("input[name=email]").fill(address)
            page.locator("input[name=password]").fill(password)
            page.locator("main form[method=post] button[type=submit]").click()
            page.locator("[name=code]").fill(codes[-1])
            page.locator("main form[method=post] button[type=submit]").click()
            page.goto(f"/{language}/accounts/two-factor/")
        page.locator("input[name=action][value=remove] ~ button").click()
        page.wait_for_load_state()


def test_a_sign_in_started_on_a_thai_page_stays_thai_end_to_end(page: Page, portal: Portal):
    address, password = DEMO_MEMBER  # Rina chose Indonesian for her e-mails: the page's Thai wins
    page.set_default_timeout(60_000)  # the directory's first render on a busy shared machine
    page.goto("/th/experts/")
    page.locator('.account-links a[href^="/th/accounts/sign-in/"]').click()
    page.wait_for_url(re.compile(r"/th/accounts/sign-in/\?next=(/|%2F)th(/|%2F)experts(/|%2F)$"))
    expect(page.locator("html")).to_have_attribute("lang", "th")
    before = portal.mailbox.count()
    page.locator("input[name=email]").fill(address)
    page.locator("input[name=password]").fill(password)
    page.locator("main form[method=post] button[type=submit]").click()
    page.wait_for_url("**/th/accounts/sign-in/sent/")
    expect(page.locator("html")).to_have_attribute("lang", "th")

    mail = portal.mailbox.wait_for(to=address, after=before, timeout=60)  # sent by the task worker
    assert mail.subject.strip() == translated("Your sign-in link", "th")
    first_line = "Someone (hopefully you) entered your password on the Clean Air Knowledge Exchange."
    assert translated(first_line, "th") in mail.body
    assert translated(first_line, "th") != first_line
    link = next(link for link in mail.links() if "/accounts/sign-in/link/" in link)
    assert "/th/accounts/sign-in/link/" in link, link

    page.goto(link)
    page.wait_for_url("**/th/accounts/sign-in/link/")
    expect(page.locator("html")).to_have_attribute("lang", "th")
    page.locator("main form[method=post] button[type=submit]").click()
    page.wait_for_url("**/th/experts/")
    expect(page.locator("html")).to_have_attribute("lang", "th")
    # Signed in, on the Thai page the journey started from.
    expect(page.locator(".account-links")).to_contain_text(translated("Your account", "th"))
    save_screenshot(page, journey="thai-sign-in", language="th")
