"""A reader in Vietnamese, Indonesian or Thai meets no English interface words on any page.

The demo content is loaded once and every kind of page is walked in vi, id and th: home, each
knowledge page type and its index, the experts directory and a profile, search with and without
results, twinning (index, a partnership, matching), cities, events, sign-in, sign-up and the
profile form of a signed-in expert. The interface text (headings, navigation, forms, buttons,
labels, tables, footer, and what screen readers read from attributes) is checked against a list
of common English interface words. Text in an element marked with another language (English
fallbacks of content not yet translated, the language switcher) is the content's, not the
interface's, and is skipped.
"""

from __future__ import annotations

import html as html_module
import re
from html.parser import HTMLParser
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models
from django.test import Client
from django.urls import reverse
from django.utils import translation
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from experts.factories import expert_user
from experts.models import Expert, ExpertStatus
from knowledge.models import (
    CaseStudyIndexPage,
    CaseStudyPage,
    City,
    EventIndexPage,
    EventPage,
    ForumReportIndexPage,
    ForumReportPage,
    TrainingMaterialIndexPage,
    TrainingMaterialPage,
    TwinningPartnership,
)
from portal.search.documents import document_types
from portal.search.engines.base import get_engine

pytestmark = pytest.mark.django_db

LANGUAGES = ("vi", "id", "th")

# Common English interface words and phrases (matched as whole words, any case).
ENGLISH = [
    "Search",
    "Sign in",
    "Sign out",
    "Sign up",
    "Filter",
    "Filters",
    "Apply",
    "Next",
    "Previous",
    "Country",
    "City",
    "Cities",
    "Language",
    "Languages",
    "Submit",
    "Save",
    "Cancel",
    "Send",
    "Events",
    "Event",
    "Experts",
    "Expert",
    "Home",
    "Read more",
    "Download",
    "Register",
    "Theme",
    "Themes",
    "Pollutant",
    "Pollutants",
    "Sector",
    "Sectors",
    "Actions",
    "Year",
    "Sort by",
    "Results",
    "Page",
    "Password",
    "Name",
    "Your account",
    "Profile",
    "Edit",
    "Delete",
    "Case studies",
    "Case study",
    "Training",
    "Forum reports",
    "Twinning",
    "Partnership",
    "Partnerships",
    "Upcoming",
    "Past",
    "Date",
    "Venue",
    "Organisation",
    "Position",
    "Biography",
    "Availability",
    "Learning city",
    "Mentor city",
    "Suggested",
    "Choose",
    "Select",
    "Any",
    "Clear",
    "Show",
    "All",
    "Skip to main content",
    "Main",
    "Footer",
    "Contact",
    "Message",
    "Join",
    "Members",
    "Summary",
    "Documents",
    "Milestones",
    "Timeline",
    "Calendar",
    "Add to calendar",
    "Online",
    "About",
    "More",
    "Back",
    "Continue",
    "of",
    "the",
    "and",
    "your",
    "for",
    "with",
]
# Words Indonesian shares with English, spelt the same (KBBI): correct Indonesian, not English.
SHARED = {"id": {"filter", "status", "forum", "video", "webinar", "mentor", "portal", "data"}}
# Names that stay as they are: the portal and its partners, places and people in the demo content.
PROPER_NAMES = ["Clean Air Asia", "Stockholm Environment Institute", "Asian Institute of Technology"]

SKIPPED = {"script", "style", "template", "svg"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
VISIBLE_ATTRIBUTES = ("placeholder", "aria-label", "title", "alt")


def _plain(text: str) -> str:
    return " ".join(html_module.unescape(re.sub(r"<[^>]+>", " ", text)).split())


def content_texts() -> set[str]:
    """Every text stored in the portal's tables (titles, summaries, bodies, names, positions):
    the content, whose English fallbacks are the editors' business, not the interface's."""
    texts = set()
    for model in apps.get_models():
        if model._meta.app_label not in {"portal", "knowledge", "experts", "wagtailcore"}:
            continue
        fields = [
            field.name
            for field in model._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField | RichTextField | StreamField)
        ]
        for row in model._default_manager.values_list(*fields) if fields else ():
            texts.update(_plain(str(value)) for value in row if value)
    return texts


class InterfaceText(HTMLParser):
    """The text a reader of `language` sees and hears on a page, leaving out other languages and
    stored content."""

    def __init__(self, language: str, content: set[str] = frozenset(), corpus: str = "") -> None:
        super().__init__(convert_charrefs=True)
        self.language = language
        self.content = content
        self.corpus = corpus
        self.texts: list[str] = []
        self._stack: list[tuple[str, bool]] = []

    @property
    def _hidden(self) -> bool:
        return bool(self._stack) and self._stack[-1][1]

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        lang = (attributes.get("lang") or self.language).split("-")[0]
        hidden = self._hidden or tag in SKIPPED or lang != self.language
        if not hidden:
            self.texts.extend(attributes[name] for name in VISIBLE_ATTRIBUTES if attributes.get(name))
            if tag == "input" and attributes.get("type") in ("submit", "button") and attributes.get("value"):
                self.texts.append(attributes["value"])
        if tag not in VOID:
            self._stack.append((tag, hidden))

    def handle_endtag(self, tag):
        # Close up to the matching element, tolerating the browser-style omitted end tags.
        for position in range(len(self._stack) - 1, -1, -1):
            if self._stack[position][0] == tag:
                del self._stack[position:]
                break

    def _stored(self, text: str) -> bool:
        # A whole stored value ("Ho Chi Minh City"), or a long piece of one (a search snippet
        # cut around <mark>); short interface words are never taken for content this way.
        text = " ".join(text.split())
        return text in self.content or (len(text) >= 25 and text in self.corpus)

    def handle_data(self, data):
        if not self._hidden and data.strip() and not self._stored(data):
            self.texts.append(data)


