"""No raw field name, Python repr, JSON or bare language code reaches an editor or a reader on the
translators' and staff sign-in screens, in any of the four languages (issue 20).

Walked: the page editor's English sources and out-of-date marks (what portal.translation_forms
adds), the "Translation files" screen, the "Missing translations" report filtered to out-of-date
translations, a snippet's editor, and the authenticator enrolment, recovery-code and code pages;
for an expert who speaks languages Django has no name for (Yoruba, Cornish), the expert's whole
admin edit page, Wagtail's comparison of their submitted change, the workflow history and its
detail, the history log, the directory and the public profile.
Only the text a person reads is checked: element text and the attributes screen readers read,
not scripts, styles or form values.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.utils import translation
from django_otp.oath import TOTP
from wagtail.users.models import UserProfile

from experts import services
from experts.accounts.two_factor import confirm_authenticator, enrolment_device, start_code_sign_in
from experts.factories import ExpertFactory, UserFactory, expert_user
from knowledge.factories import CaseStudyIndexPageFactory, CaseStudyPageFactory, translations
from knowledge.models import Theme
from portal import i18n
from tests.experts.moderation import compare_url, review_state

pytestmark = pytest.mark.django_db
LANGUAGES = ("en", "vi", "id", "th")
INTERNALS = [
    (re.compile(r"\b[a-z]+(?:_[a-z]+)*_(?:en|vi|ind|th)\b"), "a translated column's name"),
    (re.compile(r"\[(?:en|vi|ind|th)\]"), "a bracketed language suffix"),
    (re.compile(r"\['|'\]|\{'|\{\""), "a Python or JSON value"),
    (re.compile(r"\bNone\b|<[A-Za-z]+ object at 0x"), "a Python repr"),
    (re.compile(r"(?<![\w-])(?:vi|ind|th)(?![\w-])"), "a bare language code"),
]
# Languages the expert below speaks that Django's own list cannot name: CLDR names them.
UNNAMED_BY_DJANGO = ("yo", "kw")
INTERNALS.append((re.compile(r"(?<![\w-])(?:yo|kw)(?![\w-])"), "a language code without its name"))
SPOKEN_ATTRIBUTES = ("alt", "title", "aria-label", "placeholder")


@pytest.fixture(autouse=True)
def _english_afterwards():
    # The admin activates each editor's own language for the thread; later tests expect English.
    yield
    translation.activate("en")


class ReadableText(HTMLParser):
    """The text a person reads or hears: no script, style or template contents."""

    SKIPPED = {"script", "style", "template", "textarea", "select"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIPPED:
            self.skipping += 1
        for name, value in attrs:
            if name in SPOKEN_ATTRIBUTES and value:
                self.parts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIPPED and self.skipping:
            self.skipping -= 1

    def handle_data(self, data: str) -> None:
        if not self.skipping and data.strip():
            self.parts.append(data.strip())


def internals(html: str) -> list[str]:
    parser = ReadableText()
    parser.feed(html)
    found = []
    for text in parser.parts:
        for pattern, what in INTERNALS:
            match = pattern.search(text)
            if match:
                found.append(f"{what}: {match.group(0)!r} in {text[:120]!r}")
    return found


def translation_sources(html: str) -> str:
    """Only what portal.translation_forms adds to the page editor (the rest is Wagtail's own)."""
    return "\n".join(
        re.findall(r'<(?:div|details) class="translation-source".*?</(?:div|details)>', html, re.S)
    )


@pytest.fixture
def page(home_page):
    index = CaseStudyIndexPageFactory(parent=home_page, **translations("title", {"en": "Case studies"}))
    page = CaseStudyPageFactory(
        parent=index,
        **translations("title", {"en": "Bangkok kilns", "vi": "Lò gạch", "id": "Tungku", "th": "เตาเผาอิฐ"}),
        **translations(
            "summary", {"en": "Cleaner kilns.", "vi": "Lò sạch.", "id": "Tungku bersih.", "th": "เตาสะอาด"}
        ),
        measures_taken_en="<p>Kilns were <b>rebuilt</b>.</p>",
        body_en=[
            {"type": "rich_text", "value": "<p>A story.</p>", "id": "p-1"},
            {"type": "quote", "value": {"text": "Cleaner air.", "attribution": ""}, "id": "q-1"},
        ],
    )
    page.summary_en = "Cleaner kilns, cleaner air."
    page.save_revision().publish()
    return page


def editor_in(language: str) -> Client:
    user = UserFactory(email=f"editor-{language}@example.org", is_staff=True, is_superuser=True)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_translators_screens_show_no_internals(page, language):
    client = editor_in(language)
    theme = Theme.objects.create(slug="kilns", **translations("name", {"en": "Kilns", "th": "เตาเผา"}))
    theme.name_en = "Brick kilns"
    theme.save()

    editor = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert translation_sources(editor)
    assert internals(translation_sources(editor)) == []
    for path in (
        f"/admin/pages/{page.pk}/translation-files/",
        "/admin/reports/missing-translations/?state=stale",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert internals(response.content.decode()) == [], path
    snippet = client.get(f"/admin/snippets/knowledge/theme/edit/{theme.pk}/").content.decode()
    assert internals(translation_sources(snippet)) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_authenticator_pages_show_no_internals(site, language):
    client = editor_in(language)
    user = UserFactory(email=f"staff-{language}@example.org", is_staff=True, is_superuser=True)
    client.force_login(user)

    enrol = client.get(f"/{language}/accounts/two-factor/")
    assert enrol.status_code == 200
    assert internals(enrol.content.decode()) == []
    device = enrolment_device(user=user)
    assert confirm_authenticator(device=device, code=f"{TOTP(device.bin_key).token():06d}")
    status = client.get(f"/{language}/accounts/two-factor/")
    assert internals(status.content.decode()) == []
    codes = client.post(f"/{language}/accounts/two-factor/", {"action": "recovery"})
    assert internals(codes.content.decode()) == []

    anonymous = Client()
    session = anonymous.session
    start_code_sign_in(session=session, user=user, next_url="", language=language)
    session.save()
    code_page = anonymous.get(f"/{language}/accounts/sign-in/code/")
    assert code_page.status_code == 200
    assert internals(code_page.content.decode()) == []
    wrong = anonymous.post(f"/{language}/accounts/sign-in/code/", {"code": "12"})
    assert wrong.status_code == 400
    assert internals(wrong.content.decode()) == []


@pytest.fixture
def expert_in_review(site):
    expert = ExpertFactory(
        name="Adebayo Okafor",
        languages=["en", "yo"],
        position_en="Air quality engineer",
        biography_en="<p>Runs <strong>Lagos</strong> sensors.</p>",
        biography_th="<p>ดูแลเซ็นเซอร์ในลากอส</p>",
    )
    expert.save_revision().publish()
    services.submit_profile_revision(
        expert=expert,
        user=expert_user(expert),
        data={
            "position_en": "Senior air quality engineer",
            "biography_en": "<p>Runs <strong>Lagos</strong> and Accra sensors.</p>",
            "city": expert.city.slug,
            "languages": ["en", "yo", "kw"],
            "public_fields": ["biography"],
        },
    )
    return expert


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_expert_screens_show_no_internals(expert_in_review, language):
    expert = expert_in_review
    client = editor_in(language)
    state = review_state(expert)
    admin_pages = [
        f"/admin/snippets/experts/expert/edit/{expert.pk}/",
        compare_url(expert),
        f"/admin/snippets/experts/expert/workflow_history/{expert.pk}/",
        f"/admin/snippets/experts/expert/workflow_history/{expert.pk}/detail/{state.pk}/",
        f"/admin/snippets/experts/expert/history/{expert.pk}/",
    ]
    for path in admin_pages:
        response = client.get(path)
        assert response.status_code == 200, path
        assert internals(response.content.decode()) == [], path

    with translation.override(language):
        names = [i18n.language_name(code) for code in UNNAMED_BY_DJANGO]
    reader = Client()
    for path in (f"/{language}/experts/", f"/{language}/experts/{expert.slug}/"):
        response = reader.get(path)
        assert response.status_code == 200, path
        html = response.content.decode()
        assert internals(html) == [], path
    # The live profile (Yoruba) names the language in the reader's language.
    assert names[0] in html
