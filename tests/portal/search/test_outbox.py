"""The index outbox: changes are stored first, sent later, kept until the engine confirms them."""

import logging
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone

from portal.search import outbox, tasks
from portal.search.documents import register, unregister
from portal.search.engines.base import get_engine
from portal.search.models import IndexOutboxEntry
from portal.search.query import SearchQuery
from portal.search.signals import connect_document_type, disconnect_document_type
from tests.portal.search.test_signals_and_tasks import GroupDocuments

pytestmark = pytest.mark.django_db


@pytest.fixture
def groups(settings, tmp_path):
    settings.SEARCH_INDEX_DIR = tmp_path / "index"
    Group.objects.all().delete()
    document_type = register(GroupDocuments())
    connect_document_type(document_type)
    yield document_type
    disconnect_document_type(document_type)
    unregister(document_type.name)


def indexed_names(document_type) -> list[str]:
    result = get_engine().search(document_type, SearchQuery(page_size=100))
    return sorted(hit.document["name"] for hit in result.hits)


def time_passes() -> None:
    """Every waiting entry becomes due (the retry delay has passed)."""
    IndexOutboxEntry.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))


def save_ten(capture) -> list[Group]:
    with capture(execute=True):
        return [Group.objects.create(name=f"Team {number}") for number in range(10)]


def engine_down_embedded(settings, tmp_path):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("the index directory cannot be created here")
    index_dir = settings.SEARCH_INDEX_DIR
    settings.SEARCH_INDEX_DIR = blocker / "index"

    def restart() -> None:
        settings.SEARCH_INDEX_DIR = index_dir

    return restart


def test_ten_changes_made_while_the_embedded_engine_is_down_all_arrive(
    groups, settings, tmp_path, django_capture_on_commit_callbacks, caplog
):
    restart = engine_down_embedded(settings, tmp_path)
    with caplog.at_level(logging.WARNING, logger="portal.search.outbox"):
        save_ten(django_capture_on_commit_callbacks)  # every save succeeds
    assert Group.objects.count() == 10
    waiting = IndexOutboxEntry.objects.all()
    assert waiting.count() == 10
    assert all(entry.attempts >= 1 and entry.last_error for entry in waiting)
    assert all(entry.next_attempt_at > timezone.now() for entry in waiting)
    assert "wait for a retry" in caplog.text

    restart()
    time_passes()
    tasks.process_outbox.enqueue()
    assert indexed_names(groups) == [f"Team {number}" for number in range(10)]
    assert not IndexOutboxEntry.objects.exists()


def test_ten_changes_made_while_meilisearch_is_down_all_arrive(
    groups, settings, fake_meili, django_capture_on_commit_callbacks
):
    settings.MEILISEARCH_URL = fake_meili.url
    settings.MEILISEARCH_API_KEY = "admin-key"
    settings.MEILISEARCH_SEARCH_KEY = "search-key"
    settings.MEILISEARCH_INDEX_PREFIX = "t"
    fake_meili.down = True
    save_ten(django_capture_on_commit_callbacks)
    assert IndexOutboxEntry.objects.count() == 10
    assert "503" in IndexOutboxEntry.objects.first().last_error

    fake_meili.down = False
    time_passes()
    call_command("search_index", "drain", stdout=None)
    assert sorted(doc["name"] for doc in fake_meili.documents("t_test_groups").values()) == [
        f"Team {number}" for number in range(10)
    ]
    assert not IndexOutboxEntry.objects.exists()
    assert get_engine().name == "meilisearch"


