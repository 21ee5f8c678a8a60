"""Expert profiles are moderated on Wagtail's machinery: a change an expert sends is a draft
revision in the "Expert profile moderation" workflow; readers see the live version until an editor
approves; editors approve, request changes with a comment, or reject, and the expert is told."""

import datetime
import importlib
import io
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import QueryDict
from django.test import Client
from django.utils import timezone
from PIL import Image

from experts import services
from experts.accounts.models import AccountRole, FocalPointType
from experts.factories import AccountFactory, ExpertFactory, UserFactory, expert_user
from experts.models import (
    Expert,
    ExpertReviewTask,
    ExpertRevision,
    ExpertStatus,
    ModerationDecision,
    NominationStatus,
    RevisionStatus,
)
from knowledge.models import City, Theme
from tests.experts.moderation import compare_url, decide, draft_of, review_state, review_task

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(site):
    """An editor as the secretariat has them: in Wagtail's Editors group, not a superuser."""
    user = UserFactory(email="editor@example.org", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_default_workflow_reviews_every_profile_by_editors():
    workflow = Expert.get_default_workflow()

    assert workflow is not None and workflow.name == "Expert profile moderation"
    (task,) = [task.specific for task in workflow.tasks]
    assert isinstance(task, ExpertReviewTask)
    assert {group.name for group in task.groups.all()} == {"Editors", "Moderators"}
    editors = Group.objects.get(name="Editors")
    assert {"publish_expert", "lock_expert", "unlock_expert"} <= set(
        editors.permissions.values_list("codename", flat=True)
    )


def test_readers_see_the_live_profile_and_the_expert_their_draft(site):
    expert = ExpertFactory(position="Engineer", biography="<p>Runs sensors.</p>")
    user = expert_user(expert)

    services.submit_profile_revision(
        expert=expert,
        user=user,
        data={"position_en": "Chief engineer", "biography_en": "<p>Runs <b>CMAQ</b>.</p>"},
    )

    profile = Client().get(expert.get_absolute_url()).content.decode()
    assert "Engineer" in profile and "Chief engineer" not in profile and "Runs sensors." in profile
    form = logged_in(user).get("/en/accounts/profile/").content.decode()
    assert 'value="Chief engineer"' in form and "**CMAQ**" in form
    expert.refresh_from_db()
    assert expert.position_en == "Engineer" and expert.has_unpublished_changes
    assert "Waiting for review" in logged_in(user).get("/en/accounts/").content.decode()


def test_an_editor_in_the_editors_group_approves_from_the_queue(editor):
    expert = ExpertFactory(position="Engineer", skills=["GIS"])
    user = expert_user(expert, language="vi")
    bangkok = City.objects.get(slug="bangkok")
    theme = Theme.objects.get(slug="clean-air-for-all")
    services.submit_profile_revision(
        expert=expert, user=user, data={"skills": ["GIS", "WRF"], "city": "bangkok", "themes": [theme.slug]}
    )
    client = logged_in(editor)
    queue = client.get("/admin/expert-moderation/").content.decode()
    assert expert.name in queue and compare_url(expert) in queue

    response = client.post(
        f"/admin/snippets/experts/expert/workflow/action/{expert.pk}/approve/{review_task(expert).pk}/",
        {"next": "/admin/expert-moderation/"},
    )

    assert response.status_code == 302 and response["Location"] == "/admin/expert-moderation/"
    expert.refresh_from_db()
    assert expert.skills == ["GIS", "WRF"] and expert.city == bangkok
    assert list(expert.themes.all()) == [theme]
    assert expert.last_reviewed == timezone.localdate()
    assert review_state(expert).status == "approved"
    assert [message.to for message in mail.outbox if message.to == [expert.email]] == [[expert.email]], [
        (message.to, message.subject[:60]) for message in mail.outbox
    ]
    assert "Nothing waiting." in client.get("/admin/expert-moderation/").content.decode()


def test_a_rejected_change_keeps_the_live_profile_and_the_next_edit_starts_from_it(editor):
    expert = ExpertFactory(position="Engineer")
    user = expert_user(expert, language="th")
    services.submit_profile_revision(expert=expert, user=user, data={"position_en": "Buy my product"})
    client = logged_in(editor)

    assert decide(client, expert, "decline").status_code == 302  # a reason is required
    assert review_task(expert) is not None
    decide(client, expert, "decline", comment="Profiles are not advertisements.")

    expert.refresh_from_db()
    assert expert.position_en == "Engineer" and not expert.has_unpublished_changes
    assert review_task(expert) is None
    decision = ModerationDecision.objects.get(subject="profile")
    assert decision.decision == "declined" and decision.actor == editor
    (letter,) = [message for message in mail.outbox if message.to == [expert.email]]
    assert "Profiles are not advertisements." in letter.body
    account = logged_in(user).get("/en/accounts/").content.decode()
    assert "Profiles are not advertisements." in account
    form = logged_in(user).get("/en/accounts/profile/").content.decode()
    assert 'value="Engineer"' in form and "Buy my product" not in form


def test_an_expert_resubmitting_during_review_restarts_it_on_the_newest_draft(editor):
    expert = ExpertFactory(position="Engineer")
    user = expert_user(expert)
    services.submit_profile_revision(expert=expert, user=user, data={"position_en": "First try"})
    first_task = review_task(expert)

    services.submit_profile_revision(expert=expert, user=user, data={"position_en": "Second try"})

    first_task.refresh_from_db()
    assert first_task.status == "cancelled"
    assert draft_of(expert).position_en == "Second try"
    # An editor who still had the first draft open is told it was decided (replaced) already.
    response = logged_in(editor).post(
        f"/admin/snippets/experts/expert/workflow/action/{expert.pk}/approve/{first_task.pk}/"
    )
    assert response.status_code == 302
    expert.refresh_from_db()
    assert expert.position_en == "Engineer"


def test_editors_lock_a_profile_while_they_work_on_it(editor):
    expert = ExpertFactory()

    response = logged_in(editor).post(f"/admin/snippets/experts/expert/lock/{expert.pk}/")

    assert response.status_code == 302
    expert.refresh_from_db()
    assert expert.locked and expert.locked_by == editor


def _png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (80, 80), (10, 90, 40)).save(buffer, format="PNG")
    return SimpleUploadedFile("proposed.png", buffer.getvalue(), content_type="image/png")


