"""The admin's "Failed tasks" report (issue 19, finding 10): a superuser sees what failed and
why, retries it (it runs again and succeeds once the cause is gone) or discards it; nobody else
sees it, and arguments (addresses, message bodies) are never shown."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from experts.accounts.tasks import send_email
from experts.factories import UserFactory
from tests.faults.workers import run_worker

pytestmark = pytest.mark.django_db

REPORT = "/admin/reports/failed-tasks/"


@pytest.fixture(autouse=True)
def database_queue(settings) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def failed_email(settings, monkeypatch) -> DBTaskResult:
    """An e-mail the relay refused: run by the real worker while sending fails."""
    result = send_email.enqueue(
        to=["member@example.org"], subject="Your sign-in link", body="secret-link-123"
    )

    def refused(self, *args, **kwargs):
        raise ConnectionRefusedError(111, "Connection refused by smtp.internal:587")

    # Its own patch context: undoing the test's monkeypatch would also undo the faults
    # conftest's, which keep the test's database connection open.
    with pytest.MonkeyPatch.context() as relay:
        relay.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refused)
        run_worker(monkeypatch)
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    return DBTaskResult.objects.get(pk=result.id)


@pytest.fixture
def admin_client(site) -> Client:
    client = Client()
    client.force_login(UserFactory(email="ops@example.org", is_staff=True, is_superuser=True))
    return client


def test_a_superuser_sees_what_failed_and_why_but_not_the_arguments(admin_client, failed_email):
    assert failed_email.status == TaskResultStatus.FAILED

    page = admin_client.get(REPORT)

    assert page.status_code == 200
    text = page.content.decode()
    assert "send_email" in text
    assert "Connection refused by smtp.internal:587" in text
    assert "member@example.org" not in text and "secret-link-123" not in text
    assert "1 failed task." in text


def test_retry_runs_the_task_again_once_the_cause_is_gone(admin_client, failed_email, monkeypatch):
    answer = admin_client.post(f"{REPORT}{failed_email.pk}/retry/", follow=True)

    assert "queued again" in answer.content.decode()
    assert DBTaskResult.objects.ready().count() == 1
    run_worker(monkeypatch)  # the relay works again
    failed_email.refresh_from_db()
    assert failed_email.status == TaskResultStatus.SUCCESSFUL
    assert [message.body for message in mail.outbox] == ["secret-link-123"]
    assert "No failed tasks." in admin_client.get(REPORT).content.decode()


def test_retrying_twice_queues_it_once(admin_client, failed_email):
    admin_client.post(f"{REPORT}{failed_email.pk}/retry/")
    second = admin_client.post(f"{REPORT}{failed_email.pk}/retry/", follow=True)

    assert "no longer failed" in second.content.decode()
    assert DBTaskResult.objects.ready().count() == 1


def test_discard_removes_it(admin_client, failed_email):
    admin_client.post(f"{REPORT}{failed_email.pk}/discard/")

    assert not DBTaskResult.objects.filter(pk=failed_email.pk).exists()
    assert Client().get("/healthz").json()["checks"]["tasks"]["failed"] == 0


def test_editors_cannot_see_or_act_on_failed_tasks(site, failed_email):
    editor = Client()
    editor.force_login(UserFactory(email="editor@example.org", is_staff=True, is_superuser=False))
    from django.contrib.auth.models import Permission

    editor_user = UserFactory._meta.model.objects.get(email="editor@example.org")
    editor_user.user_permissions.add(Permission.objects.get(codename="access_admin"))

    assert editor.get(REPORT).status_code == 403
    assert editor.post(f"{REPORT}{failed_email.pk}/retry/").status_code == 403
    failed_email.refresh_from_db()
    assert failed_email.status == TaskResultStatus.FAILED
