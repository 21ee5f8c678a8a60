"""`manage.py search_index rebuild|status|verify [--fix]`."""

from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

from portal.management.commands.search_index import Command
from portal.search.documents import register, unregister
from portal.search.engines.base import get_engine
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
    assert out.strip() == (
        "test_groups: engine embedded, 2 in database, 1 in index (differs: run `search_index verify`)"
    )


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
    assert run("verify").strip() == "test_groups: index matches the database"
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
