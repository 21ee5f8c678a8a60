"""Focal points nominate experts; an editor's approval publishes the profile and invites the
expert, who claims it; the nominating body shows on the profile."""

import pytest
from django.core import mail
from django.test import Client

from experts.accounts.models import AccountRole, AccountStatus, FocalPointType
from experts.factories import AccountFactory, ExpertFactory, UserFactory
from experts.models import Expert, ExpertStatus, Nomination, NominationStatus
from tests.experts.conftest import last_link, sign_in

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Nominated-expert-2026"
FORM = {
    "name": "Trần Quốc Bảo",
    "email": "Bao.Tran@Example.net",
    "organisation": "Hanoi University of Science",
    "organisation_type": "academia",
    "city": "hanoi",
    "themes": ["clean-air-for-all"],
    "actions": ["emissions-inventory", "source-apportionment"],
    "reason": "Led the 2024 emissions inventory of Hanoi's craft villages.",
    "language": "vi",
}


@pytest.fixture
def focal_point(site):
    return AccountFactory(
        role=AccountRole.FOCAL_POINT,
        focal_point_type=FocalPointType.GOVERNMENT,
        organisation="Ministry of Natural Resources and Environment, Viet Nam",
        preferred_language="vi",
    )


@pytest.fixture
def editor(site):
    return UserFactory(email="editor@example.org", is_staff=True, is_superuser=True)


def test_nomination_flow_ends_in_a_claimed_published_profile_showing_its_nominator(
    client: Client, focal_point, editor
):
    client.force_login(focal_point.user)
    response = client.post("/en/accounts/nominate/", FORM)
    assert response.status_code == 302

    expert = Expert.objects.get(email="bao.tran@example.net")
    nomination = Nomination.objects.get(expert=expert)
    assert expert.status == ExpertStatus.IN_REVIEW and expert.user is None
    assert expert.nominated_by == "Ministry of Natural Resources and Environment, Viet Nam"
    assert nomination.nominated_by == focal_point
    assert nomination.nominating_body_type == FocalPointType.GOVERNMENT
    assert sorted(expert.actions.values_list("slug", flat=True)) == [
        "emissions-inventory",
        "source-apportionment",
    ]
    visitor = Client()
    assert visitor.get(expert.get_absolute_url()).status_code == 404

    editor_client = Client()
    editor_client.force_login(editor)
    queue = editor_client.get("/admin/expert-moderation/").content.decode()
    assert "Trần Quốc Bảo" in queue
    editor_client.post(
        f"/admin/expert-moderation/nominations/{nomination.pk}/decide/", {"decision": "approve"}
    )

    expert.refresh_from_db()
    nomination.refresh_from_db()
    assert expert.status == ExpertStatus.PUBLISHED
    assert nomination.status == NominationStatus.APPROVED and nomination.decided_by == editor
    # The expert is invited to claim the profile; the focal point hears of the decision.
    assert [message.to for message in mail.outbox[-2:]] == [
        ["bao.tran@example.net"],
        [focal_point.user.email],
    ]

    claim_link = last_link("/accounts/claim/")
    assert claim_link.startswith("/vi/")
    expert_client = Client()
    expert_client.get(claim_link)
    claimed = expert_client.post(
        "/vi/accounts/claim/",
        {"preferred_language": "vi", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert claimed.status_code == 302
    expert.refresh_from_db()
    assert expert.user is not None and expert.user.email == "bao.tran@example.net"

    profile = visitor.get(expert.get_absolute_url()).content.decode()
    assert "Trần Quốc Bảo" in profile
    assert "Ministry of Natural Resources and Environment, Viet Nam" in profile
    assert "bao.tran@example.net" not in profile


def test_focal_point_signs_in_and_sees_the_form_and_their_nominations(client: Client, focal_point):
    sign_in(client, focal_point.user.email, next_url="/en/accounts/nominate/")
    client.post("/en/accounts/nominate/", FORM)

    html = client.get("/en/accounts/nominate/").content.decode()

    assert 'name="reason"' in html
    assert "Trần Quốc Bảo" in html and "Waiting for review" in html


@pytest.mark.parametrize(
    "account_kwargs",
    [{"role": AccountRole.MEMBER}, {"role": AccountRole.FOCAL_POINT, "status": AccountStatus.PENDING}],
)
def test_only_approved_focal_points_nominate(client: Client, site, account_kwargs):
    client.force_login(AccountFactory(**account_kwargs).user)

    assert client.get("/en/accounts/nominate/").status_code == 403
    assert client.post("/en/accounts/nominate/", FORM).status_code == 403
    assert not Nomination.objects.exists()


def test_visitors_are_sent_to_sign_in(client: Client, site):
    response = client.get("/en/accounts/nominate/")

    assert response.status_code == 302 and "/accounts/sign-in/" in response["Location"]


def test_an_expert_already_in_the_directory_cannot_be_nominated_again(client: Client, focal_point):
    ExpertFactory(email="bao.tran@example.net")
    client.force_login(focal_point.user)

    response = client.post("/en/accounts/nominate/", FORM)

    assert response.status_code == 400
    assert not Nomination.objects.exists()


def test_a_declined_nomination_archives_the_profile_and_tells_why(client: Client, focal_point, editor):
    client.force_login(focal_point.user)
    client.post("/en/accounts/nominate/", FORM)
    nomination = Nomination.objects.get()
    editor_client = Client()
    editor_client.force_login(editor)

    editor_client.post(
        f"/admin/expert-moderation/nominations/{nomination.pk}/decide/", {"decision": "decline"}
    )
    assert Nomination.objects.get().status == NominationStatus.PENDING  # a comment is required
    editor_client.post(
        f"/admin/expert-moderation/nominations/{nomination.pk}/decide/",
        {"decision": "decline", "comment": "Please nominate through the national focal point."},
    )

    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.DECLINED
    assert nomination.expert.status == ExpertStatus.ARCHIVED
    assert not mail.outbox or all(m.to != ["bao.tran@example.net"] for m in mail.outbox)
    assert (
        "Please nominate through the national focal point."
        in client.get("/en/accounts/nominate/").content.decode()
    )


def test_editors_list_nominations_by_country_and_organisation_type(client: Client, focal_point, editor):
    client.force_login(focal_point.user)
    client.post("/en/accounts/nominate/", FORM)
    client.post(
        "/en/accounts/nominate/",
        {
            **FORM,
            "name": "Siti Rahma",
            "email": "siti@example.net",
            "city": "jakarta",
            "organisation_type": "civil-society",
        },
    )
    editor_client = Client()
    editor_client.force_login(editor)
    vietnam = Expert.objects.get(name="Trần Quốc Bảo").city.country

    by_country = editor_client.get(
        f"/admin/snippets/experts/nomination/?expert__city__country={vietnam.pk}"
    ).content.decode()
    by_type = editor_client.get(
        "/admin/snippets/experts/nomination/?expert__organisation_type=civil-society"
    ).content.decode()

    assert "Trần Quốc Bảo" in by_country and "Siti Rahma" not in by_country
    assert "Siti Rahma" in by_type and "Trần Quốc Bảo" not in by_type


def test_a_focal_points_data_export_lists_their_nominations(client: Client, focal_point):
    from experts.services import export_personal_data

    client.force_login(focal_point.user)
    client.post("/en/accounts/nominate/", FORM)

    data = export_personal_data(user=focal_point.user)

    assert data["account"]["focal_point_type"] == "government"
    assert [n["expert"] for n in data["nominations_made"]] == ["Trần Quốc Bảo"]