def test_the_data_migration_turns_pending_changes_into_drafts_under_review(editor):
    migration = importlib.import_module("experts.migrations.0009_pending_changes_to_drafts")
    expert = ExpertFactory(name="Pending Person", position="Engineer", skills=["GIS"])
    expert.themes.set([Theme.objects.get(slug="clean-air-for-all")])
    # As migration 0007 left every profile: its first revision is its live version.
    first = expert.save_revision(clean=False, changed=False)
    Expert.objects.filter(pk=expert.pk).update(live_revision=first)
    user = expert_user(expert)
    sent = timezone.now() - datetime.timedelta(days=3)
    older = ExpertRevision.objects.create(
        expert=expert,
        submitted_by=user,
        data={"position_en": "Older"},
        created_at=sent - datetime.timedelta(days=1),
    )
    pending = ExpertRevision(
        expert=expert,
        submitted_by=user,
        created_at=sent,
        data={
            "position_en": "Head of inventories",
            "biography_th": "<p>ผู้เชี่ยวชาญ</p>",
            "skills": ["GIS", "WRF"],
            "city": "bangkok",
            "themes": ["raising-climate-ambition"],
        },
    )
    pending.photo.save("proposed.png", _png(), save=False)
    pending.save()
    other = ExpertFactory(position="Unchanged")
    decided = ExpertRevision.objects.create(
        expert=other, data={"position_en": "Approved long ago"}, status=RevisionStatus.APPROVED
    )

    migration.pending_changes_to_drafts(apps, None)

    expert.refresh_from_db()
    assert expert.position_en == "Engineer" and expert.has_unpublished_changes  # readers: unchanged
    task = review_task(expert)
    assert task.revision.user == user and task.revision.created_at == sent
    assert review_state(expert).requested_by == user
    draft = task.revision.as_object()
    assert draft.position_en == "Head of inventories"
    assert draft.biography_th == "<p>ผู้เชี่ยวชาญ</p>"
    assert draft.skills == ["GIS", "WRF"] and draft.city.slug == "bangkok"
    assert draft.photo.name == pending.photo.name
    assert draft.revision_expertise["themes"] == ["raising-climate-ambition"]
    assert draft.revision_expertise["pollutants"] == []
    assert set(ExpertRevision.objects.filter(expert=expert).values_list("status", flat=True)) == {
        "superseded"
    }
    assert older.pk != pending.pk
    decided.refresh_from_db()
    assert decided.status == RevisionStatus.APPROVED and review_task(other) is None
    # The expert's form shows the migrated draft, and editors decide on it like on any other.
    assert 'value="Head of inventories"' in logged_in(user).get("/en/accounts/profile/").content.decode()
    decide(logged_in(editor), expert, "approve")
    expert.refresh_from_db()
    assert expert.position_en == "Head of inventories" and expert.city.slug == "bangkok"
    assert list(expert.themes.values_list("slug", flat=True)) == ["raising-climate-ambition"]
    assert expert.photo.name == pending.photo.name


