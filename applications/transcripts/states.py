"""The transcript's state machine: where a transcript may go from each status, the one function
that moves it (every service in this package moves it through ``transcript_move``), and the
text its segments make."""

from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Transcript, TranscriptStatus
from core.errors import ServiceError

# Where a transcript may go from each state (transcript_move moves it, nowhere else).
TRANSCRIPT_MOVES = {
    TranscriptStatus.QUEUED: {TranscriptStatus.RUNNING},
    TranscriptStatus.RUNNING: {
        TranscriptStatus.DONE,
        TranscriptStatus.NO_SPEECH,
        TranscriptStatus.FAILED,
        TranscriptStatus.QUEUED,  # a run that died (the sweep puts it back in the queue)
    },
    TranscriptStatus.DONE: {TranscriptStatus.QUEUED},
    TranscriptStatus.NO_SPEECH: {TranscriptStatus.QUEUED},
    TranscriptStatus.FAILED: {TranscriptStatus.QUEUED},
}


def transcript_move(transcript: Transcript, to: str) -> None:
    if to not in TRANSCRIPT_MOVES[transcript.status]:
        raise ServiceError(
            _("A transcript cannot go from “%(from)s” to “%(to)s”.")
            % {"from": transcript.get_status_display(), "to": TranscriptStatus(to).label}
        )
    transcript.status = to
    transcript.updated_at = timezone.now()


def segments_text(segments: list[dict]) -> str:
    return "\n".join(segment["text"] for segment in segments if segment["text"])
