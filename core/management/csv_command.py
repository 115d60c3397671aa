from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.errors import ServiceError


class CsvImportCommand(BaseCommand):
    """A management command that reads one CSV file and hands its text to an import service.
    Subclasses set ``help`` and implement ``run_import`` (returns the report) and ``summary``."""

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="CSV file with a header row")

    def run_import(self, text: str):
        raise NotImplementedError

    def summary(self, report) -> str:
        raise NotImplementedError

    def handle(self, *args, path: Path, **options):
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Cannot read {path}: {exc}") from exc
        try:
            report = self.run_import(text)
        except ServiceError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(self.summary(report))
        for line, reason in report.rejected:
            self.stdout.write(self.style.WARNING(f"line {line}: rejected: {reason}"))
