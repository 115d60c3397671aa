"""The media check: every uploaded file is checked once more in Celery after its upload, and
recordings with ffprobe (real audio or video, known codecs, not too long). A rejected recording
is removed and its applicant told; a recording that passes goes to the transcription queue."""

import json
import logging
import subprocess
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from applications.models import RECORDINGS, ApplicationFile, FileCheck, FileKind
from applications.transcripts.runs import posting_language, transcript_queue
from core.files import delete_after_commit, local_copy
from core.services import audit_log
from notifications.services import notification_queue

AUDIO_CODECS = {
    "opus",
    "vorbis",
    "aac",
    "mp3",
    "pcm_s16le",
    "pcm_s24le",
    "pcm_f32le",
    "flac",
    "alac",
}
VIDEO_CODECS = {"h264", "hevc", "vp8", "vp9", "av1", "mpeg4"}
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class MediaVerdict:
    ok: bool
    message: str
    duration: float | None = None


def probe(path: str) -> dict | None:
    try:
        completed = subprocess.run(  # noqa: S603 - fixed program, our own file path
            # -count_packets reads the whole file (without decoding it), so a truncated
            # recording shows up as an error even when its header promises a full duration.
            [
                settings.FFPROBE,
                "-v",
                "error",
                "-count_packets",
                "-show_format",
                "-show_streams",
                "-of",
                "json",
                path,
            ],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if completed.returncode != 0 or completed.stderr.strip():
        return {}
    try:
        return json.loads(completed.stdout or "{}")
    except json.JSONDecodeError:
        return {}


def judge_media(path: str, *, kind: str) -> MediaVerdict | None:
    """None when ffprobe could not run at all (try again later); otherwise the verdict."""
    info = probe(path)
    if info is None:
        return None
    streams = info.get("streams") or []
    audio = [s for s in streams if s.get("codec_type") == "audio"]
    video = [s for s in streams if s.get("codec_type") == "video"]
    try:
        duration = float((info.get("format") or {}).get("duration") or 0)
    except ValueError:
        duration = 0.0
    if (
        not streams
        or (kind == FileKind.VIDEO and not video)
        or (kind == FileKind.VOICE and not audio)
    ):
        return MediaVerdict(False, _("We could not play this file. Record or export it again."))
    codecs = {s.get("codec_name") for s in audio} | {s.get("codec_name") for s in video}
    if not codecs <= AUDIO_CODECS | VIDEO_CODECS:
        return MediaVerdict(
            False, _("This recording uses a format we cannot play. Try MP4 or WebM.")
        )
    limit = settings.MEDIA_MAX_SECONDS["video" if kind == FileKind.VIDEO else "voice"]
    if duration > limit:
        return MediaVerdict(
            False,
            _("This recording lasts longer than %(minutes)d minutes. Please make it shorter.")
            % {"minutes": limit // 60},
            duration,
        )
    return MediaVerdict(True, "", duration or None)


def media_check(*, file_id: int) -> str | None:
    """Check one uploaded file (recordings with ffprobe); returns its new check status, or None
    when the file is gone or ffprobe could not run (the sweep tries again). A rejected
    recording is removed from disk and the applicant is told by e-mail; the portal shows it.
    ffprobe reads the whole file, which takes a while: it reads a copy taken through the
    storage, outside any transaction and with no row locked (the applicant may replace the
    file meanwhile), and the verdict is stored only if the file is still the one that was
    checked."""
    attached = ApplicationFile.objects.filter(pk=file_id).first()
    if attached is None or attached.check_status != FileCheck.PENDING:
        return attached.check_status if attached else None
    name = attached.file.name
    if attached.kind not in RECORDINGS:
        return _media_verdict_store(file_id, name=name, verdict=None)
    if not attached.file or not attached.file.storage.exists(name):
        logger.error("Media check: file %s is missing from storage", attached.uuid)
        return None
    try:
        with local_copy(attached.file, suffix=f".{attached.extension}") as path:
            verdict = judge_media(path, kind=attached.kind)
    except FileNotFoundError:  # removed between the look and the copy: replaced or erased
        logger.error("Media check: file %s is missing from storage", attached.uuid)
        return None
    if verdict is None:
        return None
    return _media_verdict_store(file_id, name=name, verdict=verdict)


@transaction.atomic
def _media_verdict_store(file_id: int, *, name: str, verdict: MediaVerdict | None) -> str | None:
    """Store the check of the file stored as ``name`` (None: a document, checked by content
    on upload). A file removed, replaced or checked meanwhile keeps what it has."""
    attached = (
        ApplicationFile.objects.select_for_update(of=("self",))
        .select_related("application__applicant", "application__vacancy")
        .filter(pk=file_id)
        .first()
    )
    if attached is None:
        return None
    if attached.check_status != FileCheck.PENDING or attached.file.name != name:
        return attached.check_status
    if verdict is None:
        attached.check_status = FileCheck.OK
        attached.save(update_fields=["check_status"])
        return attached.check_status
    attached.duration_seconds = verdict.duration
    attached.check_status = FileCheck.OK if verdict.ok else FileCheck.REJECTED
    attached.check_message = verdict.message
    if not verdict.ok:
        delete_after_commit(attached.file)
        attached.file = ""
        user = attached.application.applicant
        notification_queue(
            kind="applications.media_rejected",
            recipient=user.email,
            language=user.language or "nl",
            template="applications/email/media_rejected",
            context={"file": attached},
            target=attached,
        )
    attached.save(update_fields=["check_status", "check_message", "duration_seconds", "file"])
    audit_log(
        actor=None,
        action="applications.media_checked",
        target=attached.application,
        data={"file": str(attached.uuid), "ok": verdict.ok},
    )
    if verdict.ok and settings.TRANSCRIBE_ENABLED:
        transcript_queue(attached, language=posting_language(attached))
    return attached.check_status
