"""The transcript's runs: the queue, the worker's run and the periodic sweep.

A transcript is made after the media check, in Celery, by ``transcript_run``: three short
transactions (claim, progress, result) around minutes of CPU work that holds no lock. ffmpeg
decodes a temporary copy of the recording read through the storage; a recording replaced or
erased meanwhile takes its transcript with it, and the run's result is dropped. Nothing here
logs or audits what was said; tasks carry the transcript's id only.
"""

import logging
import time as clock
from collections.abc import Iterable
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import (
    RECORDINGS,
    Application,
    ApplicationFile,
    FileCheck,
    Transcript,
    TranscriptFailure,
    TranscriptStatus,
)
from applications.transcripts import engine as transcription
from applications.transcripts.states import segments_text, transcript_move
from core.errors import ServiceError
from core.files import local_copy
from core.services import audit_log
from core.tasks_util import enqueue_on_commit

logger = logging.getLogger(__name__)

# A run that has not reported progress for this long has died (worker killed, machine
# restarted); the sweep queues it again, up to MAX_TRANSCRIPT_ATTEMPTS runs in all.
STALE_RUN = timedelta(minutes=30)
UNSENT_QUEUE = timedelta(minutes=10)
MAX_TRANSCRIPT_ATTEMPTS = 3
_PROGRESS_EVERY = 5  # per cent, or every few seconds, whichever comes first
_PROGRESS_SECONDS = 5.0


def posting_language(attached: ApplicationFile) -> str:
    language = attached.application.vacancy.language
    return language if language in transcription.LANGUAGES else ""


def transcript_queue(attached: ApplicationFile, *, language: str) -> Transcript | None:
    """Put the recording in the transcription queue (inside the caller's transaction; the task
    is sent after commit). None when it is queued or running already."""
    transcript = Transcript.objects.select_for_update().filter(file=attached).first()
    if transcript is None:
        transcript = Transcript.objects.create(file=attached, requested_language=language)
    elif transcript.is_pending:
        return None
    else:
        transcript_move(transcript, TranscriptStatus.QUEUED)
        transcript.requested_language = language
        transcript.progress = 0
        transcript.failure = ""
        transcript.attempts = 0
        transcript.queued_at = timezone.now()
        transcript.started_at = transcript.finished_at = None
        transcript.save()
    from applications.tasks import transcribe_media  # tasks import this module

    enqueue_on_commit(transcribe_media, transcript_id=transcript.pk)
    return transcript


@transaction.atomic
def transcripts_requeue(*, applications: Iterable[Application], actor, detect=False) -> int:
    """Transcribe the checked recordings of these applications again — in the posting's
    language, or with ``detect`` in whatever language the model hears — and recordings that
    have no transcript yet. Recordings whose transcription is waiting or running are left
    alone. Returns how many were queued. The old transcript stays readable until the new one
    is done. Raises ServiceError when transcription is switched off."""
    if not settings.TRANSCRIBE_ENABLED:
        raise ServiceError(_("Transcription is switched off on this server."))
    files = (
        ApplicationFile.objects.filter(
            application__in=[a.pk for a in applications],
            kind__in=RECORDINGS,
            check_status=FileCheck.OK,
        )
        .exclude(file="")
        .select_related("application__vacancy")
    )
    queued = 0
    for attached in files:
        language = "" if detect else posting_language(attached)
        if transcript_queue(attached, language=language) is not None:
            queued += 1
            audit_log(
                actor=actor,
                action="applications.transcript_requeued",
                target=attached.application,
                data={"file": str(attached.uuid), "detect": detect},
            )
    return queued


@transaction.atomic
def _transcript_claim(transcript_id: int) -> Transcript | None:
    transcript = (
        Transcript.objects.select_for_update(of=("self",))
        .select_related("file__application__vacancy")
        .filter(pk=transcript_id)
        .first()
    )
    if transcript is None or transcript.status != TranscriptStatus.QUEUED:
        return None  # gone, or another run has it: a second delivery of the task does nothing
    transcript_move(transcript, TranscriptStatus.RUNNING)
    transcript.attempts += 1
    transcript.progress = 0
    transcript.started_at = timezone.now()
    transcript.save()
    return transcript


