"""manage.py backup [--out DIR]: the database and the private media, into a new folder."""

from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils import timezone

from core.backup import backup_make, backup_prune


class Command(BaseCommand):
    help = "Back up the database (pg_dump, or the SQLite file) and the private media."

    def add_arguments(self, parser):
        parser.add_argument("--out", help="A new folder (default: backups/<date-time>).")

    def handle(self, *args, out=None, **options):
        folder = Path(out or f"backups/{timezone.localtime():%Y%m%d-%H%M%S}")
        backup_make(out=folder)
        self.stdout.write(f"Backup written to {folder}")
        for old in backup_prune(parent=folder.parent):
            self.stdout.write(f"Expired backup deleted: {old}")
