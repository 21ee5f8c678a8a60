"""Saving, publishing, unpublishing and deleting queue index updates after the commit."""

import logging

import pytest
from django.contrib.auth.models import Group
from django.db import transaction
from django_tasks import task_backends

from portal.search import tasks
from portal.search.documents import DocumentType, TextField, register, unregister
from portal.search.engines.base import get_engine
from portal.search.models import IndexOutboxEntry
from portal.search.query import SearchQuery
from portal.search.signals import connect_document_type, disconnect_document_type

pytestmark = pytest.mark.django_db


class GroupDocuments(DocumentType):
    """A throw-away index over auth groups; groups named "hidden…" stay out of it."""

    name = "test_groups"
    models = (Group,)
    text_fields = (TextField("name", translated=False),)

    def should_index(self, obj: Group) -> bool:
        return not obj.name.startswith("hidden")

    def to_document(self, obj: Group) -> dict:
        return {"id": str(obj.pk), "name": obj.name, "language": ["en"]}


@pytest.fixture
def groups(settings, tmp_path):
    settings.SEARCH_INDEX_DIR = tmp_path / "index"
    document_type = register(GroupDocuments())
    connect_document_type(document_type)
    yield document_type
    disconnect_document_type(document_type)
    unregister(document_type.name)


def names(document_type, text=""):
    return [hit.document["name"] for hit in get_engine().search(document_type, SearchQuery(text=text)).hits]


def test_saving_indexes_the_object_once_the_transaction_commits(groups, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        Group.objects.create(name="Air quality officers")
    assert len(callbacks) == 1
    assert names(groups) == []  # nothing before the commit

    for callback in callbacks:
        callback()
    assert names(groups, "officers") == ["Air quality officers"]


def test_changes_are_followed_and_hidden_objects_leave_the_index(groups, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        group = Group.objects.create(name="Port engineers")
    with django_capture_on_commit_callbacks(execute=True):
        group.name = "Harbour engineers"
        group.save()
    assert names(groups) == ["Harbour engineers"]

    with django_capture_on_commit_callbacks(execute=True):
        group.name = "hidden engineers"
        group.save()
    assert names(groups) == []


def test_deleting_removes_the_document(groups, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        group = Group.objects.create(name="Forecasters")
    with django_capture_on_commit_callbacks(execute=True):
        group.delete()
    assert names(groups) == []
    assert get_engine().count(groups) == 0


def test_a_rolled_back_change_queues_nothing(groups, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        Group.objects.create(name="Never committed")
        raise RuntimeError("rollback")
    assert callbacks == []
    assert names(groups) == []
    assert not IndexOutboxEntry.objects.exists()


def test_a_failure_to_queue_is_logged_and_never_breaks_the_save(
    groups, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    def refuse(*args, **kwargs):
        raise ConnectionError("task database unavailable")

    monkeypatch.setattr(type(task_backends["default"]), "enqueue", refuse)
    with (
        caplog.at_level(logging.ERROR, logger="portal.search.signals"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        Group.objects.create(name="Still saved")
    assert Group.objects.filter(name="Still saved").exists()
    # The change waits in the outbox for the next run.
    assert IndexOutboxEntry.objects.filter(document_type="test_groups").count() == 1
    [record] = [record for record in caplog.records if "could not queue" in record.getMessage()]
    assert record.exc_info is not None and record.exc_info[0] is ConnectionError


def test_other_models_are_ignored(groups, django_capture_on_commit_callbacks, django_user_model):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        django_user_model.objects.create(username="reader")
    assert callbacks == []


def test_index_object_task_indexes_or_removes(groups):
    group = Group.objects.create(name="Inventory team")  # no commit callbacks run in this test
    result = tasks.index_object.enqueue("auth.Group", group.pk)
    assert result.return_value == {"test_groups": "indexed"}
    assert names(groups) == ["Inventory team"]

    Group.objects.filter(pk=group.pk).delete()
    result = tasks.index_object.enqueue("auth.Group", group.pk)
    assert result.return_value == {"test_groups": "removed"}
    assert names(groups) == []


def test_remove_object_task(groups):
    get_engine().index_documents(groups, [{"id": "7", "name": "Orphan", "language": ["en"]}])
    tasks.remove_object.enqueue("test_groups", "7")
    assert get_engine().count(groups) == 0


class HomePageDocuments(DocumentType):
    """Wagtail pages: only live ones are indexed."""

    name = "test_pages"
    text_fields = (TextField("title"),)

    @property
    def models(self):
        from portal.models import HomePage

        return (HomePage,)

    def get_queryset(self):
        from portal.models import HomePage

        return HomePage.objects.live()

    def to_document(self, page) -> dict:
        return {"id": str(page.pk), "title_en": page.title_en, "language": ["en"]}


@pytest.fixture
def pages(settings, tmp_path):
    settings.SEARCH_INDEX_DIR = tmp_path / "index"
    document_type = register(HomePageDocuments())
    connect_document_type(document_type)
    yield document_type
    disconnect_document_type(document_type)
    unregister(document_type.name)


def test_publishing_and_unpublishing_pages(pages, home_page, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        home_page.title_en = "Clean air for all"
        home_page.save_revision().publish()
    assert [hit.id for hit in get_engine().search(pages, SearchQuery(text="clean air")).hits] == [
        str(home_page.pk)
    ]

    with django_capture_on_commit_callbacks(execute=True):
        home_page.unpublish()
    assert get_engine().count(pages) == 0
