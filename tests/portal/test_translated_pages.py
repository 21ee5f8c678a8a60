"""A translated Wagtail page type migrates, edits in the admin and renders per language."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from wagtail.test.utils.form_data import nested_form_data

from portal.models import HomePage

pytestmark = pytest.mark.django_db


def test_migrations_create_a_column_per_language_for_translated_fields():
    columns = {
        column.name
        for column in connection.introspection.get_table_description(connection.cursor(), "portal_homepage")
    }
    page_columns = {
        column.name
        for column in connection.introspection.get_table_description(connection.cursor(), "wagtailcore_page")
    }

    assert {"intro_en", "intro_vi", "intro_ind", "intro_th"} <= columns
    assert {"title_en", "title_vi", "title_ind", "title_th"} <= page_columns


def test_an_editor_edits_every_language_version_in_the_admin_and_readers_see_their_own(client: Client, site):
    admin = get_user_model().objects.create_superuser("editor", "editor@example.org", "a-long-password")
    client.force_login(admin)
    home = HomePage.objects.get()

    edit_url = f"/admin/pages/{home.pk}/edit/"
    form = client.get(edit_url)
    assert form.status_code == 200
    for field in ("id_title_en", "id_title_vi", "id_title_ind", "id_title_th", "id_intro_th"):
        assert field in form.content.decode()

    response = client.post(
        edit_url,
        nested_form_data(
            {
                "title_en": "Clean air exchange",
                "title_vi": "Trao đổi không khí sạch",
                "title_ind": "Pertukaran udara bersih",
                "title_th": "แลกเปลี่ยนอากาศสะอาด",
                "intro_en": "Learn from other cities.",
                "intro_vi": "Học hỏi từ các thành phố khác.",
                "intro_ind": "Belajar dari kota lain.",
                "intro_th": "เรียนรู้จากเมืองอื่น",
                "slug": home.slug,
                "action-publish": "publish",
            }
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]

    client.logout()
    assert "Học hỏi từ các thành phố khác." in client.get("/vi/").content.decode()
    assert "Belajar dari kota lain." in client.get("/id/").content.decode()
    assert "เรียนรู้จากเมืองอื่น" in client.get("/th/").content.decode()
    assert "Learn from other cities." in client.get("/en/").content.decode()


def test_an_untranslated_field_falls_back_to_english(client: Client, site):
    home = HomePage.objects.get()
    home.intro_en = "Learn from other cities."
    home.intro_th = None
    home.save_revision().publish()

    assert "Learn from other cities." in client.get("/th/").content.decode()


def test_the_home_page_marks_titles_shown_in_english_for_want_of_a_translation(client: Client, site):
    from knowledge.factories import CaseStudyIndexPageFactory, CaseStudyPageFactory, translations

    index = CaseStudyIndexPageFactory(parent=HomePage.objects.get())
    CaseStudyPageFactory(parent=index, title="Only in English")
    CaseStudyPageFactory(parent=index, **translations("title", {"en": "Buses", "th": "รถเมล์"}))

    html = client.get("/th/").content.decode()

    # Screen readers then read the English title as English, and the Thai one as Thai.
    assert 'lang="en">Only in English</a>' in html
    assert ">รถเมล์</a>" in html and 'lang="en">รถเมล์' not in html
