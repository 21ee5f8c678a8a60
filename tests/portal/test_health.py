import pytest
from django.db import DatabaseError
from django.test import Client

from experts.factories import UserFactory
from portal import health

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(site) -> Client:
    """/healthz shows errors and backends to signed-in superusers only (tests/faults)."""
    client = Client()
    client.force_login(UserFactory(email="ops@example.org", is_staff=True, is_superuser=True))
    return client


def test_healthz_answers_200_json_when_every_part_works(client: Client):
    response = client.get("/healthz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "search", "index_backlog", "tasks"}
    assert all(check["ok"] for check in body["checks"].values())


def test_healthz_names_the_search_engine_when_its_index_cannot_be_written(client: Client, settings, tmp_path):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the index directory should be")
    settings.SEARCH_INDEX_DIR = blocker / "index"

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["failing"] == ["search"]


def test_healthz_names_the_database_when_it_is_unreachable(client: Client, monkeypatch, caplog):
    class BrokenCursor:
        def __enter__(self):
            raise DatabaseError("connection refused")

        def __exit__(self, *exc):
            return False

    monkeypatch.setattr(health.connection, "cursor", lambda: BrokenCursor())

    response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert "database" in body["failing"]
    assert body["checks"]["database"] == {"ok": False, "status": "degraded"}
    # Nobody can be signed in without the database: the operator reads the error in the log.
    assert "connection refused" in caplog.text


def test_healthz_is_never_cached(client: Client):
    assert "no-cache" in client.get("/healthz")["Cache-Control"]


def test_healthz_reports_the_index_outbox_and_fails_when_it_is_old(client: Client, superuser_client: Client):
    from datetime import timedelta

    from django.utils import timezone

    from portal.search.models import IndexOutboxEntry

    body = client.get("/healthz").json()
    assert body["checks"]["index_backlog"] == {
        "ok": True,
        "status": "ok",
        "backlog": 0,
        "oldest_age_s": 0,
        "retrying": 0,
        "max_age_s": 15 * 60,
    }

    entry = IndexOutboxEntry.objects.create(document_type="experts", document_id="1", action="remove")
    entry.created = timezone.now() - timedelta(minutes=2)
    entry.save()
    response = client.get("/healthz")
    assert response.status_code == 200  # a young backlog is normal
    assert response.json()["checks"]["index_backlog"]["backlog"] == 1

    IndexOutboxEntry.objects.update(created=timezone.now() - timedelta(minutes=16))
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["failing"] == ["index_backlog"]
    assert body["checks"]["index_backlog"]["oldest_age_s"] >= 16 * 60
    assert "error" not in body["checks"]["index_backlog"]
    details = superuser_client.get("/healthz").json()["checks"]["index_backlog"]
    assert "15 minutes" in details["error"]


def test_the_index_backlog_threshold_comes_from_the_environment(client: Client, settings):
    from datetime import timedelta

    from django.utils import timezone

    from portal.search.models import IndexOutboxEntry

    settings.HEALTH_INDEX_BACKLOG_MAX_AGE_S = 60
    entry = IndexOutboxEntry.objects.create(document_type="experts", document_id="1", action="remove")
    IndexOutboxEntry.objects.filter(pk=entry.pk).update(created=timezone.now() - timedelta(minutes=2))

    assert client.get("/healthz").json()["failing"] == ["index_backlog"]


def test_healthz_names_the_cache_when_it_is_unreachable(superuser_client: Client, monkeypatch):
    def refuse(*args, **kwargs):
        raise ConnectionError("Error 111 connecting to redis:6379. Connection refused.")

    monkeypatch.setattr(health.cache, "set", refuse)

    response = superuser_client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert body["failing"] == ["cache"]
    assert "Connection refused" in body["checks"]["cache"]["error"]


def test_healthz_judges_the_worker_by_its_heartbeat_not_by_the_age_of_the_queue(
    superuser_client: Client, settings
):
    # The production queue (django-tasks resets its backends when the setting changes).
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from datetime import timedelta

    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from experts.accounts.tasks import send_email
    from portal.worker import WorkerHeartbeat, beat

    send_email.enqueue(to=["a@example.org"], subject="Hello", body="…")
    beat(worker_id="busy-worker")
    # A bulk import left an old queue behind: the worker is working through it, not dead.
    DBTaskResult.objects.update(enqueued_at=timezone.now() - timedelta(minutes=11))
    body = superuser_client.get("/healthz").json()
    tasks = body["checks"]["tasks"]
    assert tasks["ok"]
    assert (tasks["queued"], tasks["workers"], tasks["behind"]) == (1, 1, True)
    assert tasks["oldest_age_s"] >= 11 * 60

    # Its heartbeat stops: dead after a minute, whatever the queue looks like.
    WorkerHeartbeat.objects.update(beat_at=timezone.now() - timedelta(seconds=61))
    DBTaskResult.objects.update(enqueued_at=timezone.now())
    response = superuser_client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert body["failing"] == ["tasks"]
    assert body["checks"]["tasks"]["workers"] == 0
    assert "db_worker" in body["checks"]["tasks"]["error"]


def test_healthz_counts_the_queue_as_the_task_queries_do(superuser_client: Client, settings):
    # The tasks check reads every figure in one statement of its own; what it answers must be
    # what django-tasks' own queries (ready(), failed()) and the worker's heartbeats say.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from datetime import timedelta

    from django.utils import timezone
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from experts.accounts.tasks import send_email
    from portal.worker import WorkerHeartbeat, beat, live_workers

    now = timezone.now()
    for _ in range(7):
        send_email.enqueue(to=["a@example.org"], subject="Hello", body="…")
    first, deferred_due, deferred_later, failed, running_silent, running_fresh, _waiting = (
        DBTaskResult.objects.order_by("enqueued_at", "pk")
    )
    DBTaskResult.objects.filter(pk=first.pk).update(enqueued_at=now - timedelta(minutes=3))
    DBTaskResult.objects.filter(pk=deferred_due.pk).update(run_after=now - timedelta(minutes=5))
    DBTaskResult.objects.filter(pk=deferred_later.pk).update(run_after=now + timedelta(hours=1))
    DBTaskResult.objects.filter(pk=failed.pk).update(status=TaskResultStatus.FAILED)
    DBTaskResult.objects.filter(pk=running_silent.pk).update(
        status=TaskResultStatus.RUNNING, started_at=now - timedelta(minutes=2)
    )
    DBTaskResult.objects.filter(pk=running_fresh.pk).update(status=TaskResultStatus.RUNNING, started_at=now)
    beat(worker_id="live-worker")
    beat(worker_id="silent-worker")
    WorkerHeartbeat.objects.filter(worker_id="silent-worker").update(beat_at=now - timedelta(minutes=5))

    tasks = superuser_client.get("/healthz").json()["checks"]["tasks"]

    ready = DBTaskResult.objects.ready()
    assert tasks["queued"] == ready.count() == 3  # first, deferred_due and waiting
    assert tasks["failed"] == DBTaskResult.objects.failed().count() == 1
    assert tasks["workers"] == live_workers().count() == 1
    # The deferred task has been due for five minutes: longer than the first has waited.
    assert 5 * 60 - 5 <= tasks["oldest_age_s"] <= 5 * 60 + 5
    assert tasks["ok"]

    # The live worker goes silent: the running task it left behind strands the queue at once.
    WorkerHeartbeat.objects.update(beat_at=now - timedelta(minutes=5))
    response = superuser_client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["tasks"]["workers"] == 0
