"""The moderation workflow and its task are stored in English (rows a migration creates); an
editor reads their names in the admin language they chose, wherever Wagtail shows them."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import translation
from wagtail.models import Task, Workflow
from wagtail.users.models import UserProfile

from experts import services
from experts.factories import ExpertFactory, UserFactory, expert_user
from tests.experts.moderation import review_state

pytestmark = pytest.mark.django_db

THAI_WORKFLOW = "การกลั่นกรองโปรไฟล์ผู้เชี่ยวชาญ"
THAI_TASK = "บรรณาธิการตรวจทานการแก้ไขโปรไฟล์"


def editor_in(language: str) -> Client:
    user = UserFactory(email=f"editor-{language}@example.org", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def submitted(site):
    expert = ExpertFactory(name="Maria Santos", languages=["en"])
    services.submit_profile_revision(
        expert=expert,
        user=expert_user(expert),
        data={"position_en": "Network lead", "city": expert.city.slug, "languages": ["en", "tl"]},
    )
    return expert


def test_a_thai_editor_reads_the_workflow_and_task_in_thai_on_the_profile_and_in_its_history(submitted):
    client = editor_in("th")

    edit = client.get(reverse("wagtailsnippets_experts_expert:edit", args=[submitted.pk])).content.decode()
    assert THAI_WORKFLOW in edit and THAI_TASK in edit
    assert "Expert profile moderation" not in edit and "Editors review the profile change" not in edit

    history = client.get(reverse("wagtailsnippets_experts_expert:workflow_history", args=[submitted.pk]))
    assert history.status_code == 200
    assert THAI_WORKFLOW in history.content.decode()
    assert "Expert profile moderation" not in history.content.decode()
    detail = client.get(
        reverse(
            "wagtailsnippets_experts_expert:workflow_history_detail",
            args=[submitted.pk, review_state(submitted).pk],
        )
    ).content.decode()
    assert THAI_WORKFLOW in detail and THAI_TASK in detail

    # The profile's history quotes the names as the reader reads them, whoever acted in which language.
    log = client.get(reverse("wagtailsnippets_experts_expert:history", args=[submitted.pk])).content.decode()
    assert THAI_WORKFLOW in log and "Expert profile moderation" not in log


def test_an_english_editor_reads_them_in_english(submitted):
    edit = editor_in("en").get(reverse("wagtailsnippets_experts_expert:edit", args=[submitted.pk]))
    assert "Expert profile moderation" in edit.content.decode()
    assert THAI_WORKFLOW not in edit.content.decode()


def test_the_stored_names_stay_english_when_a_thai_editor_saves_them(site):
    workflow = Workflow.objects.get(name="Expert profile moderation")
    with translation.override("th"):
        workflow = Workflow.objects.get(pk=workflow.pk)
        assert workflow.name == THAI_WORKFLOW
        assert str(workflow) == THAI_WORKFLOW
        workflow.name = workflow.name  # what the workflow's form posts back, unchanged
        workflow.save()
    assert (
        Workflow.objects.filter(pk=workflow.pk).values_list("name", flat=True).get()
        == "Expert profile moderation"
    )
    with translation.override("vi"):
        assert (
            Task.objects.get(name="Editors review the profile change").name
            == "Biên tập viên xem xét thay đổi hồ sơ"
        )


def test_a_name_an_editor_made_up_reads_as_written(site):
    workflow = Workflow.objects.create(name="Quarterly check", active=True)
    with translation.override("th"):
        assert Workflow.objects.get(pk=workflow.pk).name == "Quarterly check"


def test_a_history_entry_recorded_by_a_thai_editor_reads_in_english_to_an_english_one(site):
    from types import SimpleNamespace

    from wagtail.log_actions import registry

    # What Wagtail records when a Thai editor starts the workflow: the names as they read to them.
    entry = SimpleNamespace(
        action="wagtail.workflow.start",
        data={"workflow": {"id": 1, "title": THAI_WORKFLOW, "next": {"id": 2, "title": THAI_TASK}}},
    )
    with translation.override("en"):
        message = str(registry.get_formatter(entry).format_message(entry))
    assert message == "'Expert profile moderation' started. Next step 'Editors review the profile change'"
    assert entry.data["workflow"]["title"] == THAI_WORKFLOW  # the entry itself is left as recorded
