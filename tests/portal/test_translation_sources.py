"""A translation is marked out of date when the English text changed after it was published, in
the page's edit form and in the "Missing translations" report, until a translator publishes it
again."""

import re

import pytest
from django.test import Client

from experts.factories import UserFactory
from knowledge.factories import CaseStudyIndexPageFactory, CaseStudyPageFactory, translations
from portal.selectors import missing_translations
from portal.translation_sources import stale_translations

pytestmark = pytest.mark.django_db
TITLES = {"en": "Bangkok's kilns", "vi": "Lò gạch Bangkok", "id": "Tungku Bangkok", "th": "เตาเผาอิฐกรุงเทพฯ"}
OUT_OF_DATE = "Out of date: the English text changed after this translation was published."


@pytest.fixture
def page(home_page):
    index = CaseStudyIndexPageFactory(parent=home_page, **translations("title", TITLES))
    return CaseStudyPageFactory(
        parent=index,
        **translations("title", TITLES),
        **translations("summary", {"en": "Cleaner kilns.", "vi": "Lò sạch hơn.", "th": "เตาสะอาดขึ้น"}),
    )


def publish(page, **values):
    for name, value in values.items():
        setattr(page, name, value)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def stale_rows(page, **filters):
    return [row for row in missing_translations(state="stale", **filters) if row.instance.pk == page.pk]


def test_changing_the_english_marks_each_translation_of_that_field_out_of_date(page):
    publish(page, summary_vi="Lò sạch hơn.")  # a publish that changes nothing
    assert stale_translations(page) == {}

    publish(page, summary_en="Cleaner kilns, and cleaner air for the villages around them.")

    assert stale_translations(page) == {"vi": ["summary"], "th": ["summary"]}
    (row,) = stale_rows(page)
    assert row.stale == {"vi": ["summary"], "th": ["summary"]}
    # The titles' English did not change: their translations are current (not listed above).
    assert [row.stale for row in stale_rows(page, language="th")] == [{"th": ["summary"]}]


def test_a_translator_publishing_the_translation_clears_its_mark(page):
    publish(page, summary_en="Cleaner kilns, and cleaner air.")

    publish(page, summary_vi="Lò sạch hơn, không khí sạch hơn.")

    assert stale_translations(page) == {"th": ["summary"]}


def test_a_translation_changed_with_its_english_in_one_publish_is_current(page):
    publish(page, summary_en="Kilns, cleaner.", summary_th="เตาเผา สะอาดขึ้น")

    assert stale_translations(page) == {"vi": ["summary"]}


def test_a_draft_changes_no_mark_until_it_is_published(page):
    page.summary_en = "Kilns, cleaner."
    page.summary_th = "เตาเผา สะอาดขึ้น"
    revision = page.save_revision()  # a draft: what readers see is unchanged
    page.refresh_from_db()

    assert stale_translations(page) == {}

    revision.publish()
    page.refresh_from_db()
    assert stale_translations(page) == {"vi": ["summary"]}


def test_the_edit_form_and_the_report_show_the_mark(page):
    publish(page, summary_en="Cleaner kilns, and cleaner air.")
    editor = UserFactory(email="editor@example.org", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(editor)

    form = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    # Under the Vietnamese and Thai summaries, not under the English one or the titles.
    assert form.count(OUT_OF_DATE) == 2
    vietnamese = form.index('name="summary_vi"')
    assert OUT_OF_DATE in form[vietnamese - 3000 : vietnamese + 3000]

    report = client.get("/admin/reports/missing-translations/?state=stale").content.decode()
    assert page.title_en.replace("'", "&#x27;") in report
    assert re.search(r"Vietnamese: Summary|Vietnamese: summary", report)
