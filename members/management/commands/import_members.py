from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.errors import ServiceError
from members.services import member_import_csv


class Command(BaseCommand):
    help = (
        "Import the member register from a CSV file exported by the party's administration. "
        "Idempotent; reports created, updated, unchanged and rejected rows."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="CSV file with a header row")

    def handle(self, *args, path: Path, **options):
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Cannot read {path}: {exc}") from exc
        try:
            report = member_import_csv(text=text)
        except ServiceError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(
            f"created {len(report.created)}, updated {len(report.updated)}, "
            f"unchanged {len(report.unchanged)}, rejected {len(report.rejected)}, "
            f"linked to accounts {report.linked}"
        )
        for line, reason in report.rejected:
            self.stdout.write(self.style.WARNING(f"line {line}: rejected: {reason}"))
