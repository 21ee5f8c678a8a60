"""IDOR: nobody reaches another person's profile editor, drafts, photos, nominations, calendar or
data by changing an address or adding a field; editors' pages refuse everyone else."""

from __future__ import annotations

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from experts import services
from experts.accounts.models import AccountRole, FocalPointType
from experts.factories import AccountFactory, ExpertFactory
from experts.models import Expert, ExpertStatus, Nomination
from knowledge.factories import CaseStudyPageFactory
from tests.experts.moderation import action_url, compare_url, decide, draft_of, review_task
from tests.security.conftest import logged_in

pytestmark = pytest.mark.django_db


def profile_post(profile: Expert, changes: dict | None = None) -> dict:
    data = {
        "position_en": profile.position_en or "",
        "organisation_en": profile.organisation_en or "",
        "biography_en": profile.biography_en or "",
        "organisation_type": profile.organisation_type,
        "city": profile.city.slug,
        "languages": "en",
        "public_fields": ["biography", "skills", "photo"],
    }
    data.update(changes or {})
    return data


def jpeg() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (300, 300), (10, 90, 40)).save(buffer, format="JPEG")
    return SimpleUploadedFile("me.jpg", buffer.getvalue(), content_type="image/jpeg")


def test_extra_fields_cannot_change_who_or_what_the_profile_is(own_expert, other_expert, editor):
    client = logged_in(own_expert.user)
    client.post(
        "/en/accounts/profile/",
        profile_post(
            own_expert,
            {
                "position_en": "Changed",
                "name": "Renamed By Me",
                "email": "attacker@example.com",
                "status": "published",
                "slug": other_expert.slug,
                "user": str(other_expert.user_id),
                "expert": str(other_expert.pk),
                "last_reviewed": "2000-01-01",
            },
        ),
    )
    assert review_task(other_expert) is None
    draft = draft_of(own_expert)
    assert draft.position_en == "Changed"
    assert (draft.name, draft.email, draft.slug, draft.user_id) == (
        "Own Expert",
        "own@example.net",
        own_expert.slug,
        own_expert.user_id,
    )
    assert draft.last_reviewed == own_expert.last_reviewed

    decide(logged_in(editor), own_expert, "approve")
    own_expert.refresh_from_db()
    other_expert.refresh_from_db()
    assert (own_expert.name, own_expert.email) == ("Own Expert", "own@example.net")
    assert other_expert.position_en != "Changed"


def test_moderation_pages_refuse_members_experts_and_staff_without_the_permission(own_expert, member):
    services.submit_profile_revision(expert=own_expert, user=own_expert.user, data={"position_en": "Sneaky"})
    staff = get_user_model().objects.create_user(
        "staff", "staff@example.org", "a-long-password-1", is_staff=True
    )
    staff.user_permissions.add(Permission.objects.get(codename="access_admin"))
    for user in (member, own_expert.user, staff):
        client = logged_in(user)
        for url in ("/admin/expert-moderation/", compare_url(own_expert), action_url(own_expert, "approve")):
            assert client.get(url).status_code in (302, 403), (user, url)
        for action in ("approve", "reject", "decline"):
            decided = client.post(action_url(own_expert, action), {"comment": "Sneaky"})
            assert decided.status_code in (302, 403)
            assert not decided.get("Location", "").startswith("/admin/snippets/experts/")
        assert review_task(own_expert) is not None, user
    own_expert.refresh_from_db()
    assert own_expert.position_en != "Sneaky"


def test_pending_and_public_photos_have_unguessable_names(own_expert, other_expert):
    for expert in (own_expert, other_expert):
        logged_in(expert.user).post("/en/accounts/profile/", profile_post(expert, {"photo": jpeg()}))
    names = [draft_of(expert).photo.name.rsplit("/", 1)[1] for expert in (own_expert, other_expert)]

    assert len(set(names)) == 2
    for name in names:
        assert re.fullmatch(r"[A-Za-z0-9_-]{20,}\.jpg", name), name
    # The draft photo is not linked from the public profile before review.
    public = Client().get(own_expert.get_absolute_url()).content.decode()
    assert not any(name in public for name in names)


def test_drafts_are_out_of_reach_of_readers_by_address(site, case_study_index, member, client: Client):
    draft_expert = ExpertFactory(status=ExpertStatus.DRAFT, name="Draft Person")
    archived = ExpertFactory(status=ExpertStatus.ARCHIVED, name="Archived Person")
    page = CaseStudyPageFactory(parent=case_study_index, slug="secret-draft", title="Secret draft plan")
    page.unpublish()

    for reader in (client, logged_in(member)):
        assert reader.get(draft_expert.get_absolute_url()).status_code == 404
        assert reader.get(archived.get_absolute_url()).status_code == 404
        assert (
            reader.post(
                f"/en/experts/{draft_expert.slug}/contact/", {"subject": "s", "body": "b"}
            ).status_code
            == 404
        )
        assert reader.get("/en/case-studies/secret-draft/").status_code == 404
        preview = reader.get(f"/admin/pages/{page.pk}/edit/preview/")
        assert preview.status_code in (302, 403)
        assert "Secret draft plan" not in reader.get("/en/case-studies/").content.decode()


def test_focal_points_see_only_their_own_nominations(focal_point, site):
    other = AccountFactory(role=AccountRole.FOCAL_POINT, focal_point_type=FocalPointType.ACADEMIA)
    theirs = ExpertFactory(status=ExpertStatus.IN_REVIEW, name="Their Nominee")
    Nomination.objects.create(expert=theirs, nominated_by=other, nominating_body="University", reason="Why")

    page = logged_in(focal_point).get("/en/accounts/nominate/").content.decode()
    export = logged_in(focal_point).get("/en/accounts/my-data/").content.decode()

    assert "Their Nominee" not in page
    assert "Their Nominee" not in export
    assert logged_in(focal_point).get(theirs.get_absolute_url()).status_code == 404


def test_the_data_download_holds_only_the_signed_in_persons_data(own_expert, other_expert, member):
    logged_in(member).post(
        f"/en/experts/{other_expert.slug}/contact/", {"subject": "Private", "body": "Secret body"}
    )

    mine = logged_in(own_expert.user).get("/en/accounts/my-data/").content.decode()

    assert "own@example.net" in mine
    assert "other@example.net" not in mine
    assert "member@example.org" not in mine
    assert "Secret body" not in mine
