from django.core.management.base import BaseCommand

from applications.retention import purge_due, purge_expired


class Command(BaseCommand):
    help = "Delete applications past their retention period (see --dry-run first)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only show what would go.")

    def handle(self, *args, dry_run: bool = False, **options):
        if dry_run:
            for vacancy, applications in purge_due().by_vacancy().items():
                files = sum(len(application.files.all()) for application in applications)
                self.stdout.write(
                    f"{vacancy.title}: would delete {len(applications)} applications, {files} files"
                )
            return
        for log in purge_expired():
            self.stdout.write(
                f"{log.vacancy}: deleted {log.applications_deleted} applications, "
                f"kept {log.applications_kept} under a legal hold"
            )
