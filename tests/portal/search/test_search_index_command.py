"""`manage.py search_index rebuild|status|verify [--fix]`."""

from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

from portal.management.commands.search_index import Command
from portal.search.documents import register, unregister
from portal.search.engines.base import content_hash, get_engine
from tests.portal.search.test_signals_and_tasks import GroupDocuments

pytestmark = pytest.mark.django_db


@pytest.fixture
def groups(settings, tmp_path):
    """Registered but not connected: the tests decide what the index holds."""
    settings.SEARCH_INDEX_DIR = tmp_path / "index"
    Group.objects.all().delete()  # Wagtail's migrations create editors' groups
    document_type = register(GroupDocuments())
    yield document_type
    unregister(document_type.name)


def run(*args: str) -> str:
    out = StringIO()
    call_command("search_index", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def make_groups(*names: str) -> list[Group]:
    return [Group.objects.create(name=name) for name in names]


def test_rebuild_indexes_every_indexable_object(groups, capsys):
    make_groups("Modellers", "Inspectors", "hidden drafts")
    out = run("rebuild", "--type", "test_groups")
    assert "test_groups: rebuilt with 2 documents (embedded)" in out
    assert get_engine().count(groups) == 2
    assert "test_groups" in capsys.readouterr().err  # the progress bar


def test_status_compares_database_and_index(groups):
    first, _ = make_groups("Modellers", "Inspectors")
    get_engine().index_documents(groups, [groups.to_document(first)])
    out = run("status", "--type", "test_groups")
    assert out.splitlines() == [
        "test_groups: engine embedded, 2 in database, 1 in index (differs: run `search_index verify`)",
        "outbox: empty (every change confirmed by the engine)",
    ]


def test_status_shows_the_outbox_backlog_and_drain_sends_it(groups):
    from datetime import timedelta

    from django.utils import timezone

    from portal.search import outbox
    from portal.search.models import IndexOutboxEntry

    [group] = make_groups("Modellers")
    outbox.record_change(Group, group.pk, [groups])
    IndexOutboxEntry.objects.update(
        created=timezone.now() - timedelta(minutes=3), attempts=2, last_error="SearchEngineError: down"
    )
    lines = run("status", "--type", "test_groups").splitlines()
    assert lines[1].startswith("outbox: 1 changes waiting, oldest from ")
    assert "(180 s ago), 1 failed at least once" in lines[1]
    assert lines[2] == "outbox: last error: SearchEngineError: down"

    assert run("drain").strip() == "outbox: 1 sent, 0 failed, 0 waiting"
    assert get_engine().count(groups) == 1


def test_drain_fails_while_changes_fail(groups, settings, tmp_path):
    from portal.search import outbox

    [group] = make_groups("Modellers")
    outbox.record_change(Group, group.pk, [groups])
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    settings.SEARCH_INDEX_DIR = blocker / "index"
    with pytest.raises(CommandError, match="1 index changes failed") as error:
        run("drain")
    assert error.value.returncode == 1


def test_create_search_key_stores_a_search_only_key_without_showing_it(groups, settings, fake_meili):
    from portal.search.models import SearchEngineKey

    settings.MEILISEARCH_URL = fake_meili.url
    settings.MEILISEARCH_API_KEY = "admin-key"
    settings.MEILISEARCH_SEARCH_KEY = ""
    out = run("create-search-key")
    [stored] = SearchEngineKey.objects.all()
    assert stored.key == "search-key-0" and stored.url == fake_meili.url
    assert stored.key not in out and "search-only key" in out
    assert fake_meili.keys[0]["actions"] == ["search"]
    assert fake_meili.requests[-1].authorization == "Bearer admin-key"


def test_create_search_key_needs_meilisearch(groups):
    with pytest.raises(CommandError, match="no keys"):
        run("create-search-key")


def test_verify_lists_missing_stale_and_extra_and_fails(groups):
    fresh, renamed, absent = make_groups("Fresh", "Renamed", "Absent")
    engine = get_engine()
    engine.index_documents(groups, [groups.to_document(fresh), groups.to_document(renamed)])
    engine.index_documents(groups, [{"id": "999", "name": "Gone", "language": ["en"]}])
    renamed.name = "Renamed again"
    renamed.save()  # not connected: the index keeps the old name

    out = StringIO()
    with pytest.raises(CommandError) as error:
        call_command("search_index", "verify", stdout=out)
    assert error.value.returncode == 1
    assert "3 index problems" in str(error.value)
    lines = out.getvalue().splitlines()
    assert f"test_groups: 1 missing: {absent.pk}" in lines
    assert f"test_groups: 1 stale: {renamed.pk}" in lines
    assert "test_groups: 1 extra: 999" in lines


def test_verify_fix_repairs_the_index(groups):
    fresh, renamed, _ = make_groups("Fresh", "Renamed", "Absent")
    engine = get_engine()
    engine.index_documents(groups, [groups.to_document(fresh), groups.to_document(renamed)])
    engine.index_documents(groups, [{"id": "999", "name": "Gone", "language": ["en"]}])
    renamed.name = "Renamed again"
    renamed.save()

    out = run("verify", "--fix")
    assert "test_groups: fixed (2 indexed, 1 removed)" in out
    assert run("verify", "--type", "test_groups").strip() == "test_groups: index matches the database"
    assert sorted(engine.indexed_hashes(groups)) == sorted(str(group.pk) for group in Group.objects.all())


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["rebuild", "--type", "nope"], "no search document type 'nope'"),
        (["frobnicate"], "invalid choice"),
        (["verify", "--force"], "unrecognized arguments"),
        ([], "required"),
    ],
)
def test_bad_arguments_are_refused(groups, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)


def test_bad_arguments_on_the_command_line_give_one_line_and_exit_non_zero(groups, capsys):
    with pytest.raises(SystemExit) as exit_info:
        Command().run_from_argv(["manage.py", "search_index", "verify", "--force"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "unrecognized arguments: --force" in err

    with pytest.raises(SystemExit) as exit_info:
        Command().run_from_argv(["manage.py", "search_index", "rebuild", "--type", "nope"])
    assert exit_info.value.code == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "no search document type 'nope'" in err


@pytest.fixture
def on_fake_meilisearch(settings, fake_meili):
    settings.MEILISEARCH_URL = fake_meili.url
    settings.MEILISEARCH_API_KEY = "admin-key"
    settings.MEILISEARCH_SEARCH_KEY = "search-key"
    settings.MEILISEARCH_INDEX_PREFIX = "t"
    return fake_meili


def test_rebuild_and_verify_fix_on_meilisearch(groups, on_fake_meilisearch):
    fresh, renamed, _ = make_groups("Fresh", "Renamed", "Absent")
    assert "test_groups: rebuilt with 3 documents (meilisearch)" in run("rebuild", "--type", "test_groups")
    assert run("verify", "--type", "test_groups").strip() == "test_groups: index matches the database"
    stored = on_fake_meilisearch.documents("t_test_groups")
    assert stored[str(fresh.pk)]["content_hash"] == content_hash(groups.to_document(fresh))

    engine = get_engine()
    engine.delete_documents(groups, [str(fresh.pk)])
    engine.index_documents(groups, [{"id": "999", "name": "Gone", "language": ["en"]}])
    renamed.name = "Renamed again"
    renamed.save()
    with pytest.raises(CommandError, match="3 index problems"):
        run("verify")
    assert "test_groups: fixed (2 indexed, 1 removed)" in run("verify", "--fix")
    assert run("verify", "--type", "test_groups").strip() == "test_groups: index matches the database"
    assert "test_groups: engine meilisearch, 3 in database, 3 in index (ok)" in run("status")
