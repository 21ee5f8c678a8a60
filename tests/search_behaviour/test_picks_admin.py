"""Editors manage editors' picks in the admin; nobody else can."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from experts.factories import ExpertFactory
from knowledge.factories import CaseStudyPageFactory
from portal.models import HomePage, SearchPick
from tests.search_behaviour.test_search_report import user_in

pytestmark = pytest.mark.django_db

ADD = "/admin/snippets/portal/searchpick/add/"


@pytest.fixture
def page(case_study_index):
    return CaseStudyPageFactory(
        parent=case_study_index, slug="jakarta-lez", title="Jakarta low-emission zone"
    )


def form(**changes) -> dict:
    data = {"query": "Hà  Nội", "language": "", "page": "", "expert": "", "sort_order": "0", "note": ""}
    data.update(changes)
    return data


def test_an_editor_pins_a_page_for_a_query(page):
    editor = user_in("Editors", "editor")

    assert editor.get(ADD).status_code == 200
    response = editor.post(ADD, form(page=page.pk, note="The plan readers ask for"))

    assert response.status_code == 302, response.content.decode()[:2000]
    pick = SearchPick.objects.get()
    assert (pick.page_id, pick.normalised_query, pick.language) == (page.pk, "ha noi", "")


def test_an_editor_pins_an_expert_in_one_language(page):
    expert = ExpertFactory(name="Arief Wibowo")

    response = user_in("Editors", "editor").post(ADD, form(expert=expert.pk, language="id"))

    assert response.status_code == 302
    assert SearchPick.objects.get().expert == expert


def test_a_pick_needs_exactly_one_target_of_a_searchable_kind(page, home_page):
    editor = user_in("Editors", "editor")
    expert = ExpertFactory()

    assert editor.post(ADD, form()).status_code == 200
    assert editor.post(ADD, form(page=page.pk, expert=expert.pk)).status_code == 200
    assert editor.post(ADD, form(page=home_page.pk)).status_code == 200
    assert editor.post(ADD, form(page=page.pk, query="  ")).status_code == 200
    assert not SearchPick.objects.exists()
    with pytest.raises(ValidationError):
        SearchPick(query="ha noi", page=HomePage.objects.get()).full_clean()


def test_people_without_the_snippet_permissions_cannot_manage_picks(client: Client, page):
    reviewer = user_in("Reviewers", "reviewer")

    assert reviewer.get("/admin/snippets/portal/searchpick/").status_code != 200
    reviewer.post(ADD, form(page=page.pk))
    client.post(ADD, form(page=page.pk))

    assert not SearchPick.objects.exists()
