"""Above each translation's box in the admin the English of that field is shown, read-only and
marked as English; snippets' translations are marked out of date like pages'."""

import re

import pytest
from django.test import Client

from experts.factories import UserFactory
from knowledge.factories import CaseStudyIndexPageFactory, CaseStudyPageFactory, translations
from knowledge.models import Theme
from portal.selectors import missing_translations
from portal.translation_sources import stale_translations

pytestmark = pytest.mark.django_db
OUT_OF_DATE = "Out of date: the English text changed after this translation was published."


@pytest.fixture
def client():
    client = Client()
    client.force_login(UserFactory(email="editor@example.org", is_staff=True, is_superuser=True))
    return client


def near(html: str, name: str, before: int = 4000) -> str:
    """The markup of the field named ``name`` and what Wagtail renders just above it."""
    at = html.index(f'name="{name}"')
    return html[max(0, at - before) : at]


def field_help(html: str, name: str) -> str:
    """The help text Wagtail renders above the field ``name`` (and ties to it)."""
    chunk = near(html, name)
    return chunk[chunk.rindex('class="w-field__help"') :]


@pytest.fixture
def page(home_page):
    index = CaseStudyIndexPageFactory(parent=home_page, **translations("title", {"en": "Case studies"}))
    return CaseStudyPageFactory(
        parent=index,
        **translations("title", {"en": "Bangkok's kilns", "th": "เตาเผาอิฐกรุงเทพฯ"}),
        **translations("summary", {"en": "Cleaner kilns & cleaner air.", "th": "เตาสะอาดขึ้น"}),
        measures_taken_en="<p>Kilns were <b>rebuilt</b>.</p>",
        body_en=[
            {"type": "rich_text", "value": "<p>A long story about kilns.</p>", "id": "para-1"},
            {
                "type": "quote",
                "value": {"text": "The air is cleaner.", "attribution": "The mayor"},
                "id": "q-1",
            },
        ],
    )


def test_each_translation_box_shows_the_english_of_its_field(page, client):
    html = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()

    for column in ("summary_vi", "summary_ind", "summary_th"):
        source = field_help(html, column)
        assert 'lang="en"' in source
        assert "Cleaner kilns &amp; cleaner air." in source  # escaped, never raw
    assert (
        'lang="en"' not in field_help(html, "summary_en")
        if 'class="w-field__help"' in near(html, "summary_en")
        else True
    )
    # Rich text shown formatted, a StreamField as its text blocks.
    assert "Kilns were <b>rebuilt</b>." in field_help(html, "measures_taken_th")
    title_source = field_help(html, "title_th")
    assert "Bangkok&#x27;s kilns" in title_source


def test_a_stream_shows_its_text_blocks_in_english(page, client):
    html = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()

    # One list per translation of the body (Vietnamese, Indonesian, Thai), folded away.
    sources = re.findall(r'<details class="translation-source">(.*?)</details>', html, re.S)
    assert len(sources) == 3
    for source in sources:
        assert "English (3 text blocks)" in source
        assert re.search(r'<ol class="translation-source__text" lang="en">', source)
        assert "A long story about kilns." in source
        assert "Quote › Quotation</span> The air is cleaner." in source
        assert "<p>" not in source  # a block's text, not its markup


def test_the_stale_mark_sits_above_the_english_source(page, client):
    page.summary_en = "Kilns rebuilt, air cleaner."
    page.save_revision().publish()

    help_text = field_help(client.get(f"/admin/pages/{page.pk}/edit/").content.decode(), "summary_th")
    assert help_text.index(OUT_OF_DATE) < help_text.index("Kilns rebuilt, air cleaner.")


def test_a_snippet_shows_the_english_and_its_out_of_date_translations(client):
    theme = Theme.objects.create(
        slug="kilns", **translations("name", {"en": "Brick kilns", "th": "เตาเผาอิฐ"})
    )
    assert stale_translations(theme) == {}

    theme.name_en = "Brick kilns and furnaces"
    theme.save()

    assert stale_translations(theme) == {"th": ["name"]}
    rows = [row for row in missing_translations(state="stale", language="th") if row.instance == theme]
    assert [(row.kind, row.stale) for row in rows] == [("taxonomy", {"th": ["name"]})]
    assert not [row for row in missing_translations(state="stale", language="vi") if row.instance == theme]

    html = client.get(f"/admin/snippets/knowledge/theme/edit/{theme.pk}/").content.decode()
    help_text = field_help(html, "name_th")
    assert OUT_OF_DATE in help_text and "Brick kilns and furnaces" in help_text
    report = client.get("/admin/reports/missing-translations/?state=stale&language=th").content.decode()
    assert re.search(r"Brick kilns and furnaces.*?Thai: [Nn]ame", report, re.DOTALL)

    theme.name_th = "เตาเผาอิฐและเตาหลอม"
    theme.save()
    assert stale_translations(theme) == {}
