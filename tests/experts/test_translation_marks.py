"""An expert's translated fields are marked out of date like a page's: when the English position,
organisation or biography changes after a translation was published, the expert's admin form and
the "Missing translations" report say so, until a translator publishes that translation again."""

import re

import pytest
from django.test import Client

from experts.factories import ExpertFactory, UserFactory
from portal.selectors import missing_translations
from portal.translation_sources import stale_translations

pytestmark = pytest.mark.django_db
OUT_OF_DATE = "Out of date: the English text changed after this translation was published."


@pytest.fixture
def expert(site):
    expert = ExpertFactory(
        name="Nguyen Thi Lan",
        position_en="Air quality engineer",
        position_vi="Kỹ sư chất lượng không khí",
        biography_en="<p>Runs <strong>Hanoi</strong>'s sensor network.</p>",
        biography_th="<p>ดูแลเครือข่ายเซ็นเซอร์ของฮานอย</p>",
    )
    # Its first save recorded nothing (it had no id yet); publishing records what each
    # translation stands beside, as it does for every profile an editor publishes.
    expert.save_revision().publish()
    return expert


def publish(expert, **values):
    for name, value in values.items():
        setattr(expert, name, value)
    expert.save_revision().publish()
    expert.refresh_from_db()
    return expert


def editor_client() -> Client:
    client = Client()
    client.force_login(UserFactory(email="editor@example.org", is_staff=True, is_superuser=True))
    return client


def test_a_new_english_biography_marks_the_thai_one_out_of_date_and_nothing_else(expert):
    assert stale_translations(expert) == {}

    publish(expert, biography_en="<p>Runs Hanoi's and Haiphong's sensor networks.</p>")

    assert stale_translations(expert) == {"th": ["biography"]}


def test_publishing_the_translation_again_clears_its_mark(expert):
    publish(expert, position_en="Senior air quality engineer")
    assert stale_translations(expert) == {"vi": ["position"]}

    publish(expert, position_vi="Kỹ sư cao cấp về chất lượng không khí")

    assert stale_translations(expert) == {}


def test_the_admin_form_shows_the_english_formatted_and_the_mark_under_the_thai_biography(expert):
    publish(expert, biography_en="<p>Runs <em>two</em> sensor networks.</p>")

    form = editor_client().get(f"/admin/snippets/experts/expert/edit/{expert.pk}/").content.decode()

    assert form.count(OUT_OF_DATE) == 1
    thai = form.index('name="biography_th"')
    assert OUT_OF_DATE in form[thai - 4000 : thai]
    # The English beside each translation reads as text: formatted, never as tags.
    sources = "".join(re.findall(r'<details class="translation-source".*?</details>', form, re.S))
    assert "<em>two</em>" in sources
    assert "&lt;p&gt;" not in sources and "&lt;em&gt;" not in sources


def test_the_report_lists_the_expert_under_out_of_date_translations(expert):
    publish(expert, biography_en="<p>Runs two sensor networks.</p>")

    rows = [row for row in missing_translations(state="stale", kind="expert") if row.instance.pk == expert.pk]
    assert len(rows) == 1

    report = (
        editor_client().get("/admin/reports/missing-translations/?state=stale&kind=expert").content.decode()
    )
    assert "Nguyen Thi Lan" in report
    assert re.search(r"Thai: [Bb]iography", report)
