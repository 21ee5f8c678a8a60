"""An editor writes a case study in four languages, a reviewer approves it, readers see it live."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from wagtail.models import Workflow, WorkflowPage

from knowledge.models import CaseStudyPage

pytestmark = pytest.mark.django_db

STREAM_FIELDS = ["body", "results", "sources"]
LANGUAGE_SUFFIXES = {"en": "en", "vi": "vi", "id": "ind", "th": "th"}
TITLES = {
    "en": "Cleaner buses in Da Nang",
    "vi": "Xe buýt sạch hơn ở Đà Nẵng",
    "id": "Bus yang lebih bersih di Da Nang",
    "th": "รถโดยสารที่สะอาดขึ้นในดานัง",
}


def user_in(group: str, username: str) -> object:
    user = get_user_model().objects.create_user(username, f"{username}@example.org", "a-long-password-1")
    user.groups.add(Group.objects.get(name=group))
    return user


def create_form(index_pk: int) -> dict[str, str]:
    data = {"slug": "cleaner-buses-da-nang", "status": "completed", "related_pages-count": "0"}
    for language, suffix in LANGUAGE_SUFFIXES.items():
        data[f"title_{suffix}"] = TITLES[language]
        data[f"summary_{suffix}"] = f"{TITLES[language]}."
        for field in STREAM_FIELDS:
            data[f"{field}_{suffix}-count"] = "0"
    return data


def test_the_home_page_subtree_uses_the_review_and_publish_workflow(home_page):
    workflow = Workflow.objects.get(name="Review and publish")
    assert WorkflowPage.objects.get(page=home_page).workflow == workflow
    task = workflow.tasks.get().specific
    assert list(task.groups.values_list("name", flat=True)) == ["Reviewers"]


def test_editor_submits_reviewer_approves_and_the_page_is_live_in_four_languages(site, case_study_index):
    editor_client, reviewer_client = Client(), Client()
    editor_client.force_login(user_in("Editors", "editor"))
    reviewer_client.force_login(user_in("Reviewers", "reviewer"))

    add_url = reverse("wagtailadmin_pages:add", args=("knowledge", "casestudypage", case_study_index.pk))
    response = editor_client.post(add_url, {**create_form(case_study_index.pk), "action-submit": "submit"})
    assert response.status_code == 302, response.content.decode()[:3000]

    page = CaseStudyPage.objects.get(slug="cleaner-buses-da-nang")
    assert not page.live
    state = page.current_workflow_state
    assert state.status == "in_progress"
    assert Client().get("/en/case-studies/cleaner-buses-da-nang/").status_code == 404

    task_state = state.current_task_state
    approve_url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "approve", task_state.pk))
    response = reviewer_client.post(approve_url, {"comment": "Checked the figures."})
    assert response.status_code == 302, response.content.decode()[:2000]

    page.refresh_from_db()
    assert page.live
    for language, title in TITLES.items():
        html = Client().get(f"/{language}/case-studies/cleaner-buses-da-nang/").content.decode()
        assert title in html
        assert "translation-notice" not in html


def test_an_editor_cannot_publish_directly(site, case_study_index):
    client = Client()
    client.force_login(user_in("Editors", "editor"))
    add_url = reverse("wagtailadmin_pages:add", args=("knowledge", "casestudypage", case_study_index.pk))

    client.post(add_url, {**create_form(case_study_index.pk), "action-publish": "publish"})

    assert not CaseStudyPage.objects.get(slug="cleaner-buses-da-nang").live
