"""A profile read in a language it is not (fully) written in: the reader is told so, and each
text in another language carries its `lang` so screen readers pronounce it right."""

import re

import pytest
from django.test import Client

from experts.factories import ExpertFactory

pytestmark = pytest.mark.django_db


def _profile(client: Client, expert, language: str) -> str:
    response = client.get(f"/{language}{expert.get_absolute_url()[3:]}")
    assert response.status_code == 200
    return response.content.decode()


def _notice(html: str) -> str:
    match = re.search(r'<p class="notice translation-notice" role="note">(.*?)</p>', html, re.S)
    return match.group(1) if match else ""


def test_an_english_profile_on_the_thai_page_says_so_and_marks_its_english_texts(client: Client, site):
    expert = ExpertFactory(
        name="Somchai Wong",
        position="Air quality engineer",
        position_th="วิศวกรคุณภาพอากาศ",
        organisation="Pollution Control Department",
        biography="<p>Runs the Bangkok monitoring network.</p>",
    )

    html = _profile(client, expert, "th")

    notice = _notice(html)
    assert notice and "ไทย" in notice  # names the reader's language, in Thai
    assert "<span>วิศวกรคุณภาพอากาศ</span>" in html
    assert '<span lang="en">Pollution Control Department</span>' in html
    assert (
        '<div class="expert-profile__bio" lang="en"><p>Runs the Bangkok monitoring network.</p></div>' in html
    )


def test_a_fully_translated_profile_has_no_notice_and_no_foreign_lang(client: Client, site):
    expert = ExpertFactory(
        position="Air quality engineer",
        position_vi="Kỹ sư chất lượng không khí",
        organisation="Clean Air Asia",
        organisation_vi="Không khí sạch châu Á",
        biography="<p>Works on monitoring networks.</p>",
        biography_vi="<p>Làm việc về mạng lưới quan trắc.</p>",
    )

    html = _profile(client, expert, "vi")

    assert _notice(html) == ""
    assert "Không khí sạch châu Á" in html
    assert 'lang="en"' not in html.split('class="expert-profile"')[1]


def test_a_profile_written_only_in_thai_shows_its_thai_text_on_the_english_page(client: Client, site):
    expert = ExpertFactory(
        name="Malee Srisuk",
        position="",
        position_th="นักวิจัย",
        organisation="",
        organisation_th="มหาวิทยาลัยเชียงใหม่",
        biography="",
        biography_th="<p>ศึกษาหมอกควันภาคเหนือ</p>",
    )

    html = _profile(client, expert, "en")

    assert "not yet available in English" in _notice(html)
    assert '<span lang="th">นักวิจัย</span>' in html
    assert '<span lang="th">มหาวิทยาลัยเชียงใหม่</span>' in html
    assert '<div class="expert-profile__bio" lang="th"><p>ศึกษาหมอกควันภาคเหนือ</p></div>' in html


def test_an_english_profile_on_the_english_page_has_no_notice(client: Client, site):
    expert = ExpertFactory()

    html = _profile(client, expert, "en")

    assert _notice(html) == ""
    assert "lang=" not in html.split('class="expert-profile"')[1].split("</div>")[0]


def test_a_renamed_city_shows_on_the_profile_at_once(client: Client, site):
    from knowledge.models import City

    expert = ExpertFactory()
    assert "Hanoi, Viet Nam" in client.get(expert.get_absolute_url()).content.decode()

    city = City.objects.get(slug="hanoi")
    city.name_en = "Ha Noi"
    city.save()

    html = client.get(expert.get_absolute_url()).content.decode()
    assert "Ha Noi, Viet Nam" in html and "Hanoi, Viet Nam" not in html
