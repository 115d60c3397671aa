"""manage.py restore DIR: put a backup made by ``manage.py backup`` back."""

from django.core.management.base import BaseCommand, CommandError

from core.backup import backup_restore
from core.errors import ServiceError


class Command(BaseCommand):
    help = "Replace the database's contents and the private media with a backup's."

    def add_arguments(self, parser):
        parser.add_argument("folder", help="A folder written by manage.py backup.")
        parser.add_argument(
            "--yes", action="store_true", help="Do not ask: the current data are replaced."
        )

    def handle(self, *args, folder, yes=False, **options):
        if not yes and input("The current data will be replaced. Type 'yes': ") != "yes":
            raise CommandError("Nothing restored.")
        try:
            manifest = backup_restore(source=folder)
        except ServiceError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"Restored the backup made at {manifest['made_at']}.")
        self.stdout.write(f"Erasures applied again: {manifest.get('erasures_reapplied', 0)}.")
