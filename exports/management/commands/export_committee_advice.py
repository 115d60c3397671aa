"""manage.py export_committee_advice VACANCY --out FILE: the committee's advice as a PDF."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from exports.services import committee_advice_report
from vacancies.models import Vacancy


class Command(BaseCommand):
    help = "Write the candidate committee's advice on a vacancy (id or slug) as a PDF."

    def add_arguments(self, parser):
        parser.add_argument("vacancy", help="The vacancy's id or slug.")
        parser.add_argument("--out", required=True, help="Where to write the PDF.")
        parser.add_argument("--language", default="nl", choices=["nl", "en"])

    def handle(self, *args, vacancy, out, language, **options):
        lookup = {"pk": int(vacancy)} if vacancy.isdigit() else {"slug": vacancy}
        found = Vacancy.objects.filter(**lookup).first()
        if found is None:
            raise CommandError(f"No vacancy {vacancy!r}.")
        Path(out).write_bytes(committee_advice_report(vacancy=found, language=language))
        self.stdout.write(f"Wrote {out}")
