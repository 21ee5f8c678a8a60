"""Simultaneous moderation decisions (issue 19, finding 5): several editors press a decision button
on the same request at the same moment. Exactly one decision is applied, audited and e-mailed; the
others are told it was decided already and change nothing.

The requests run in real threads, each with its own database connection, so these tests commit
(transaction=True) and restore the migrated rows (cities, the home page) for themselves.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.db import connection
from django.http import HttpResponse
from django.test import Client, override_settings
from wagtail.models import ModelLogEntry, TaskState, WorkflowState

from experts import services
from experts.accounts import services as account_services
from experts.accounts.models import AccountRole, AccountStatus, FocalPointType
from experts.factories import AccountFactory, ExpertFactory, UserFactory, expert_user
from experts.models import ModerationDecision, Nomination, NominationStatus
from knowledge.models import City
from tests.experts.moderation import action_url, review_state, review_task

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.concurrency,
    pytest.mark.usefixtures("threaded_database"),
]
ALREADY_DECIDED = "decided already"


def at_once(calls: list[Callable[[], HttpResponse]]) -> list[HttpResponse]:
    """Run the calls in threads released together; re-raise the first exception any of them raised."""
    barrier = threading.Barrier(len(calls))
    results: list[HttpResponse | None] = [None] * len(calls)
    errors: list[BaseException] = []

    def run(index: int, call: Callable[[], HttpResponse]) -> None:
        try:
            barrier.wait(timeout=10)
            results[index] = call()
        except BaseException as error:  # noqa: BLE001 - re-raised in the test's own thread below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index, call)) for index, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    if errors:
        raise errors[0]
    return [result for result in results if result is not None]


def messages_of(response: HttpResponse) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def editor_post(editor, path: str, data: dict) -> Callable[[], HttpResponse]:
    client = Client()
    # force_login's bare request has no REMOTE_ADDR, which django-axes would log as the address
    # "unknown" (portal.security.client_address): PostgreSQL's inet column refuses it. The
    # lockout is not what these tests are about.
    with override_settings(AXES_ENABLED=False):
        client.force_login(editor)
    return lambda: client.post(path, data)


@pytest.fixture
def editors(site):
    return [UserFactory(email=f"editor{n}@example.org", is_staff=True, is_superuser=True) for n in range(5)]


def test_five_approvals_of_one_revision_publish_it_once_with_one_email(editors):
    expert = ExpertFactory(name="Siti Rahma", email="siti@example.org")
    user = expert_user(expert, language="en")
    services.submit_profile_revision(expert=expert, user=user, data={"skills": ["PMF"]})
    task = review_task(expert)
    mail.outbox.clear()
    # The "Approve" button of Wagtail's workflow on the profile's admin page.
    path = action_url(expert, "approve", task)

    responses = at_once([editor_post(editor, path, {}) for editor in editors])

    assert [response.status_code for response in responses] == [302] * 5
    task.refresh_from_db()
    assert task.status == TaskState.STATUS_APPROVED
    assert review_state(expert).status == WorkflowState.STATUS_APPROVED
    expert.refresh_from_db()
    assert expert.skills == ["PMF"] and not expert.has_unpublished_changes
    assert ModelLogEntry.objects.filter(action="wagtail.publish", object_id=str(expert.pk)).count() == 1
    assert ModerationDecision.objects.filter(subject=ModerationDecision.Subject.PROFILE).count() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["siti@example.org"]
    told = [messages_of(response) for response in responses]
    losers = [texts for texts in told if any(ALREADY_DECIDED in text for text in texts)]
    assert len(losers) == 4, told
    assert sum("published" in " ".join(texts) for texts in told) == 1


def test_approve_and_send_back_of_one_draft_at_once_record_one_decision(editors):
    expert = ExpertFactory(name="Lan Pham", email="lan.pham@example.org")
    user = expert_user(expert, language="en")
    services.submit_profile_revision(expert=expert, user=user, data={"skills": ["AERMOD"]})
    task = review_task(expert)
    mail.outbox.clear()

    responses = at_once(
        [
            editor_post(editors[0], action_url(expert, "approve", task), {}),
            editor_post(editors[1], action_url(expert, "reject", task), {"comment": "Cite the study."}),
        ]
    )

    task.refresh_from_db()
    assert task.status in (TaskState.STATUS_APPROVED, TaskState.STATUS_REJECTED)
    decisions = list(ModerationDecision.objects.filter(subject=ModerationDecision.Subject.PROFILE))
    assert len(decisions) == 1
    expert.refresh_from_db()
    if task.status == TaskState.STATUS_APPROVED:
        assert decisions[0].decision == ModerationDecision.Decision.APPROVED
        assert expert.skills == ["AERMOD"]
    else:
        assert decisions[0].decision == ModerationDecision.Decision.SENT_BACK
        assert expert.skills != ["AERMOD"]
    assert [message.to for message in mail.outbox] == [["lan.pham@example.org"]]
    told = [" ".join(messages_of(response)) for response in responses]
    assert sum(ALREADY_DECIDED in text for text in told) == 1, told


def test_approve_and_send_back_of_one_membership_at_once_record_one_decision(editors):
    account = AccountFactory(
        user=UserFactory(email="lan@example.org"), status=AccountStatus.PENDING, preferred_language="en"
    )
    path = f"/admin/expert-moderation/accounts/{account.pk}/decide/"

    responses = at_once(
        [
            editor_post(editors[0], path, {"decision": "approve"}),
            editor_post(editors[1], path, {"decision": "send_back", "comment": "Add your department."}),
        ]
    )

    decisions = list(ModerationDecision.objects.filter(account=account))
    assert len(decisions) == 1
    account.refresh_from_db()
    expected = {
        ModerationDecision.Decision.APPROVED: AccountStatus.APPROVED,
        ModerationDecision.Decision.SENT_BACK: AccountStatus.REJECTED,
    }
    assert account.status == expected[decisions[0].decision]
    assert decisions[0].actor in editors[:2]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["lan@example.org"]
    told = [" ".join(messages_of(response)) for response in responses]
    assert sum(ALREADY_DECIDED in text for text in told) == 1, told


def test_approve_and_decline_of_one_nomination_at_once_record_one_decision(editors):
    focal_point = AccountFactory(
        role=AccountRole.FOCAL_POINT,
        focal_point_type=FocalPointType.GOVERNMENT,
        organisation="Ministry of Natural Resources and Environment, Viet Nam",
        preferred_language="en",
    )
    nomination = services.nominate_expert(
        account=focal_point,
        name="Trần Quốc Bảo",
        email="bao.tran@example.net",
        organisation="Hanoi University of Science",
        organisation_type="academia",
        city=City.objects.get(slug="hanoi"),
        themes=[],
        actions=[],
        reason="Led the 2024 emissions inventory of Hanoi's craft villages.",
        language="en",
    )
    mail.outbox.clear()
    path = f"/admin/expert-moderation/nominations/{nomination.pk}/decide/"

    responses = at_once(
        [
            editor_post(editors[0], path, {"decision": "approve"}),
            editor_post(
                editors[1], path, {"decision": "decline", "comment": "Nominate through the ministry."}
            ),
        ]
    )

    decisions = list(ModerationDecision.objects.filter(subject=ModerationDecision.Subject.NOMINATION))
    assert len(decisions) == 1
    nomination = Nomination.objects.get(pk=nomination.pk)
    if decisions[0].decision == ModerationDecision.Decision.APPROVED:
        # The expert is invited to claim the profile and the focal point is told.
        assert nomination.status == NominationStatus.APPROVED
        assert sorted(message.to[0] for message in mail.outbox) == sorted(
            ["bao.tran@example.net", focal_point.user.email]
        )
    else:
        assert nomination.status == NominationStatus.DECLINED
        assert [message.to for message in mail.outbox] == [[focal_point.user.email]]
    told = [" ".join(messages_of(response)) for response in responses]
    assert sum(ALREADY_DECIDED in text for text in told) == 1, told


def test_a_decision_on_a_request_decided_earlier_changes_nothing(editors):
    account = AccountFactory(user=UserFactory(email="mai@example.org"), status=AccountStatus.PENDING)
    account_services.approve_account(account=account, actor=editors[0])
    mail.outbox.clear()

    with pytest.raises(services.AlreadyDecided):
        account_services.send_back_account(account=account, actor=editors[1], comment="Too late.")

    account.refresh_from_db()
    assert account.status == AccountStatus.APPROVED
    assert ModerationDecision.objects.filter(account=account).count() == 1
    assert mail.outbox == []
