from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.errors import ServiceError
from integrity.services import position_import_csv


class Command(BaseCommand):
    help = (
        "Import the positions register from CSV (email, name, kind, body; optional branch, "
        "level, role, paid, hours_per_week, starts_on, ends_on). Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="CSV file with a header row")

    def handle(self, *args, path: Path, **options):
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Cannot read {path}: {exc}") from exc
        try:
            report = position_import_csv(text=text)
        except ServiceError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(
            f"created {report.created}, updated {report.updated}, "
            f"unchanged {report.unchanged}, rejected {len(report.rejected)}"
        )
        for line, reason in report.rejected:
            self.stdout.write(self.style.WARNING(f"line {line}: rejected: {reason}"))
