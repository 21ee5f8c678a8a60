"""What a translator and an editor see on a case study's form, and what readers see after publishing."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from knowledge.factories import CaseStudyPageFactory
from knowledge.models import CaseStudyPage
from tests.knowledge.test_workflow import create_form

pytestmark = pytest.mark.django_db


def add_form(client: Client, index) -> str:
    return client.get(f"/admin/pages/add/knowledge/casestudypage/{index.pk}/").content.decode()


def test_every_languages_title_box_has_a_placeholder_a_border_and_a_full_name(
    client, admin_user, case_study_index
):
    client.force_login(admin_user)
    html = add_form(client, case_study_index)
    for suffix, name in (("vi", "Vietnamese"), ("ind", "Bahasa Indonesia"), ("th", "Thai")):
        box = re.search(rf'<input[^>]*name="title_{suffix}"[^>]*>', html).group(0)
        assert f'placeholder="Page title in {name}"' in box
        assert f"<span data-panel-heading-text>Title ({name})</span>" in html
    assert "[ind]" not in html and "(ind)" not in html
    # The stylesheet that gives the title boxes their border is on the page editor.
    assert re.search(r'<link rel="stylesheet" href="/static/css/admin-editor[.\w]*\.css">', html)


def test_a_new_case_study_has_no_status_until_the_editor_chooses(client, admin_user, case_study_index):
    client.force_login(admin_user)
    select = re.search(
        r'<select name="status" id="id_status">(.*?)</select>', add_form(client, case_study_index), re.S
    )
    assert re.search(r'<option value="" selected>', select.group(1))
    assert 'completed" selected' not in select.group(1)
    page = CaseStudyPageFactory(parent=case_study_index, slug="no-status")
    assert page.status == ""
    html = Client().get(page.url).content.decode()
    assert "<dt>Status</dt>" not in html


def test_a_page_an_editor_publishes_no_longer_says_not_yet_reviewed(client, admin_user, case_study_index):
    unreviewed = CaseStudyPageFactory(parent=case_study_index, slug="loaded-by-a-script")
    assert "Not yet reviewed by an editor." in Client().get(unreviewed.url).content.decode()

    client.force_login(admin_user)
    add_url = reverse("wagtailadmin_pages:add", args=("knowledge", "casestudypage", case_study_index.pk))
    response = client.post(add_url, {**create_form(case_study_index.pk), "action-publish": "publish"})
    assert response.status_code == 302, response.content.decode()[:2000]
    page = CaseStudyPage.objects.get(slug="cleaner-buses-da-nang")
    assert page.live and page.last_reviewed == timezone.localdate()
    html = Client().get("/en/case-studies/cleaner-buses-da-nang/").content.decode()
    assert "Not yet reviewed by an editor." not in html
    assert "Last reviewed" in html
