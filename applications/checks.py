"""Django system checks for transcription: when it is on, the engine, ffmpeg and a model
folder must be there (the app still runs without them; transcripts then fail with a reason)."""

import shutil

from django.conf import settings
from django.core.checks import Warning, register

from applications.transcripts.engine import engine_installed, missing_model_files


@register("applications")
def transcription_ready(app_configs=None, **kwargs) -> list[Warning]:
    if not settings.TRANSCRIBE_ENABLED:
        return []
    warnings = []
    if not engine_installed():
        warnings.append(
            Warning(
                "TRANSCRIBE_ENABLED is on but faster-whisper is not installed.",
                hint="Install the extra (`pip install .[transcribe]` or `uv sync --extra "
                "transcribe`), or set TRANSCRIBE_ENABLED=0.",
                id="applications.W001",
            )
        )
    missing = missing_model_files(settings.TRANSCRIBE_MODEL_DIR)
    if missing:
        warnings.append(
            Warning(
                f"Transcription is on but no speech recognition model was found in "
                f"TRANSCRIBE_MODEL_DIR={settings.TRANSCRIBE_MODEL_DIR} "
                f"(missing: {', '.join(missing)}). Recordings will not be transcribed.",
                hint="Put a faster-whisper model folder there (README, 'Transcripts'), or "
                "run `manage.py prepare_transcribe_model` for the demo model.",
                id="applications.W002",
            )
        )
    if shutil.which(settings.FFMPEG) is None:
        warnings.append(
            Warning(
                f"Transcription is on but ffmpeg ({settings.FFMPEG}) was not found.",
                hint="Install it, e.g. `apt-get install ffmpeg` (the Makefile does).",
                id="applications.W003",
            )
        )
    return warnings
