"""The applicant's corrections of a transcript: one text per segment, the same timestamps, kept
beside what the speech recognition heard (which stays as it was), until the procedure ends."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.locks import application_locked
from applications.models import Application, Transcript, TranscriptStatus
from applications.transcripts.states import segments_text
from core.errors import ServiceError
from core.services import audit_log

MAX_SEGMENT_CHARS = 2000


def _transcript_locked(transcript: Transcript) -> tuple[Application, Transcript]:
    """The transcript's application and the transcript itself, both locked, in that order
    (the order every service here takes them in)."""
    owner = Application.objects.filter(files__transcript=transcript.pk).first()
    if owner is None:
        raise ServiceError(_("There is no transcript to correct yet."))
    application = application_locked(owner)
    transcript = (
        Transcript.objects.select_for_update(of=("self",))
        .select_related("file__application")
        .filter(pk=transcript.pk)
        .first()
    )
    if transcript is None:
        raise ServiceError(_("There is no transcript to correct yet."))
    return application, transcript


def _require_correctable(application: Application, transcript: Transcript, actor) -> None:
    if actor is None or application.applicant_id != actor.pk:
        raise ServiceError(_("Only the applicant can correct their transcript."))
    if not application.takes_transcript_corrections:
        raise ServiceError(_("This procedure has ended; the transcript can no longer change."))
    if transcript.status != TranscriptStatus.DONE:
        raise ServiceError(_("There is no transcript to correct yet."))


@transaction.atomic
def transcript_correct(*, transcript: Transcript, texts: list[str], actor) -> Transcript:
    """The applicant's correction: one text per segment of the version they see, same
    timestamps. The speech recognition's version stays stored beside it; a correction equal to
    that version removes the correction. Raises ServiceError."""
    application, transcript = _transcript_locked(transcript)
    _require_correctable(application, transcript, actor)
    base = transcript.current_segments
    if len(texts) != len(base):
        raise ServiceError(_("The transcript has changed meanwhile. Please start again."))
    if any(len(text) > MAX_SEGMENT_CHARS for text in texts):
        raise ServiceError(
            _("A passage can be at most %(count)d characters.") % {"count": MAX_SEGMENT_CHARS}
        )
    corrected = [
        {"start": segment["start"], "end": segment["end"], "text": " ".join(text.split())}
        for segment, text in zip(base, texts, strict=True)
    ]
    _correction_save(transcript, None if corrected == transcript.segments else corrected, actor)
    return transcript


def _correction_save(transcript: Transcript, corrected: list | None, actor) -> None:
    """Keep the applicant's correction (None: the recognised text again), the text the
    committee reads and searches, and an audit row without a word of it."""
    transcript.corrected_segments = corrected
    transcript.corrected_at = timezone.now() if corrected is not None else None
    transcript.text = segments_text(transcript.current_segments)
    transcript.updated_at = timezone.now()
    transcript.save(update_fields=["corrected_segments", "corrected_at", "text", "updated_at"])
    audit_log(
        actor=actor,
        action="applications.transcript_corrected",
        target=transcript.file.application,
        data={"file": str(transcript.file.uuid), "corrected": transcript.is_corrected},
    )


@transaction.atomic
def transcript_restore_original(*, transcript: Transcript, actor) -> Transcript:
    """Drop the applicant's correction: the committee reads the speech recognition's version
    again. Raises ServiceError."""
    application, transcript = _transcript_locked(transcript)
    _require_correctable(application, transcript, actor)
    if transcript.is_corrected:
        _correction_save(transcript, None, actor)
    return transcript