def english_words(html: str, language: str, content: set[str] = frozenset()) -> list[str]:
    parser = InterfaceText(language, content, "\n".join(content))
    parser.feed(html)
    parser.close()
    text = " ".join(parser.texts)
    for name in PROPER_NAMES:
        text = text.replace(name, " ")
    shared = SHARED.get(language, set())
    found = []
    for phrase in ENGLISH:
        if phrase.lower() in shared:
            continue
        # Whole words only, so "Event" does not match inside "Eventually" nor "City" in "Citylab".
        pattern = r"(?<![\w-])" + r"\s+".join(map(re.escape, phrase.split())) + r"(?![\w-])"
        # Each finding with a little of its surroundings, so a failure says where to look.
        found.extend(
            f"{match.group(0)} ({text[max(0, match.start() - 30) : match.end() + 30].strip()!r})"
            for match in re.finditer(pattern, text, flags=re.IGNORECASE)
        )
    return found


def test_the_extractor_skips_other_languages_scripts_and_finds_attributes():
    html = (
        '<header><nav aria-label="Main"><a href="/" lang="en">English</a></nav></header>'
        '<main><h1 lang="en">Clean air in the city</h1><p>Tìm kiếm</p>'
        '<script>var label = "Search";</script><input type="submit" value="Apply">'
        '<img alt="Download"><ul><li>Eventually</ul></main><footer>Home</footer>'
    )

    assert sorted(finding.split()[0] for finding in english_words(html, "vi")) == [
        "Apply",
        "Download",
        "Home",
        "Main",
    ]
    stored = {"Ministry of Environment", "Trains city officers in the use of emissions inventories."}
    assert english_words("<p>Ministry of Environment</p><p>Save</p>", "vi", stored) == ["Save ('Save')"]
    assert (
        english_words("<p>Trains city officers in the use of <mark>emissions</mark></p>", "th", stored) == []
    )
    assert english_words("<p>Filter dan status</p>", "id") == []
    assert english_words("<p>Filter dan status</p>", "vi") == ["Filter ('Filter dan status')"]


@pytest.fixture
def demo(site, settings, tmp_path):
    settings.SEARCH_INDEX_DIR = tmp_path / "search-index"
    engine = get_engine()
    for document_type in document_types():
        engine.configure(document_type)
    call_command("load_demo", stdout=StringIO())
    call_command("search_index", "rebuild", stdout=StringIO(), stderr=StringIO())


def first_live(model: type[Page]) -> Page:
    page = model.objects.live().order_by("path").first()
    assert page is not None, f"the demo has no live {model.__name__}"
    return page


def page_paths(language: str) -> list[str]:
    """Every kind of page a reader meets, as paths in `language`."""
    with translation.override(language):
        pages = [
            first_live(model)
            for model in (
                CaseStudyIndexPage,
                CaseStudyPage,
                TrainingMaterialIndexPage,
                TrainingMaterialPage,
                ForumReportIndexPage,
                ForumReportPage,
                EventIndexPage,
                EventPage,
            )
        ]
        expert = Expert.objects.filter(status=ExpertStatus.PUBLISHED).order_by("slug").first()
        partnership = TwinningPartnership.objects.order_by("slug").first()
        city = City.objects.order_by("slug").first()
        return [
            f"/{language}/",
            *(page.get_url() for page in pages),
            reverse("experts:directory"),
            reverse("experts:profile", kwargs={"slug": expert.slug}),
            reverse("search") + "?q=PM2.5",
            reverse("search") + "?q=zzqxwv",
            reverse("twinning:index"),
            reverse("twinning:detail", kwargs={"slug": partnership.slug}),
            reverse("twinning:match"),
            reverse("twinning:match") + "?city=phnom-penh&action=emissions-inventory",
            reverse("knowledge:cities"),
            reverse("knowledge:city", kwargs={"slug": city.slug}),
            reverse("experts:sign_in"),
            reverse("experts:join"),
        ]


def test_no_english_interface_words_on_any_page_in_vietnamese_indonesian_or_thai(client: Client, demo):
    expert = Expert.objects.filter(status=ExpertStatus.PUBLISHED, user=None).order_by("slug").first()
    signed_in = Client()
    signed_in.force_login(expert_user(expert))

    content = content_texts()
    findings = {}
    for language in LANGUAGES:
        for path in page_paths(language):
            response = client.get(path)
            assert response.status_code == 200, path
            # Every translated page names its other language versions and the x-default.
            alternates = set(
                re.findall(r'<link rel="alternate" hreflang="([^"]+)"', response.content.decode())
            )
            assert alternates == {"en", "vi", "id", "th", "x-default"}, path
            if words := english_words(response.content.decode(), language, content):
                findings[path] = words
        with translation.override(language):
            path = reverse("experts:profile_edit")
        response = signed_in.get(path)
        assert response.status_code == 200, path
        if words := english_words(response.content.decode(), language, content):
            findings[path] = words

    assert not findings, "\n".join(f"{path}: {words}" for path, words in findings.items())
