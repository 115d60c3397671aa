from core.management.csv_command import CsvImportCommand
from integrity.services import position_import_csv


class Command(CsvImportCommand):
    help = (
        "Import the positions register from CSV (email, name, kind, body; optional branch, "
        "level, role, paid, hours_per_week, starts_on, ends_on). Idempotent."
    )

    def run_import(self, text: str):
        return position_import_csv(text=text)

    def summary(self, report) -> str:
        return (
            f"created {report.created}, updated {report.updated}, "
            f"unchanged {report.unchanged}, rejected {len(report.rejected)}"
        )
