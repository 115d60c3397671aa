from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.members import DEMO_TOTP_SECRET
from members.totp import current_totp_code


class Command(BaseCommand):
    help = "Print the current two-factor code of the demo accounts (embedded demo only)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("demo_totp only runs with DEBUG=1.")
        self.stdout.write(current_totp_code(DEMO_TOTP_SECRET))
