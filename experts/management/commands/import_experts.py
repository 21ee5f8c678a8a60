import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from experts.services import import_experts

# Files with more rows than this get a progress bar (on standard error, so output stays clean).
PROGRESS_THRESHOLD_BYTES = 200_000


class Command(BaseCommand):
    help = "Import or update experts from a CSV (UTF-8, header row) or JSON Lines file, matched on e-mail."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options) -> None:
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        report = import_experts(path=path, progress=path.stat().st_size > PROGRESS_THRESHOLD_BYTES)
        for number, reason in report.errors:
            self.stderr.write(f"line {number}: {reason}")
        self.stdout.write(
            f"{report.created} created, {report.updated} updated, {len(report.errors)} rejected"
        )
        if report.errors:
            sys.exit(1)
