from core.management.csv_command import CsvImportCommand
from members.services import member_import_csv


class Command(CsvImportCommand):
    help = (
        "Import the member register from a CSV file exported by the party's administration. "
        "Idempotent; reports created, updated, unchanged and rejected rows."
    )

    def run_import(self, text: str):
        return member_import_csv(text=text)

    def summary(self, report) -> str:
        return (
            f"created {len(report.created)}, updated {len(report.updated)}, "
            f"unchanged {len(report.unchanged)}, rejected {len(report.rejected)}, "
            f"linked to accounts {report.linked}"
        )
