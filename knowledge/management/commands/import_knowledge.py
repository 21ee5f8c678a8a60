from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from knowledge.services import import_knowledge


class Command(BaseCommand):
    help = (
        "Import case studies, training materials and forum reports from a JSON Lines file "
        "(format: README, Importing knowledge pages). Rows are matched on slug; exits 1 if any row failed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options) -> None:
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        lines = path.read_text(encoding="utf-8").splitlines()
        report = import_knowledge(lines=lines, stderr=self.stderr._out, total=len(lines))
        for error in report.errors:
            self.stderr.write(error)
        self.stdout.write(
            f"{report.created} created, {report.updated} updated, {report.failed_lines} line(s) rejected"
        )
        if report.errors:
            raise SystemExit(1)
