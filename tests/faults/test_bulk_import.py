"""A bulk import with bad rows (issue 19, findings 6 and 8): every bad row is reported as
`line N: reason` and nothing of it is stored, every good row is imported whole, and the index
updates of the whole file queue one outbox run, not one (or six) per row."""

from __future__ import annotations

import csv
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from experts.models import Expert
from portal.search.models import IndexOutboxEntry

SAMPLE = Path("/work/shared/samples/experts.csv")
ROWS = 200
pytestmark = pytest.mark.django_db


def bad_value(number: int) -> dict[str, str]:
    """Row ``number``'s fault, one kind in turn: an unknown city, a missing name, a bad e-mail,
    an unknown pollutant, a link that is not http(s)."""
    return [
        {"city": "atlantis"},
        {"name": ""},
        {"email": "not-an-address"},
        {"pollutants": "pm25;kryptonite"},
        {"links": "javascript:alert(1)"},
    ][(number // 10) % 5]


def write_file(path: Path) -> set[int]:
    """ROWS rows; every tenth is bad. Returns the file's line numbers of the bad rows."""
    fields = SAMPLE.read_text(encoding="utf-8").splitlines()[0].split(",")
    bad_lines = set()
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        for number in range(ROWS):
            row = {
                "email": f"bulk{number}@example.net",
                "name": f"Bulk Expert {number}",
                "position": "Engineer",
                "city": "da-nang",
                "pollutants": "pm25;no2",
                "languages": "en",
                "status": "published",
            }
            if number % 10 == 7:
                row.update(bad_value(number))
                bad_lines.add(number + 2)  # the header is line 1
            writer.writerow(row)
    return bad_lines


def test_a_bulk_import_reports_each_bad_row_imports_the_rest_and_queues_one_run(
    site, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    bad_lines = write_file(tmp_path / "bulk.csv")
    out, err = StringIO(), StringIO()

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(SystemExit) as exit_:
        call_command("import_experts", str(tmp_path / "bulk.csv"), stdout=out, stderr=err)

    assert exit_.value.code == 1
    reported = [line for line in err.getvalue().splitlines() if line]
    assert sorted(int(line.split(":")[0].removeprefix("line ")) for line in reported) == sorted(bad_lines)
    assert all(line.startswith("line ") and ": " in line for line in reported)
    good = ROWS - len(bad_lines)
    assert Expert.objects.filter(email__startswith="bulk").count() == good
    # Nothing of a bad row is stored, not even its valid columns.
    bad_emails = {f"bulk{line - 2}@example.net" for line in bad_lines}
    assert not Expert.objects.filter(email__in=bad_emails).exists()
    assert Expert.objects.get(email="bulk0@example.net").pollutants.count() == 2
    # Every good row's index change waits in the outbox; one run is queued to send them all.
    assert IndexOutboxEntry.objects.count() >= good
    runs = DBTaskResult.objects.filter(task_path="portal.search.tasks.process_outbox", status="READY")
    assert runs.count() == 1
