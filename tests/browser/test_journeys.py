"""The six journeys of issue 11, each in English and Thai, each ending with a screenshot.

They share one served portal, so each run leaves the portal as the next one needs it (a journey
in Thai follows the same journey in English) and looks things up by what a person sees.
"""

from __future__ import annotations

import io
import re
import time
from collections.abc import Callable

import pytest
from PIL import Image
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import Portal
from tests.browser.helpers import (
    DEMO_EXPERT,
    DEMO_MEMBER,
    LOCAL_ADMIN,
    save_screenshot,
    sign_in,
    translated,
)

pytestmark = pytest.mark.browser

JOURNEY_LANGUAGES = ["en", "th"]
# Where the language switcher takes each journey's reader.
OTHER_LANGUAGE = {"en": "th", "th": "vi"}


def language_tab(code: str) -> re.Pattern[str]:
    """The page editor's tab for language ``code``, however the admin is set to speak."""
    from django.conf import settings
    from django.utils import translation

    names = set()
    for admin_language, _name in settings.LANGUAGES:
        with translation.override(admin_language):
            names.add(str(dict(settings.LANGUAGES)[code]))
    return re.compile("|".join(re.escape(name) for name in sorted(names)))


HAIPHONG = "case-studies/haiphong-emissions-inventory-industrial-zones-and-ports/"
EVENT = "events/regional-workshop-city-clean-air-plans/"


