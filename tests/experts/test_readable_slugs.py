"""Thai expert addresses keep their vowels and tone marks (issue 21: "สมชาย วงศ์สวัสดิ์" was
/experts/สมชาย-วงศสวสด/); addresses already given out keep working."""

from urllib.parse import quote

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from experts.factories import ExpertFactory
from experts.slugs import unicode_slug, validate_readable_slug

pytestmark = pytest.mark.django_db


def test_a_new_thai_expert_gets_an_address_a_thai_reader_can_read(client: Client, site):
    expert = ExpertFactory(name="สมชาย วงศ์สวัสดิ์", slug="")

    assert expert.slug == "สมชาย-วงศ์สวัสดิ์"
    assert expert.get_absolute_url() == f"/en/experts/{quote('สมชาย-วงศ์สวัสดิ์')}/"
    response = client.get(f"/th/experts/{quote(expert.slug)}/")
    assert response.status_code == 200
    assert "สมชาย วงศ์สวัสดิ์" in response.content.decode()


def test_sara_am_and_stacked_marks_survive_and_punctuation_goes():
    assert unicode_slug("กำธร  น้ำใจ!") == "กำธร-น้ำใจ"
    assert unicode_slug("Dr. Somchai (Bangkok)") == "dr-somchai-bangkok"


def test_latin_names_still_fold_to_ascii(site):
    assert ExpertFactory(name="Phạm Đức Anh", slug="").slug == "pham-duc-anh"


def test_an_existing_address_stays_as_it_was(client: Client, site):
    expert = ExpertFactory(name="สมชาย วงศ์สวัสดิ์", slug="สมชาย-วงศสวสด")
    expert.position = "Air quality engineer"
    expert.save()

    expert.refresh_from_db()
    assert expert.slug == "สมชาย-วงศสวสด"
    assert client.get(f"/th/experts/{quote('สมชาย-วงศสวสด')}/").status_code == 200


def test_the_slug_field_accepts_readable_slugs_and_refuses_others(site):
    expert = ExpertFactory(name="สมชาย วงศ์สวัสดิ์", slug="")
    expert.full_clean()  # the admin's validation: the marks are allowed
    validate_readable_slug("สมชาย-วงศสวสด")
    for bad in ["has space", "slash/in", "dot.in", ""]:
        with pytest.raises(ValidationError):
            validate_readable_slug(bad)