@transaction.atomic
def _transcript_finish(
    transcript_id: int,
    *,
    attempt: int,
    failure: str = "",
    result: transcription.Transcription | None = None,
) -> str | None:
    """Store the outcome of run number ``attempt``; None when the transcript was deleted or
    queued again meanwhile (the outcome is dropped)."""
    transcript = (
        Transcript.objects.select_for_update(of=("self",))
        .select_related("file__application")
        .filter(pk=transcript_id)
        .first()
    )
    if (
        transcript is None
        or transcript.status != TranscriptStatus.RUNNING
        or transcript.attempts != attempt
    ):
        return None
    if failure:
        transcript_move(transcript, TranscriptStatus.FAILED)
        transcript.failure = failure  # the earlier transcript, if any, stays readable
    else:
        segments = [segment.as_dict() for segment in result.segments]
        transcript_move(
            transcript, TranscriptStatus.DONE if segments else TranscriptStatus.NO_SPEECH
        )
        transcript.segments = segments
        transcript.language = result.language
        transcript.language_detected = result.detected
        transcript.model_name = Path(settings.TRANSCRIBE_MODEL_DIR).name[:100]
        transcript.text = segments_text(transcript.current_segments)
        transcript.progress = 100
    transcript.finished_at = timezone.now()
    transcript.save()
    audit_log(
        actor=None,
        action="applications.transcribed",
        target=transcript.file.application,
        data={
            "file": str(transcript.file.uuid),
            "status": transcript.status,
            "failure": failure,
            "segments": len(transcript.segments),
        },
    )
    return transcript.status


def _progress_reporter(transcript: Transcript):
    """Writes the progress now and then (its own tiny UPDATE, no transaction held), and stops
    the run when the transcript was deleted (erasure, a replaced file) or queued again."""
    last = {"percent": 0, "at": clock.monotonic()}

    def report(fraction: float) -> None:
        percent = min(int(fraction * 100), 99)
        now = clock.monotonic()
        if percent < last["percent"] + _PROGRESS_EVERY and now - last["at"] < _PROGRESS_SECONDS:
            return
        last.update(percent=percent, at=now)
        still_ours = Transcript.objects.filter(
            pk=transcript.pk, status=TranscriptStatus.RUNNING, attempts=transcript.attempts
        ).update(progress=percent, updated_at=timezone.now())
        if not still_ours:
            raise transcription.Cancelled

    return report


class _RecordingGone(Exception):
    """The recording was removed between the look and the copy (replaced or erased)."""


def _decoded_audio(attached: ApplicationFile):
    """The recording's sound, decoded by ffmpeg from a copy read through the storage (ffmpeg
    needs a file on disk; nothing asks the storage for a path). Raises _RecordingGone and
    transcription.UnreadableMedia."""
    try:
        with local_copy(attached.file, suffix=f".{attached.extension}") as path:
            return transcription.decode_audio(path)
    except FileNotFoundError as exc:
        raise _RecordingGone from exc


