"""manage.py export_alv_results MEETING --out FILE: the ALV's results report as a PDF."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from exports.services import alv_results_report


class Command(BaseCommand):
    help = "Write the results of every closed poll of an ALV (meeting id) as a PDF."

    def add_arguments(self, parser):
        parser.add_argument("meeting", type=int, help="The meeting's id.")
        parser.add_argument("--out", required=True, help="Where to write the PDF.")
        parser.add_argument("--language", default="nl", choices=["nl", "en"])

    def handle(self, *args, meeting, out, language, **options):
        from voting.models import Meeting

        found = Meeting.objects.filter(pk=meeting).first()
        if found is None:
            raise CommandError(f"No meeting with id {meeting}.")
        Path(out).write_bytes(alv_results_report(meeting=found, language=language))
        self.stdout.write(f"Wrote {out}")
