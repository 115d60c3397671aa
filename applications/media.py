"""Checking recordings with ffprobe: real audio or video, known codecs, not too long."""

import json
import subprocess
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from applications.models import FileKind

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