def transcript_run(*, transcript_id: int) -> str | None:
    """Transcribe one recording on this machine and store the segments with their timestamps.
    Every failure ends in a status with a reason (no model, unreadable sound, no speech, an
    engine error), never in an exception. Not one transaction, on purpose (the module says
    why). Returns the new status, or None when there was nothing to do (gone, or taken by
    another run)."""
    transcript = _transcript_claim(transcript_id)
    if transcript is None:
        return None
    attempt, attached = transcript.attempts, transcript.file
    folder = str(settings.TRANSCRIBE_MODEL_DIR)
    if not transcription.engine_installed():
        failure = TranscriptFailure.NOT_INSTALLED
    elif transcription.missing_model_files(folder):
        failure = TranscriptFailure.NO_MODEL
    elif not attached.file or not attached.file.storage.exists(attached.file.name):
        failure = TranscriptFailure.FILE_MISSING
    else:
        failure = ""
    if failure:
        logger.warning("Transcript %s not made: %s", transcript.pk, failure)
        return _transcript_finish(transcript.pk, attempt=attempt, failure=failure)
    started = clock.monotonic()
    try:
        audio = _decoded_audio(attached)
        result = transcription.transcribe(
            audio,
            folder=folder,
            language=transcript.requested_language or None,
            on_progress=_progress_reporter(transcript),
        )
    except _RecordingGone:
        logger.warning("Transcript %s not made: %s", transcript.pk, TranscriptFailure.FILE_MISSING)
        return _transcript_finish(
            transcript.pk, attempt=attempt, failure=TranscriptFailure.FILE_MISSING
        )
    except transcription.UnreadableMedia:
        logger.warning("Transcript %s not made: the sound could not be decoded", transcript.pk)
        return _transcript_finish(
            transcript.pk, attempt=attempt, failure=TranscriptFailure.UNREADABLE
        )
    except transcription.Cancelled:
        logger.info("Transcript %s: run %s stopped, no longer wanted", transcript.pk, attempt)
        return None
    except Exception:  # the engine's own errors (CTranslate2, memory): a status, not a crash
        logger.exception("Transcript %s: the speech recognition failed", transcript.pk)
        return _transcript_finish(transcript.pk, attempt=attempt, failure=TranscriptFailure.ENGINE)
    logger.info(
        "Transcript %s: %d segments from %.0f s of sound in %.1f s",
        transcript.pk,
        len(result.segments),
        result.duration,
        clock.monotonic() - started,
    )
    return _transcript_finish(transcript.pk, attempt=attempt, result=result)


def transcripts_sweep(*, now: datetime | None = None) -> dict[str, int]:
    """The periodic safety net: send again what was queued but never sent (broker down), queue
    again runs that died (or give up after MAX_TRANSCRIPT_ATTEMPTS), and queue checked
    recordings that have no transcript (uploaded while transcription was off)."""
    from applications.tasks import transcribe_media

    now = now or timezone.now()
    counts = {"resent": 0, "restarted": 0, "given_up": 0, "new": 0}
    if not settings.TRANSCRIBE_ENABLED:
        return counts
    unsent = Transcript.objects.filter(
        status=TranscriptStatus.QUEUED, updated_at__lt=now - UNSENT_QUEUE
    ).values_list("pk", flat=True)[:200]
    for transcript_id in unsent:
        with transaction.atomic():
            # Moved on, so a long queue is sent again once per sweep interval at most (a
            # second message for the same transcript finds it taken and does nothing).
            Transcript.objects.filter(pk=transcript_id).update(updated_at=now)
            enqueue_on_commit(transcribe_media, transcript_id=transcript_id)
        counts["resent"] += 1
    stale = Transcript.objects.filter(
        status=TranscriptStatus.RUNNING, updated_at__lt=now - STALE_RUN
    ).values_list("pk", flat=True)[:200]
    for transcript_id in stale:
        with transaction.atomic():
            transcript = (
                Transcript.objects.select_for_update()
                .filter(pk=transcript_id, status=TranscriptStatus.RUNNING)
                .first()
            )
            if transcript is None:
                continue
            if transcript.attempts >= MAX_TRANSCRIPT_ATTEMPTS:
                transcript_move(transcript, TranscriptStatus.FAILED)
                transcript.failure = TranscriptFailure.GAVE_UP
                transcript.finished_at = now
                counts["given_up"] += 1
            else:
                transcript_move(transcript, TranscriptStatus.QUEUED)
                transcript.queued_at = now
                enqueue_on_commit(transcribe_media, transcript_id=transcript.pk)
                counts["restarted"] += 1
            transcript.save()
    untranscribed = (
        ApplicationFile.objects.filter(
            kind__in=RECORDINGS, check_status=FileCheck.OK, transcript__isnull=True
        )
        .exclude(file="")
        .select_related("application__vacancy")[:100]
    )
    for attached in untranscribed:
        with transaction.atomic():
            if transcript_queue(attached, language=posting_language(attached)):
                counts["new"] += 1
    return counts
