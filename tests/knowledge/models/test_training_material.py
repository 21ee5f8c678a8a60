import json
import re

import pytest
from django.test import Client

from knowledge.factories import TrainingMaterialPageFactory, translations
from tests.knowledge.helpers import query_count

pytestmark = pytest.mark.django_db

TITLES = {
    "en": "Emissions inventory course",
    "vi": "Khóa học kiểm kê phát thải",
    "id": "Kursus inventarisasi emisi",
    "th": "หลักสูตรการจัดทำบัญชีการปล่อยมลพิษ",
}


@pytest.fixture
def course(training_index, terms):
    return TrainingMaterialPageFactory(
        parent=training_index,
        slug="inventory-course",
        level="introductory",
        format="course",
        **translations("title", TITLES),
        **translations(
            "summary",
            {"en": "Activity data and emission factors.", "vi": "Dữ liệu hoạt động và hệ số phát thải."},
        ),
        **translations("duration", {"en": "3 days", "vi": "3 ngày", "id": "3 hari", "th": "3 วัน"}),
        modules_en=[
            (
                "module",
                {
                    "title": "Activity data",
                    "description": "Where the numbers come from.",
                    "duration": "2 hours",
                },
            )
        ],
        terms={"actions": [terms["action"]["emissions-inventory"]]},
    )


@pytest.mark.parametrize("language", ["en", "vi", "id", "th"])
def test_training_material_renders_in_each_language(client: Client, course, language):
    html = client.get(f"/{language}/training/inventory-course/").content.decode()

    assert TITLES[language] in html
    assert "Activity data" in html  # modules fall back to English where untranslated


def test_fallback_notice_only_in_languages_missing_a_shown_field(client: Client, course):
    # The summary and modules exist only in English (and the summary in Vietnamese).
    vietnamese = client.get("/vi/training/inventory-course/").content.decode()
    indonesian = client.get("/id/training/inventory-course/").content.decode()

    assert "translation-notice" in vietnamese  # modules missing in Vietnamese
    assert "translation-notice" in indonesian
    assert '<p class="lead" lang="en">Activity data and emission factors.</p>' in indonesian
    assert '<p class="lead">Dữ liệu hoạt động và hệ số phát thải.</p>' in vietnamese
    assert "translation-notice" not in client.get("/en/training/inventory-course/").content.decode()


def test_json_ld_is_a_course_with_nonce(client: Client, course):
    html = client.get("/en/training/inventory-course/").content.decode()

    match = re.search(r'<script type="application/ld\+json" nonce="[^"]+">(.*?)</script>', html, re.S)
    data = json.loads(match.group(1))
    assert data["@type"] == "Course"
    assert data["educationalLevel"] == "Introductory"


def test_query_count_does_not_grow_with_tags(
    client: Client, training_index, terms, django_assert_num_queries
):
    few = TrainingMaterialPageFactory(
        parent=training_index, slug="few", terms={"actions": [terms["action"]["emissions-inventory"]]}
    )
    many = TrainingMaterialPageFactory(
        parent=training_index,
        slug="many",
        city=terms["city"]["bangkok"],
        terms={
            "themes": list(terms["theme"].values()),
            "actions": list(terms["action"].values()),
            "partner_cities": list(terms["city"].values())[:8],
        },
    )
    few.city = terms["city"]["bangkok"]
    few.save_revision().publish()
    expected = query_count(client, few.url)
    client.get(many.url)

    with django_assert_num_queries(expected):
        client.get(many.url)