def test_a_nomination_is_reviewed_in_the_same_workflow(editor):
    focal_point = AccountFactory(
        role=AccountRole.FOCAL_POINT,
        focal_point_type=FocalPointType.GOVERNMENT,
        organisation="Pollution Control Department, Thailand",
        preferred_language="th",
    )
    nomination = services.nominate_expert(
        account=focal_point,
        name="Somchai Wongsawat",
        email="somchai.w@example.net",
        organisation="Chiang Mai University",
        organisation_type="academia",
        city=City.objects.get(slug="chiang-mai"),
        themes=[],
        actions=[],
        reason="Leads the northern haze monitoring network.",
        language="th",
    )
    expert = nomination.expert
    assert review_state(expert).requested_by == focal_point.user
    client = logged_in(editor)
    # Nobody can edit an unclaimed profile yet: an editor publishes it or declines it.
    actions = {name for name, _label, _modal in review_task(expert).task.specific.get_actions(expert, editor)}
    assert actions == {"approve", "decline"}
    mail.outbox.clear()

    decide(client, expert, "approve")

    nomination.refresh_from_db()
    expert.refresh_from_db()
    assert nomination.status == NominationStatus.APPROVED and nomination.decided_by == editor
    assert expert.status == ExpertStatus.PUBLISHED and expert.live_revision is not None
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        ["somchai.w@example.net", focal_point.user.email]
    )
    # Recorded as the nomination's decision and the invitation it sends, not as a profile change.
    assert set(ModerationDecision.objects.values_list("subject", flat=True)) == {"nomination", "invitation"}


class _FormFields(HTMLParser):
    """The values a browser would send for the admin's edit form: inputs, textareas, selects."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: list[tuple[str, str]] = []
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in {"submit", "button", "file"}:
            if attrs.get("type") in {"checkbox", "radio"} and "checked" not in attrs:
                return
            self.fields.append((name, attrs.get("value") or ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self.fields.append((name, ""))
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.fields.append((self._select, attrs.get("value") or ""))

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            name, value = self.fields[-1]
            self.fields[-1] = (name, value + data)


def test_an_editor_deciding_on_the_profile_page_after_another_editor_is_told_so(editor, monkeypatch):
    expert = ExpertFactory(position="Engineer")
    services.submit_profile_revision(
        expert=expert, user=expert_user(expert), data={"position_en": "Chief engineer"}
    )
    client = logged_in(editor)
    edit_url = f"/admin/snippets/experts/expert/edit/{expert.pk}/"
    parser = _FormFields()
    parser.feed(client.get(edit_url).content.decode())
    data = QueryDict(mutable=True)
    for name, value in parser.fields:
        data.appendlist(name, value)
    data.update({"action-workflow-action": "true", "workflow-action-name": "approve"})

    # Another editor's decision lands between this page's load and the button press.
    def decided_first(**kwargs):
        raise services.decided_already()

    monkeypatch.setattr("experts.services.moderation.decide", decided_first)
    response = client.post(edit_url, data)

    assert response.status_code == 302 and response["Location"] == edit_url
    assert "decided already by another editor" in client.get(edit_url).content.decode()
    expert.refresh_from_db()
    assert expert.position_en == "Engineer"  # nothing published by the late press
