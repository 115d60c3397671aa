"""Load the demo data (``demo.seed``), one app after the other."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from demo.seed import seeders


class Command(BaseCommand):
    help = "Load fictitious demo data. Idempotent: running it twice changes nothing."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Also run with DEBUG off (never do this on the party's real database).",
        )

    def handle(self, *args, force: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("seed_demo only runs with DEBUG=1 (or --force).")
        for seed in seeders():
            with transaction.atomic():
                seed(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data is in place."))