def _eventually(check: Callable[[], bool], *, timeout: float = 30, interval: float = 1) -> bool:
    """True once `check` is; the task worker applies index updates a moment after a save."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(interval)
    return check()


def _png(colour: tuple[int, int, int]) -> dict:
    buffer = io.BytesIO()
    Image.new("RGB", (320, 320), colour).save(buffer, format="PNG")
    return {"name": "portrait.png", "mimeType": "image/png", "buffer": buffer.getvalue()}


@pytest.mark.parametrize("language", JOURNEY_LANGUAGES)
def test_a_visitor_finds_a_practice_despite_a_typo_and_downloads_its_report(page: Page, language: str):
    page.goto(f"/{language}/")
    search_box = page.locator("#site-search-input")
    search_box.fill("emissions inventry")  # "inventory" with a letter missing
    search_box.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q="))
    expect(page.locator("main")).to_contain_text(re.compile("Haiphong|ไฮฟอง"))

    page.locator('main a.facet-option[href*="country=VN"]').first.click()
    page.wait_for_url(re.compile(r"country=VN"))
    results = page.locator("main .result h3 a")
    expect(results.first).to_be_visible()
    assert not page.locator("main .result", has_text=re.compile("Bangkok|กรุงเทพ")).count()

    page.locator(f'main .result h3 a[href*="{HAIPHONG.split("/")[1]}"]').click()
    page.wait_for_url(f"**/{language}/{HAIPHONG}")
    title = page.locator("h1").inner_text()

    other = OTHER_LANGUAGE[language]
    page.locator(f'nav.language-switcher a[hreflang="{other}"]').click()
    page.wait_for_url(f"**/{other}/{HAIPHONG}")
    assert page.locator("html").get_attribute("lang") == other
    assert page.locator("h1").inner_text() != title  # the same case study, now in the other language

    save_screenshot(page, journey="practice-search", language=language)
    # Wagtail serves PDFs inline: the browser fetches the report and opens it in its viewer.
    link = page.locator('main a[href^="/documents/"]').first
    href = link.get_attribute("href")
    with page.expect_response(re.compile(r"/documents/\d+/.+\.pdf$")) as report_info:
        link.click()
    assert report_info.value.status == 200
    assert report_info.value.headers["content-type"] == "application/pdf"
    # The viewer stands in for the file in that response; fetch the bytes with the same cookies.
    assert page.request.get(href).body().startswith(b"%PDF-")


@pytest.mark.parametrize("language", JOURNEY_LANGUAGES)
def test_a_visitor_filters_experts_and_a_member_contacts_one(page: Page, portal: Portal, language: str):
    page.goto(f"/{language}/search/?q=air+quality+monitoring&scope=experts")
    page.locator('main a.facet-option[href*="language=vi"]').first.click()
    page.wait_for_url(re.compile(r"language=vi"))
    page.locator('main a.facet-option[href*="country=VN"]').first.click()
    page.wait_for_url(re.compile(r"country=VN"))
    page.locator('main .result h3 a[href*="experts%2Fpham-van-quang"]').click()
    page.wait_for_url(f"**/{language}/experts/pham-van-quang/")

    # A visitor sees the public card only: no address, no contact form.
    body = page.locator("body").inner_html()
    assert "quang.pham@example.org" not in body and "mailto:" not in body
    expect(page.locator("#contact")).to_have_count(0)

    sign_in(
        page,
        mailbox=portal.mailbox,
        language=language,
        account=DEMO_MEMBER,
        next_path=f"/{language}/experts/pham-van-quang/",
    )
    page.wait_for_url(f"**/{language}/experts/pham-van-quang/")
    before = portal.mailbox.count()
    form = page.locator("#contact form")
    form.locator("input[name=subject]").fill(f"Monitoring network advice ({language})")
    form.locator("textarea[name=body]").fill("Could you advise our city on where to place low-cost sensors?")
    form.locator("button[type=submit]").click()

    expect(page.locator(".messages")).to_contain_text(re.compile("Phạm Văn Quang|Pham Van Quang"))
    relayed = portal.mailbox.wait_for(to="quang.pham@example.org", after=before)
    assert "low-cost sensors" in relayed.body
    assert "quang.pham@example.org" not in page.locator("body").inner_html()
    save_screenshot(page, journey="expert-contact", language=language)


def _new_word(stem: str) -> str:
    """A word nobody has written yet (also on a reused portal), so finding it proves the index has the change."""
    number, letters = int(time.time() * 1000), ""
    for _ in range(5):
        number, digit = divmod(number, 26)
        letters += "abcdefghijklmnopqrstuvwxyz"[digit]
    return stem + letters


NEW_BIOGRAPHY_STEM = {"en": "kriging", "th": "variogram"}


@pytest.mark.parametrize("language", JOURNEY_LANGUAGES)
def test_an_expert_edits_the_profile_and_an_editor_approves_it(
    browser: Browser, page: Page, portal: Portal, language: str
):
    word = _new_word(NEW_BIOGRAPHY_STEM[language])
    biography_field = {"en": "biography_en", "th": "biography_th"}[language]
    sign_in(page, mailbox=portal.mailbox, language=language, account=DEMO_EXPERT)
    page.goto(f"/{language}/accounts/profile/")
    biography = {
        "en": f"Air-quality modeller who maps pollution between monitors with **{word}**.",
        "th": f"นักสร้างแบบจำลองคุณภาพอากาศ ประมาณค่ามลพิษระหว่างสถานีตรวจวัดด้วย **{word}**",
    }[language]
    page.locator(f"textarea[name={biography_field}]").fill(biography)
    page.locator("input[name=photo]").set_input_files(_png((11, 94, 85)))
    page.locator('button[name="submit"]').click()
    page.wait_for_url(f"**/{language}/accounts/")
    expect(page.locator("main")).to_contain_text(translated("Waiting for review", language))

    # The editor compares the draft with the live profile in Wagtail's comparison and asks for a
    # change; the expert reads the comment, edits and sends again; the editor approves.
    editor_context = browser.new_context(base_url=portal.base_url)
    editor = editor_context.new_page()
    sign_in(editor, mailbox=portal.mailbox, language=language, account=LOCAL_ADMIN, next_path="/admin/")
    editor.goto("/admin/expert-moderation/")
    row = editor.locator("tr", has_text="Lê Minh Châu")
    row.locator("a").first.click()
    expect(editor.locator("main")).to_contain_text(word)
    expect(editor.locator("main")).not_to_contain_text(biography_field)
    editor.go_back()
    comment = {"en": "Please name the city you mapped.", "th": "โปรดระบุเมืองที่ทำแผนที่"}[language]
    row.locator("textarea[name=comment]").fill(comment)
    row.locator("button[formaction*='/reject/']").click()  # "Request changes"
    editor.wait_for_url("**/admin/expert-moderation/")

    page.goto(f"/{language}/accounts/profile/")
    expect(page.locator("main")).to_contain_text(comment)
    page.locator(f"textarea[name={biography_field}]").fill(biography + " Hanoi.")
    page.locator('button[name="submit"]').click()
    page.wait_for_url(f"**/{language}/accounts/")
    expect(page.locator("main")).to_contain_text(translated("Waiting for review", language))

    editor.goto("/admin/expert-moderation/")
    editor.locator("tr", has_text="Lê Minh Châu").locator("button[formaction*='/approve/']").click()
    editor.wait_for_url("**/admin/expert-moderation/")
    editor_context.close()
    visitor = page.context.browser.new_context(base_url=portal.base_url)
    reader = visitor.new_page()
    reader.goto(f"/{language}/experts/le-minh-chau/")
    expect(reader.locator("main")).to_contain_text(word)
    photo = reader.locator("main img").first
    expect(photo).to_be_visible()
    assert reader.evaluate("(image) => image.naturalWidth", photo.element_handle()) > 0

    def found() -> bool:
        reader.goto(f"/{language}/search/?q={word}&scope=experts")
        return reader.locator('main .result a[href*="le-minh-chau"]').count() > 0

    assert _eventually(found), f"searching {word!r} in /{language}/ does not find the approved profile"
    save_screenshot(reader, journey="expert-profile", language=language)
    visitor.close()


@pytest.mark.parametrize("language", JOURNEY_LANGUAGES)
def test_an_editor_creates_translates_and_publishes_a_training_material_found_by_search(
    page: Page, portal: Portal, language: str
):
    # The translation goes into the journey's language; English readers get a Vietnamese version.
    target = language if language != "en" else "vi"
    target_field = {"vi": "vi", "th": "th"}[target]
    word = _new_word("calibration")
    titles = {
        "en": f"Sensor {word} clinic for city staff",
        "vi": f"Lớp thực hành {word} cảm biến cho cán bộ thành phố",
        "th": f"คลินิก {word} เซ็นเซอร์สำหรับเจ้าหน้าที่เมือง",
    }
    summaries = {
        "en": "Two days of hands-on calibration of low-cost sensors against a reference monitor.",
        "vi": "Hai ngày thực hành hiệu chuẩn cảm biến giá rẻ so với trạm quan trắc chuẩn.",
        "th": "สองวันฝึกสอบเทียบเซ็นเซอร์ราคาประหยัดกับเครื่องวัดอ้างอิง",
    }
    sign_in(page, mailbox=portal.mailbox, language="en", account=LOCAL_ADMIN, next_path="/admin/")
    page.goto("/en/training/")
    add_link = page.locator('a[href$="/add_subpage/"]').first.get_attribute("href")
    index_id = re.search(r"/admin/pages/(\d+)/add_subpage/", add_link).group(1)

    page.goto(f"/admin/pages/add/knowledge/trainingmaterialpage/{index_id}/")
    page.locator("[name=title_en]").fill(titles["en"])
    page.locator("[name=summary_en]").fill(summaries["en"])
    page.get_by_role("tab", name="Promote").click()
    slug = page.locator("[name=slug]")
    # Wagtail copies the title into the slug a moment after it is typed; typing the slug before
    # that copy lands appends to it instead of replacing it (seen in CI: "…-staffsensor-…").
    expect(slug).to_have_value(re.compile(rf"sensor-{word}"))
    slug.fill(f"sensor-{word}-clinic")
    expect(slug).to_have_value(f"sensor-{word}-clinic")
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/"))

    # Translating: the same page's fields for the other language, on that language's own tab,
    # then publishing.
    page.get_by_role("tab", name=language_tab(target)).click()
    page.locator(f"[name=title_{target_field}]").fill(titles[target])
    page.locator(f"[name=summary_{target_field}]").fill(summaries[target])
    page.get_by_role("button", name="More actions").click()
    page.locator('button[name="action-publish"]').click()
    page.wait_for_url(re.compile(rf"/admin/pages/{index_id}/"))

    def found() -> bool:
        page.goto(f"/{language}/search/?q={word}&scope=practices")
        return page.locator(f'main .result a[href*="sensor-{word}-clinic"]').count() > 0

    assert _eventually(found), f"searching {word!r} in /{language}/ does not find the new training material"
    expect(page.locator("main .result h3").first).to_contain_text(titles[language])
    page.locator(f'main .result a[href*="sensor-{word}-clinic"]').first.click()
    page.wait_for_url(f"**/{language}/training/sensor-{word}-clinic/")
    expect(page.locator("h1")).to_have_text(titles[language])
    page.goto(f"/{target}/training/sensor-{word}-clinic/")
    expect(page.locator("h1")).to_have_text(titles[target])
    save_screenshot(page, journey="training-material", language=language)


@pytest.mark.parametrize("language", JOURNEY_LANGUAGES)
def test_a_city_officer_asks_for_twinning_suggestions_and_opens_an_expert(page: Page, language: str):
    page.goto(f"/{language}/twinning/")
    page.locator('main a[href$="/twinning/match/"]').first.click()
    page.wait_for_url(f"**/{language}/twinning/match/")
    page.locator("select[name=city]").select_option("phnom-penh")
    page.locator("#match-action-emissions-inventory").check()
    page.locator("#match-action-air-quality-monitoring").check()
    page.locator("form.match-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/twinning/match/\?city=phnom-penh"))

    suggestions = page.locator("section.suggestions")
    expect(suggestions.locator("h2")).to_contain_text(re.compile("Phnom Penh|พนมเปญ"))
    cities = suggestions.locator("section[aria-labelledby=city-suggestions-heading] li.suggestion")
    experts = suggestions.locator("section[aria-labelledby=expert-suggestions-heading] li.suggestion")
    expect(cities.first).to_be_visible()
    assert "Phnom Penh" not in cities.first.locator("h4").inner_text()  # never the learning city
    expect(experts.first.locator(".suggestion__reasons li").first).to_be_visible()  # each says why

    expert_link = experts.first.locator("h4 a")
    name = expert_link.inner_text()
    expert_link.click()
    page.wait_for_url(re.compile(rf"/{language}/experts/[\w-]+/$"))
    expect(page.locator("h1")).to_have_text(name)
    save_screenshot(page, journey="twinning-suggestions", language=language)


@pytest.mark.parametrize("language", JOURNEY_LANGUAGES)
def test_a_member_registers_for_an_event_and_downloads_the_calendar_file(
    page: Page, portal: Portal, language: str
):
    page.goto(f"/{language}/{EVENT}")
    expect(page.locator("main")).not_to_contain_text("meet.example.org")  # visitors never see it
    page.locator(f'main a[href*="/accounts/sign-in/?next=/{language}/{EVENT}"]').click()
    page.wait_for_url(f"**/{language}/accounts/sign-in/**")
    sign_in(
        page, mailbox=portal.mailbox, language=language, account=DEMO_MEMBER, next_path=f"/{language}/{EVENT}"
    )
    page.wait_for_url(f"**/{language}/{EVENT}")
    registration = page.locator("section.registration")
    if registration.locator("form[action$='/cancel-registration/']").count():
        # The member registered in an earlier language's run of this journey: start again.
        registration.locator("form[action$='/cancel-registration/'] button").click()
        page.wait_for_url(f"**/{language}/{EVENT}")

    registration.locator("select[name=language]").select_option(language)
    registration.locator("form[action$='/register/'] button[type=submit]").click()
    page.wait_for_url(f"**/{language}/{EVENT}")
    expect(registration).to_contain_text(translated("You are registered for this event.", language))
    connection = registration.locator(".connection-details")
    expect(connection).to_contain_text("https://meet.example.org/escap-regional-workshop")
    expect(connection).to_contain_text("845 2210 0912")

    with page.expect_download() as download_info:
        registration.locator('a[href$="/my-calendar.ics"]').click()
    download = download_info.value
    assert download.suggested_filename.endswith(".ics")
    with open(download.path(), encoding="utf-8") as calendar:
        # iCalendar folds long lines (RFC 5545 §3.1): a line break then a space continues the line.
        content = re.sub(r"\r?\n[ \t]", "", calendar.read())
    assert content.startswith("BEGIN:VCALENDAR")
    assert "meet.example.org/escap-regional-workshop" in content
    save_screenshot(page, journey="event-registration", language=language)
