"""manage.py export_candidate_list VACANCY --format pdf|csv|xlsx --out FILE [--internal]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.errors import ServiceError
from exports.findings import Finding
from exports.services import ExportBlocked, ExportFormat, candidate_list_export
from vacancies.models import Vacancy


class Command(BaseCommand):
    help = (
        "Check a vacancy's candidate list and write it as PDF (for the members, or --internal) "
        "or as the Kiesraad spreadsheet (CSV, XLSX). Exits non-zero, writing nothing, when "
        "the checks find errors."
    )

    def add_arguments(self, parser):
        parser.add_argument("vacancy", help="The vacancy's id or slug.")
        parser.add_argument(
            "--format", dest="file_format", choices=list(ExportFormat), required=True
        )
        parser.add_argument("--out", required=True, type=Path, help="The file to write.")
        parser.add_argument(
            "--internal",
            action="store_true",
            help="The internal PDF, with dates of birth and the consent status.",
        )

    def handle(self, *args, vacancy: str, file_format: str, out: Path, internal: bool, **options):
        target = self._vacancy(vacancy)
        try:
            export = candidate_list_export(
                vacancy=target, file_format=ExportFormat(file_format), internal=internal, actor=None
            )
        except ExportBlocked as exc:
            for finding in exc.findings:
                self.stderr.write(_line(finding))
            raise CommandError(exc.message) from exc
        except ServiceError as exc:
            raise CommandError(exc.message) from exc
        for finding in export.warnings:
            self.stderr.write(_line(finding))
        out.write_bytes(export.content)
        self.stdout.write(f"{out}: {len(export.content)} bytes, {len(export.warnings)} warnings")

    def _vacancy(self, key: str) -> Vacancy:
        lookup = {"pk": int(key)} if key.isdigit() else {"slug": key}
        vacancy = Vacancy.objects.filter(**lookup).first()
        if vacancy is None:
            raise CommandError(f"No vacancy {key!r}.")
        return vacancy


def _line(finding: Finding) -> str:
    place = f"place {finding.position}: " if finding.position else ""
    return f"{finding.level}: {place}{finding.message}"
