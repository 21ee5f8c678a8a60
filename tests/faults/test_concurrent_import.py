"""Two `import_experts` runs at once (issue 19, finding 6): overlapping files (the same e-mails)
and different experts sharing names (the same slugs) end with each expert once, every row
imported and no traceback, on SQLite and PostgreSQL.

Each import runs in its own thread with its own database connection, so the test commits
(transaction=True) and restores the migrated rows (cities, taxonomies) for itself.
"""

from __future__ import annotations

import csv
import threading
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from experts.models import Expert

SAMPLE = Path("/work/shared/samples/experts.csv")
pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.concurrency,
    pytest.mark.usefixtures("threaded_database"),
]
NAMES = ["Nguyễn Văn An", "Siti Rahma", "Somchai Wongsawat"]


def write_file(path: Path, numbers: range, *, tag: str, mailbox: str = "expert") -> Path:
    """Rows in the sample's columns: row N has the e-mail {mailbox}N@… (files with the same
    mailbox overlap) and the N-th of a few names (files with different mailboxes race for the
    same slugs); `tag` differs per file."""
    fields = SAMPLE.read_text(encoding="utf-8").splitlines()[0].split(",")
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        for number in numbers:
            writer.writerow(
                {
                    "email": f"{mailbox}{number}@example.net",
                    "name": NAMES[number % len(NAMES)],
                    "position": f"Engineer ({tag})",
                    "city": "da-nang" if number % 2 else "bangkok",
                    "pollutants": "pm25;no2",
                    "languages": "en",
                    "bio": "<p>Runs monitoring stations.</p>",
                    "status": "published",
                }
            )
    return path


def run_imports(paths: list[Path]) -> list[tuple[object, str, str]]:
    """Run one import per file, all released at the same moment; (exit code, stdout, stderr) each."""
    barrier = threading.Barrier(len(paths))
    results: list[tuple[object, str, str]] = [(None, "", "")] * len(paths)

    def run(index: int, path: Path) -> None:
        out, err = StringIO(), StringIO()
        code: object = 0
        try:
            barrier.wait(timeout=10)
            call_command("import_experts", str(path), stdout=out, stderr=err)
        except SystemExit as exit_:
            code = exit_.code
        except Exception as error:  # noqa: BLE001 - a traceback is what the test must not see
            code = f"{type(error).__name__}: {error}"
        finally:
            connection.close()
        results[index] = (code, out.getvalue(), err.getvalue())

    threads = [threading.Thread(target=run, args=(index, path)) for index, path in enumerate(paths)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    return results


def test_overlapping_imports_at_once_create_each_expert_once(site, tmp_path):
    # The same rows in the same order: both imports reach each e-mail at the same moment. A third
    # file has other e-mails with the same names, so its new experts race for the same slugs.
    first = write_file(tmp_path / "first.csv", range(100), tag="first")
    second = write_file(tmp_path / "second.csv", range(100), tag="second")
    namesakes = write_file(tmp_path / "namesakes.csv", range(100), tag="namesakes", mailbox="namesake")

    results = run_imports([first, second, namesakes])

    for code, out, err in results:
        assert code == 0, (code, err)
        assert err == ""
        assert "0 rejected" in out
    created = sum(int(out.split(" created")[0]) for _code, out, _err in results)
    updated = sum(int(out.split(", ")[1].split(" updated")[0]) for _code, out, _err in results)
    assert (created, updated) == (200, 100)
    assert Expert.objects.count() == 200
    slugs = list(Expert.objects.values_list("slug", flat=True))
    assert len(set(slugs)) == 200
    assert Expert.objects.filter(slug="siti-rahma").count() == 1
    assert Expert.objects.get(email="expert99@example.net").pollutants.count() == 2
    # Each shared row ends with one file's values, whole (no mix of the two).
    positions = set(Expert.objects.filter(email__startswith="expert").values_list("position", flat=True))
    assert positions <= {"Engineer (first)", "Engineer (second)"}
