"""The embedded index's disk turns read-only or full mid-write: tantivy raises ValueError (an IO
error in its text) or the OS raises OSError. Every such failure is a retryable outbox failure
with its text on the rows, the rows are released (never left claimed for the lease), /healthz
says they are retrying, and nothing is lost once the disk is writable again.

The tests run as root, where chmod does not stop writes: the writer is made to fail the way
tantivy does instead."""

from __future__ import annotations

import errno

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django_tasks.base import TaskResultStatus

from experts.factories import UserFactory
from portal.search import tasks
from portal.search.documents import register, unregister
from portal.search.engines.embedded import EmbeddedEngine
from portal.search.models import IndexOutboxEntry
from portal.search.signals import connect_document_type, disconnect_document_type
from tests.portal.search.test_outbox import indexed_names, time_passes
from tests.portal.search.test_signals_and_tasks import GroupDocuments

pytestmark = pytest.mark.django_db


@pytest.fixture
def groups(settings, tmp_path):
    """Auth groups as a small indexed document type (as in tests/portal/search/test_outbox.py)."""
    settings.SEARCH_INDEX_DIR = tmp_path / "index"
    Group.objects.all().delete()
    document_type = register(GroupDocuments())
    connect_document_type(document_type)
    yield document_type
    disconnect_document_type(document_type)
    unregister(document_type.name)


READ_ONLY = "An IO error occurred: 'Read-only file system (os error 30)'"
FULL = "An IO error occurred: 'No space left on device (os error 28)'"


class FailingWriter:
    """A tantivy writer whose commit fails as it does on a read-only or full disk."""

    def __init__(self, writer, error: BaseException) -> None:
        self._writer = writer
        self._error = error

    def commit(self):
        raise self._error

    def __getattr__(self, name):
        return getattr(self._writer, name)


def failing_disk(monkeypatch, error: BaseException) -> None:
    real = EmbeddedEngine._writer

    def writer(index, heap, threads=1):
        return FailingWriter(real(index, heap, threads), error)

    monkeypatch.setattr(EmbeddedEngine, "_writer", staticmethod(writer))


@pytest.mark.parametrize(
    ("error", "text"),
    [
        (ValueError(READ_ONLY), "Read-only file system"),
        (ValueError(FULL), "No space left on device"),
        (OSError(errno.EROFS, "Read-only file system"), "Read-only file system"),
    ],
)
def test_an_unwritable_index_is_a_retry_with_its_error_not_a_failed_task(
    groups, monkeypatch, error, text, django_capture_on_commit_callbacks
):
    failing_disk(monkeypatch, error)
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(3):
            Group.objects.create(name=f"Team {number}")

    run = tasks.process_outbox.enqueue()

    assert run.status == TaskResultStatus.SUCCESSFUL
    waiting = list(IndexOutboxEntry.objects.all())
    assert len(waiting) == 3
    for entry in waiting:
        assert entry.claimed_by == "", "released for the retry, not held for the lease"
        assert entry.attempts >= 1
        assert "SearchEngineError" in entry.last_error
        assert text in entry.last_error

    editor = UserFactory(email="ops@example.org", is_staff=True, is_superuser=True)
    staff = Client()
    staff.force_login(editor)
    backlog = staff.get("/healthz").json()["checks"]["index_backlog"]
    assert backlog["retrying"] == 3
    assert text in backlog["last_error"]

    monkeypatch.undo()
    time_passes()
    tasks.process_outbox.enqueue()

    assert indexed_names(groups) == ["Team 0", "Team 1", "Team 2"]
    assert not IndexOutboxEntry.objects.exists()


def test_an_unexpected_engine_error_is_retried_too(groups, monkeypatch, django_capture_on_commit_callbacks):
    def broken(self, document_type, documents):
        raise RuntimeError("a bug in the engine")

    monkeypatch.setattr(EmbeddedEngine, "index_documents", broken)
    with django_capture_on_commit_callbacks(execute=True):
        Group.objects.create(name="Team 9")

    assert tasks.process_outbox.enqueue().status == TaskResultStatus.SUCCESSFUL
    entry = IndexOutboxEntry.objects.get()
    assert entry.claimed_by == ""
    assert entry.last_error == "RuntimeError: a bug in the engine"