def test_a_failed_meilisearch_task_is_logged_and_the_change_stays(
    groups, settings, fake_meili, django_capture_on_commit_callbacks, caplog
):
    settings.MEILISEARCH_URL = fake_meili.url
    settings.MEILISEARCH_API_KEY = "admin-key"
    settings.MEILISEARCH_SEARCH_KEY = "search-key"
    settings.MEILISEARCH_INDEX_PREFIX = "t"
    get_engine().configure(groups)
    fake_meili.task_mode = "fail"
    with (
        caplog.at_level(logging.ERROR, logger="portal.search.engines.meilisearch"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        Group.objects.create(name="Rejected")
    [entry] = IndexOutboxEntry.objects.all()
    assert "invalid_document_id" in entry.last_error
    assert entry.attempts == 1
    assert "invalid_document_id" in caplog.text

    time_passes()
    outbox.process_due()
    entry.refresh_from_db()
    assert entry.attempts == 2
    assert entry.next_attempt_at - timezone.now() > timedelta(seconds=5)  # the delay grows

    fake_meili.task_mode = "succeed"
    time_passes()
    outbox.process_due()
    assert not IndexOutboxEntry.objects.exists()


def test_retry_delays_grow_and_are_capped():
    assert [outbox.backoff(attempts).total_seconds() for attempts in (1, 2, 3, 4)] == [5, 10, 20, 40]
    assert outbox.backoff(50).total_seconds() == outbox.BACKOFF_MAX_S


def run_ready_tasks() -> int:
    """What `db_worker --batch` does, inside the test transaction (the worker closes the
    connection, which would end a PostgreSQL test transaction): run every ready task once."""
    from django_tasks_db.models import DBTaskResult

    ran = 0
    for result in list(DBTaskResult.objects.ready().order_by("enqueued_at")):
        DBTaskResult.objects.filter(pk=result.pk).update(status="SUCCESSFUL")
        result.task.call(*result.args_kwargs["args"], **result.args_kwargs["kwargs"])
        ran += 1
    return ran


def test_the_task_reschedules_itself_so_retries_need_no_one(
    groups, settings, tmp_path, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    restart = engine_down_embedded(settings, tmp_path)
    save_ten(django_capture_on_commit_callbacks)
    assert run_ready_tasks() >= 1
    assert IndexOutboxEntry.objects.count() == 10
    [retry] = DBTaskResult.objects.filter(status="READY")  # one run, scheduled for the first retry
    assert retry.task_path == "portal.search.tasks.process_outbox"
    assert retry.run_after > timezone.now()
    assert run_ready_tasks() == 0  # not before it is due

    restart()
    time_passes()
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    assert run_ready_tasks() == 1
    assert indexed_names(groups) == [f"Team {number}" for number in range(10)]
    assert not IndexOutboxEntry.objects.exists()
    assert not DBTaskResult.objects.filter(status="READY").exists()


def test_an_entry_is_kept_until_the_engine_confirms(groups, monkeypatch):
    group = Group.objects.create(name="Modellers")  # the test transaction never commits
    [entry] = IndexOutboxEntry.objects.all()
    assert (entry.action, entry.model_label, entry.object_pk) == ("index", "auth.Group", str(group.pk))

    def crash(*args, **kwargs):
        raise ConnectionResetError("connection reset by peer")

    monkeypatch.setattr(type(get_engine()), "index_documents", crash)
    report = outbox.process_due()
    assert (report.sent, report.failed) == (0, 1)
    entry.refresh_from_db()
    assert "connection reset" in entry.last_error and entry.claimed_by == ""


def test_several_changes_to_one_object_send_its_latest_state_once(groups, monkeypatch):
    group = Group.objects.create(name="First")
    group.name = "Second"
    group.save()
    sent = []
    engine = get_engine()
    original = type(engine).index_documents

    def spy(self, document_type, documents):
        documents = list(documents)
        sent.append([doc["name"] for doc in documents])
        return original(self, document_type, documents)

    monkeypatch.setattr(type(engine), "index_documents", spy)
    report = outbox.process_due()
    assert sent == [["Second"]]
    assert report.sent == 2
    assert not IndexOutboxEntry.objects.exists()


def test_a_deleted_object_is_removed(groups):
    group = Group.objects.create(name="Forecasters")
    outbox.process_due()
    group.delete()
    [entry] = IndexOutboxEntry.objects.all()
    assert entry.action == "remove"
    outbox.process_due()
    assert indexed_names(groups) == []


def test_a_broken_declaration_keeps_its_entry_and_lets_the_others_through(groups, monkeypatch, caplog):
    Group.objects.create(name="Good")
    bad = Group.objects.create(name="Bad")
    original = type(groups).to_document

    def to_document(self, obj):
        if obj.pk == bad.pk:
            raise ValueError("broken")
        return original(self, obj)

    monkeypatch.setattr(type(groups), "to_document", to_document)
    with caplog.at_level(logging.ERROR, logger="portal.search.outbox"):
        report = outbox.process_due()
    assert (report.sent, report.failed) == (1, 1)
    assert indexed_names(groups) == ["Good"]
    [entry] = IndexOutboxEntry.objects.all()
    assert entry.object_pk == str(bad.pk)
    assert "cannot build" in caplog.text


def test_backlog_reports_count_age_and_staleness(groups):
    assert outbox.backlog().count == 0
    Group.objects.create(name="Waiting")
    IndexOutboxEntry.objects.update(
        created=timezone.now() - timedelta(minutes=20), attempts=3, last_error="SearchEngineError: down"
    )
    state = outbox.backlog()
    assert (state.count, state.failing, state.last_error) == (1, 1, "SearchEngineError: down")
    assert state.oldest_age_s > 19 * 60
    assert state.stale


def test_backlog_reads_one_statement_and_the_error_only_when_something_fails(
    groups, django_assert_num_queries
):
    # /healthz reads the backlog on every probe.
    Group.objects.create(name="Waiting")
    with django_assert_num_queries(1):
        state = outbox.backlog()
    assert (state.count, state.failing, state.last_error) == (1, 0, "")
    IndexOutboxEntry.objects.update(attempts=1, last_error="SearchEngineError: down")
    with django_assert_num_queries(2):
        state = outbox.backlog()
    assert (state.count, state.failing, state.last_error) == (1, 1, "SearchEngineError: down")
