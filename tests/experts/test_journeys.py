import io
import json

import pytest
from django.core import mail
from django.test import Client
from PIL import Image

from experts.accounts.models import Account, AccountStatus
from experts.factories import DEFAULT_PASSWORD, AccountFactory, ExpertFactory, UserFactory, expert_user
from experts.models import ContactMessage, Expert, ExpertStatus, ModerationDecision
from knowledge.models import Action, City
from portal.sanitize import html_to_text
from tests.experts.conftest import last_link, sign_in
from tests.experts.moderation import compare_url, decide, draft_of, review_state, review_task

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "Haiphong-inventory-2026"


@pytest.fixture
def editor(site):
    return UserFactory(email="secretariat@example.org", is_staff=True, is_superuser=True)


def profile_post(expert: Expert, **changes) -> dict:
    data = {
        "position_en": expert.position_en or "",
        "organisation_en": expert.organisation_en or "",
        "biography_en": html_to_text(expert.biography_en or ""),
        "organisation_type": expert.organisation_type,
        "city": expert.city.slug,
        "actions": [],
        "skills": "",
        "languages": ["en"],
        "links": "",
        "public_fields": ["biography", "skills"],
    }
    data.update(changes)
    return data


def png_bytes(size=(1200, 900), fmt="PNG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 120, 90)).save(buffer, format=fmt)
    return buffer.getvalue()


def test_invitation_claim_sign_in_edit_review_publish(editor, indexed):
    expert = ExpertFactory(
        name="Nguyễn Văn Hải", email="hai.nguyen@example.net", status=ExpertStatus.DRAFT, position="Engineer"
    )
    editor_client, expert_client, visitor = Client(), Client(), Client()
    editor_client.force_login(editor)

    # The editor invites from the admin.
    response = editor_client.post(
        "/admin/expert-moderation/invite/", {"expert": expert.pk, "email": "", "language": "vi"}
    )
    assert response.status_code == 302
    assert mail.outbox[-1].to == ["hai.nguyen@example.net"]
    claim_link = last_link("/accounts/claim/")
    assert claim_link.startswith("/vi/")

    # The expert sets a password; a mismatch re-renders with the error and nothing is claimed.
    expert_client.get(claim_link)
    bad = expert_client.post(
        "/vi/accounts/claim/", {"preferred_language": "vi", "password1": NEW_PASSWORD, "password2": "x"}
    )
    assert bad.status_code == 400
    assert 'aria-describedby="id_password2_error"' in bad.content.decode()
    claimed = expert_client.post(
        "/vi/accounts/claim/",
        {"preferred_language": "vi", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert claimed.status_code == 302
    expert.refresh_from_db()
    assert expert.user.email == "hai.nguyen@example.net"
    assert expert.user.account.preferred_language == "vi"
    # The invitation works once.
    expert_client.get(claim_link)
    assert expert_client.get("/vi/accounts/claim/").status_code == 410

    # Two-step sign-in, then the expert edits and previews their profile.
    sign_in(expert_client, "hai.nguyen@example.net", NEW_PASSWORD)
    edit = expert_client.get("/en/accounts/profile/")
    assert edit.status_code == 200
    inventory = Action.objects.get(slug="emissions-inventory")
    changes = profile_post(
        expert,
        position_en="Head of emissions inventory",
        position_vi="Trưởng nhóm kiểm kê phát thải",
        biography_en="Led the **port** inventory.\n\n[x](javascript:alert(1)) <script>alert(1)</script>",
        actions=[inventory.slug],
        city="haiphong",
        languages=["vi", "en"],
        links="https://example.org/haiphong-inventory.pdf",
        photo=io.BytesIO(png_bytes()),
    )
    changes["photo"].name = "me.png"
    preview = expert_client.post("/en/accounts/profile/", {**changes, "preview": "1"})
    assert preview.status_code == 200
    assert "Head of emissions inventory" in preview.content.decode()
    assert review_task(expert) is None
    changes["photo"].seek(0)
    submitted = expert_client.post("/en/accounts/profile/", {**changes, "submit": "1"})
    assert submitted.status_code == 302

    # A draft revision, written by the expert, waits in the editors' workflow.
    draft = draft_of(expert)
    assert review_task(expert).revision.user.email == "hai.nguyen@example.net"
    # What the expert typed is text: markup they type is shown, never run; only the marks make tags.
    assert draft.biography_en == (
        "<p>Led the <strong>port</strong> inventory.</p>"
        "<p>[x](javascript:alert(1)) &lt;script&gt;alert(1)&lt;/script&gt;</p>"
    )
    expert.refresh_from_db()
    assert expert.status == ExpertStatus.IN_REVIEW
    assert expert.position_en == "Engineer"  # nothing changes before review
    assert visitor.get(expert.get_absolute_url()).status_code == 404
    account = expert_client.get("/en/accounts/").content.decode()
    assert "Waiting for review" in account

    # The editor finds it in the queue, compares it with the live profile and approves it.
    queue = editor_client.get("/admin/expert-moderation/")
    assert "Nguyễn Văn Hải" in queue.content.decode()
    assert compare_url(expert) in queue.content.decode()
    assert editor_client.get(compare_url(expert)).status_code == 200
    assert decide(editor_client, expert, "approve").status_code == 302

    expert.refresh_from_db()
    assert expert.status == ExpertStatus.PUBLISHED
    assert expert.position_en == "Head of emissions inventory"
    assert expert.position_vi == "Trưởng nhóm kiểm kê phát thải"
    assert expert.city.slug == "haiphong"
    assert list(expert.actions.all()) == [inventory]
    assert expert.last_reviewed is not None
    with Image.open(expert.photo.open("rb")) as photo:
        assert max(photo.size) == 800
    decision = ModerationDecision.objects.get(decision="approved")
    assert decision.actor == editor
    assert review_state(expert).status == "approved" and review_task(expert) is None
    assert expert.live_revision.user == expert.user and not expert.has_unpublished_changes
    assert mail.outbox[-1].to == ["hai.nguyen@example.net"]
    page = visitor.get("/en/experts/?city=haiphong").content.decode()
    assert "Nguyễn Văn Hải" in page
    profile = visitor.get(expert.get_absolute_url()).content.decode()
    assert "Led the <strong>port</strong> inventory." in profile
    assert "hai.nguyen@example.net" not in profile


def test_send_back_with_a_comment_in_the_experts_language(editor):
    expert = ExpertFactory(position="Engineer")
    user = expert_user(expert, language="th")
    client = Client()
    client.force_login(user)
    client.post("/en/accounts/profile/", profile_post(expert, position_en="Chief"))
    editor_client = Client()
    editor_client.force_login(editor)

    no_comment = decide(editor_client, expert, "reject")
    assert no_comment.status_code == 302
    assert review_task(expert) is not None  # still waiting: sending back needs a comment
    decide(editor_client, expert, "reject", comment="Please add your organisation.")

    assert review_task(expert) is None
    assert review_state(expert).status == "needs_changes"
    assert mail.outbox[-1].to == [expert.email]
    assert "Please add your organisation." in mail.outbox[-1].body
    expert.refresh_from_db()
    assert expert.position_en == "Engineer"
    assert "Please add your organisation." in client.get("/en/accounts/").content.decode()
    # The form shows the expert their draft with the comment, and resubmitting resumes the review.
    form = client.get("/en/accounts/profile/").content.decode()
    assert "Please add your organisation." in form and 'value="Chief"' in form
    client.post("/en/accounts/profile/", profile_post(expert, position_en="Chief", organisation_en="PCD"))
    assert review_state(expert).status == "in_progress"
    assert draft_of(expert).organisation_en == "PCD"
    assert ModerationDecision.objects.filter(decision="sent_back", actor=editor).exists()


def test_member_request_approval_and_contact(editor):
    applicant = Client()
    form = {
        "full_name": "Siti Rahma",
        "email": "siti.rahma@example.org",
        "organisation": "Jakarta Environment Agency",
        "position": "Air quality officer",
        "city": "jakarta",
        "preferred_language": "id",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
    }
    invalid = applicant.post("/en/accounts/join/", {**form, "password2": "different"})
    assert invalid.status_code == 400
    assert 'value="Jakarta Environment Agency"' in invalid.content.decode()
    assert applicant.post("/en/accounts/join/", form).status_code == 302
    account = Account.objects.get(user__email="siti.rahma@example.org")
    assert account.status == AccountStatus.PENDING
    assert account.preferred_language == "id"

    expert = ExpertFactory(name="Dr Lim", skills=["source apportionment"], public_fields=[])
    sign_in(applicant, "siti.rahma@example.org", NEW_PASSWORD)
    pending_view = applicant.get(expert.get_absolute_url()).content.decode()
    assert "source apportionment" not in pending_view
    assert "Contact this expert" not in pending_view

    editor_client = Client()
    editor_client.force_login(editor)
    assert "siti.rahma@example.org" in editor_client.get("/admin/expert-moderation/").content.decode()
    editor_client.post(f"/admin/expert-moderation/accounts/{account.pk}/decide/", {"decision": "approve"})
    account.refresh_from_db()
    assert account.status == AccountStatus.APPROVED
    assert mail.outbox[-1].to == ["siti.rahma@example.org"]
    assert ModerationDecision.objects.filter(account=account, actor=editor).exists()

    member_view = applicant.get(expert.get_absolute_url()).content.decode()
    assert "source apportionment" in member_view
    assert expert.email not in member_view
    sent = applicant.post(
        f"/en/experts/{expert.slug}/contact/", {"subject": "Twinning", "body": "Could you mentor Jakarta?"}
    )
    assert sent.status_code == 302
    relayed = mail.outbox[-1]
    assert relayed.to == [expert.email]
    assert relayed.reply_to == ["siti.rahma@example.org"]
    assert "Could you mentor Jakarta?" in relayed.body
    assert ContactMessage.objects.filter(sender=account.user, expert=expert).count() == 1


def test_contact_is_rate_limited_per_sender(site, settings):
    expert = ExpertFactory()
    member = AccountFactory().user
    client = Client()
    client.force_login(member)
    for number in range(settings.CONTACT_MESSAGES_PER_HOUR):
        response = client.post(
            f"/en/experts/{expert.slug}/contact/", {"subject": f"S{number}", "body": "Hello"}
        )
        assert response.status_code == 302

    limited = client.post(f"/en/experts/{expert.slug}/contact/", {"subject": "One more", "body": "Hello"})

    assert limited.status_code == 429
    assert ContactMessage.objects.count() == settings.CONTACT_MESSAGES_PER_HOUR
    # Another member is not affected.
    client.force_login(AccountFactory().user)
    assert (
        client.post(f"/en/experts/{expert.slug}/contact/", {"subject": "S", "body": "Hi"}).status_code == 302
    )


def test_visitors_cannot_use_the_contact_form(client: Client, site):
    expert = ExpertFactory()

    assert (
        client.post(f"/en/experts/{expert.slug}/contact/", {"subject": "S", "body": "B"}).status_code == 404
    )
    assert not mail.outbox


def test_another_experts_draft_stays_out_of_reach(site):
    mine, theirs = ExpertFactory(), ExpertFactory(status=ExpertStatus.DRAFT, position="Secret draft")
    their_user = expert_user(theirs)
    client = Client()
    client.force_login(their_user)
    client.post("/en/accounts/profile/", profile_post(theirs, position_en="Their pending change"))
    my_user = expert_user(mine)
    client.force_login(my_user)

    assert client.get(theirs.get_absolute_url()).status_code == 404
    edit = client.get("/en/accounts/profile/").content.decode()
    assert "Their pending change" not in edit
    client.post("/en/accounts/profile/", profile_post(mine, position_en="My change"))
    assert draft_of(theirs).position_en == "Their pending change"
    assert draft_of(mine).position_en == "My change"
    # The moderation queue is for editors only.
    assert client.get("/admin/expert-moderation/").status_code in (302, 403)


def test_members_without_a_profile_get_404_on_the_editor(site):
    client = Client()
    client.force_login(AccountFactory().user)

    assert client.get("/en/accounts/profile/").status_code == 404


def test_data_download_and_account_deletion(site):
    expert = ExpertFactory(name="Delete Me")
    user = expert_user(expert)
    client = Client()
    client.force_login(user)

    download = client.get("/en/accounts/my-data/")
    data = json.loads(download.content)
    assert download["Content-Disposition"].startswith("attachment")
    assert data["expert_profile"]["name"] == "Delete Me"
    assert data["user"]["email"] == expert.email

    wrong = client.post("/en/accounts/delete/", {"password": "nope"})
    assert wrong.status_code == 400
    assert client.post("/en/accounts/delete/", {"password": DEFAULT_PASSWORD}).status_code == 302
    assert not Expert.objects.filter(pk=expert.pk).exists()
    assert not type(user).objects.filter(pk=user.pk).exists()
    assert "_auth_user_id" not in client.session


def test_public_fields_choice_is_applied_after_review(editor):
    expert = ExpertFactory(skills=["GIS"], public_fields=[])
    user = expert_user(expert)
    client = Client()
    client.force_login(user)
    client.post("/en/accounts/profile/", profile_post(expert, skills="GIS", public_fields=["skills"]))
    editor_client = Client()
    editor_client.force_login(editor)
    decide(editor_client, expert, "approve")

    assert "GIS" in Client().get(expert.get_absolute_url()).content.decode()
    assert City.objects.get(slug="hanoi") == Expert.objects.get(pk=expert.pk).city


def test_editors_find_experts_and_accounts_in_the_admin(editor):
    ExpertFactory(name="Listed In Admin")
    AccountFactory(organisation="Hanoi Department of Natural Resources and Environment")
    client = Client()
    client.force_login(editor)

    experts = client.get("/admin/snippets/experts/expert/")
    accounts = client.get("/admin/snippets/experts/account/")

    assert experts.status_code == 200 and "Listed In Admin" in experts.content.decode()
    assert accounts.status_code == 200
    assert "Hanoi Department of Natural Resources and Environment" in accounts.content.decode()
    assert "Expert moderation" in client.get("/admin/").content.decode()


def test_hiding_a_field_takes_effect_at_once_showing_waits_for_review(site):
    expert = ExpertFactory(skills=["GIS"], public_fields=["skills", "biography"])
    client = Client()
    client.force_login(expert_user(expert))

    client.post("/en/accounts/profile/", profile_post(expert, skills="GIS", public_fields=["links"]))

    expert.refresh_from_db()
    assert expert.public_fields == []
    assert "GIS" not in Client().get(expert.get_absolute_url()).content.decode()
    assert draft_of(expert).public_fields == ["links"]


def test_deleting_an_account_scrubs_the_audit_trail_but_keeps_the_decision(editor):
    account = AccountFactory(
        user=UserFactory(email="leaver@example.org", first_name="Leaving Person"),
        status=AccountStatus.PENDING,
    )
    from experts import services
    from experts.accounts import services as account_services

    account_services.approve_account(account=account, actor=editor)
    services.delete_account(user=account.user)

    decision = ModerationDecision.objects.get()
    assert decision.actor == editor
    assert "leaver@example.org" not in decision.description
    assert "Leaving Person" not in decision.description
