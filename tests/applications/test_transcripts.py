"""Transcripts of video and voice notes, made on this machine with faster-whisper after the
media check. The clips are real speech: espeak-ng says a known sentence into a WAV, which
ffmpeg packs into a webm or mp4, and the tests assert on words the model must recognise."""

import logging
import shutil
import subprocess
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from celery.signals import before_task_publish
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from applications.checks import transcription_ready
from applications.media import media_check
from applications.models import (
    ApplicationFile,
    ApplicationStatus,
    FileCheck,
    FileKind,
    Transcript,
    TranscriptFailure,
    TranscriptStatus,
)
from applications.privacy import export_applications
from applications.retention import purge_expired
from applications.services import application_attach_file
from applications.tasks import transcribe_media
from applications.transcripts.runs import (
    MAX_TRANSCRIPT_ATTEMPTS,
    transcripts_requeue,
    transcripts_sweep,
)
from core.errors import ServiceError
from core.models import AuditEntry
from core.privacy import personal_data_erase
from demo.applications import voice_note_seed
from tests.factories import ApplicationFactory, VacancyFactory

FFMPEG = shutil.which("ffmpeg")
ESPEAK = shutil.which("espeak-ng")

DUTCH = "Ik woon in Amsterdam en ik wil meedoen."
ENGLISH = "The committee meets every Tuesday in Amsterdam."


def spoken_clip(folder: Path, sentence: str, *, voice: str, container: str) -> bytes:
    """A 3-second video of a test picture with espeak-ng saying ``sentence``."""
    speech = folder / f"speech-{voice}.wav"
    subprocess.run([ESPEAK, "-v", voice, "-s", "140", "-w", str(speech), sentence], check=True)
    codecs = {
        "webm": ["-c:v", "libvpx", "-c:a", "libopus"],
        "mp4": ["-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac"],
    }[container]
    target = folder / f"clip-{voice}.{container}"
    picture = ["-f", "lavfi", "-i", "testsrc=size=160x120:rate=10"]
    subprocess.run(
        [
            FFMPEG,
            "-v",
            "error",
            "-y",
            *picture,
            "-i",
            str(speech),
            "-shortest",
            *codecs,
            str(target),
        ],
        check=True,
    )
    return target.read_bytes()


def tone_clip(folder: Path) -> bytes:
    """A 3-second voice note with a tone and nothing said."""
    target = folder / "tone.webm"
    tone = ["-f", "lavfi", "-i", "sine=frequency=440:duration=3"]
    subprocess.run([FFMPEG, "-v", "error", "-y", *tone, "-c:a", "libopus", str(target)], check=True)
    return target.read_bytes()


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"


def checked(kind: str, name: str, content: bytes, *, language: str = "nl"):
    """An application with this recording, through the media check (which queues the
    transcript); returns the file."""
    application = ApplicationFactory(vacancy=VacancyFactory(language=language), motivation="")
    attached = application_attach_file(
        application=application, kind=kind, uploaded=SimpleUploadedFile(name, content)
    )
    assert media_check(file_id=attached.pk) == FileCheck.OK
    attached.refresh_from_db()
    return attached


def words(text: str) -> set[str]:
    return {word.strip(".,!?").lower() for word in text.split()}


@pytest.mark.django_db
def test_a_dutch_video_is_transcribed_in_the_postings_language(tmp_path, caplog):
    attached = checked(
        FileKind.VIDEO, "film.webm", spoken_clip(tmp_path, DUTCH, voice="nl", container="webm")
    )
    transcript = attached.transcript
    assert (transcript.status, transcript.requested_language) == (TranscriptStatus.QUEUED, "nl")

    with caplog.at_level(logging.DEBUG):
        status = transcribe_media(transcript_id=transcript.pk)

    transcript.refresh_from_db()
    assert status == TranscriptStatus.DONE
    assert {"amsterdam", "meedoen", "wil"} <= words(transcript.text)
    assert (transcript.language, transcript.language_detected) == ("nl", False)
    assert transcript.progress == 100 and transcript.model_name == "whisper-base"
    segment = transcript.segments[0]
    assert 0 <= segment["start"] < segment["end"] <= 3.5
    assert transcript.text == "\n".join(s["text"] for s in transcript.segments)
    # Nothing that was said reaches a log line or the audit trail.
    audit = AuditEntry.objects.get(action="applications.transcribed")
    assert audit.data["status"] == "done" and audit.data["segments"] == len(transcript.segments)
    for record_text in (caplog.text, str(audit.data)):
        assert not {"amsterdam", "meedoen"} & words(record_text)


@pytest.mark.django_db
def test_a_recording_is_transcribed_from_the_storage(tmp_path, settings):
    """A storage with no path on this machine (an object store): ffmpeg decodes a copy."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    attached = checked(
        FileKind.VOICE, "memo.webm", spoken_clip(tmp_path, DUTCH, voice="nl", container="webm")
    )

    assert transcribe_media(transcript_id=attached.transcript.pk) == TranscriptStatus.DONE
    attached.transcript.refresh_from_db()
    assert {"amsterdam", "meedoen"} <= words(attached.transcript.text)


@pytest.mark.django_db
def test_an_english_mp4_is_transcribed_and_the_language_can_be_recognised(tmp_path):
    attached = checked(
        FileKind.VOICE,
        "memo.mp4",
        spoken_clip(tmp_path, ENGLISH, voice="en", container="mp4"),
        language="en",
    )

    assert transcribe_media(transcript_id=attached.transcript.pk) == TranscriptStatus.DONE
    attached.transcript.refresh_from_db()
    assert {"committee", "tuesday", "amsterdam"} <= words(attached.transcript.text)

    assert transcripts_requeue(applications=[attached.application], actor=None, detect=True) == 1
    assert transcribe_media(transcript_id=attached.transcript.pk) == TranscriptStatus.DONE
    attached.transcript.refresh_from_db()
    assert (attached.transcript.language, attached.transcript.language_detected) == ("en", True)
    assert {"committee", "tuesday"} <= words(attached.transcript.text)


@pytest.mark.django_db
def test_without_a_model_folder_the_transcript_fails_with_that_reason(tmp_path, settings):
    attached = checked(FileKind.VOICE, "memo.webm", tone_clip(tmp_path))
    settings.TRANSCRIBE_MODEL_DIR = tmp_path / "no-model-here"

    status = transcribe_media(transcript_id=attached.transcript.pk)

    attached.transcript.refresh_from_db()
    assert status == TranscriptStatus.FAILED
    assert attached.transcript.failure == TranscriptFailure.NO_MODEL
    assert "model" in attached.transcript.get_failure_display()
    assert [w.id for w in transcription_ready()] == ["applications.W002"]
    assert not (tmp_path / "no-model-here").exists()  # nothing was fetched into it


@pytest.mark.django_db
def test_corrupt_media_fails_as_unreadable(tmp_path):
    attached = checked(
        FileKind.VIDEO, "film.webm", spoken_clip(tmp_path, DUTCH, voice="nl", container="webm")
    )
    Path(attached.file.path).write_bytes(b"\x1aE\xdf\xa3" + b"not a recording" * 400)

    status = transcribe_media(transcript_id=attached.transcript.pk)

    attached.transcript.refresh_from_db()
    assert status == TranscriptStatus.FAILED
    assert attached.transcript.failure == TranscriptFailure.UNREADABLE
    assert attached.transcript.segments == []


@pytest.mark.django_db
def test_a_clip_without_speech_ends_as_no_speech(tmp_path):
    attached = checked(FileKind.VOICE, "memo.webm", tone_clip(tmp_path))

    status = transcribe_media(transcript_id=attached.transcript.pk)

    attached.transcript.refresh_from_db()
    assert status == TranscriptStatus.NO_SPEECH
    assert attached.transcript.segments == [] and attached.transcript.text == ""
    assert attached.transcript.progress == 100


@pytest.mark.django_db
def test_a_second_delivery_of_the_task_does_nothing(tmp_path, settings):
    attached = checked(FileKind.VOICE, "memo.webm", tone_clip(tmp_path))
    settings.TRANSCRIBE_MODEL_DIR = tmp_path / "none"
    transcribe_media(transcript_id=attached.transcript.pk)

    assert transcribe_media(transcript_id=attached.transcript.pk) is None
    assert transcribe_media(transcript_id=987654) is None  # gone: tolerated
    attached.transcript.refresh_from_db()
    assert attached.transcript.attempts == 1


@pytest.mark.django_db
def test_the_task_message_carries_the_transcripts_id_only(
    tmp_path, django_capture_on_commit_callbacks
):
    sent = []

    def record(sender=None, body=None, **kwargs):
        sent.append((sender, body))

    before_task_publish.connect(record)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            attached = checked(
                FileKind.VIDEO,
                "film.webm",
                spoken_clip(tmp_path, DUTCH, voice="nl", container="webm"),
            )
    finally:
        before_task_publish.disconnect(record)

    transcribe_messages = [body for name, body in sent if name == transcribe_media.name]
    assert len(transcribe_messages) == 1
    args, kwargs, _embed = transcribe_messages[0]
    assert (list(args), kwargs) == ([], {"transcript_id": attached.transcript.pk})


@pytest.mark.django_db
def test_requeue_leaves_pending_transcripts_alone_and_refuses_when_switched_off(tmp_path, settings):
    attached = checked(FileKind.VOICE, "memo.webm", tone_clip(tmp_path))

    assert transcripts_requeue(applications=[attached.application], actor=None) == 0  # queued
    settings.TRANSCRIBE_ENABLED = False
    with pytest.raises(ServiceError):
        transcripts_requeue(applications=[attached.application], actor=None)


@pytest.mark.django_db
def test_the_sweep_restarts_dead_runs_gives_up_after_three_and_fills_gaps(tmp_path, settings):
    settings.TRANSCRIBE_ENABLED = False  # uploaded while transcription was off: no transcript
    untranscribed = checked(FileKind.VOICE, "memo.webm", tone_clip(tmp_path))
    settings.TRANSCRIBE_ENABLED = True
    dead = checked(FileKind.VOICE, "memo.webm", tone_clip(tmp_path)).transcript
    hopeless = checked(FileKind.VOICE, "memo.webm", tone_clip(tmp_path)).transcript
    long_ago = timezone.now() - timedelta(hours=1)
    Transcript.objects.filter(pk=dead.pk).update(
        status=TranscriptStatus.RUNNING, attempts=1, updated_at=long_ago
    )
    Transcript.objects.filter(pk=hopeless.pk).update(
        status=TranscriptStatus.RUNNING, attempts=MAX_TRANSCRIPT_ATTEMPTS, updated_at=long_ago
    )

    counts = transcripts_sweep()

    dead.refresh_from_db()
    hopeless.refresh_from_db()
    assert counts == {"resent": 0, "restarted": 1, "given_up": 1, "new": 1}
    assert dead.status == TranscriptStatus.QUEUED
    assert (hopeless.status, hopeless.failure) == ("failed", TranscriptFailure.GAVE_UP)
    assert Transcript.objects.get(file=untranscribed).status == TranscriptStatus.QUEUED


@pytest.mark.django_db
def test_transcripts_go_with_their_recording_on_replacement_purge_and_erasure(tmp_path):
    clip = tone_clip(tmp_path)
    attached = checked(FileKind.VOICE, "memo.webm", clip)
    application = attached.application
    first = attached.transcript.pk

    replacement = application_attach_file(
        application=application, kind=FileKind.VOICE, uploaded=SimpleUploadedFile("new.webm", clip)
    )
    media_check(file_id=replacement.pk)
    assert not Transcript.objects.filter(pk=first).exists()
    exported, _files = export_applications(application.applicant)
    assert exported[0]["files"][0]["transcript"]["status"] == TranscriptStatus.QUEUED

    personal_data_erase(user=application.applicant)
    assert not Transcript.objects.exists()

    purged = checked(FileKind.VOICE, "memo.webm", clip)
    purged.application.status = ApplicationStatus.NOT_SELECTED
    purged.application.save()
    purged.application.vacancy.ended_at = timezone.now() - timedelta(weeks=5)
    purged.application.vacancy.save()
    purge_expired()
    assert not Transcript.objects.exists()
    assert not ApplicationFile.objects.exists()


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_real_worker_survives_corrupt_media_and_then_transcribes(
    celery_worker_queue, worker_media_root, settings, tmp_path
):
    settings.MEDIA_ROOT = worker_media_root
    clip = spoken_clip(tmp_path, DUTCH, voice="nl", container="webm")
    broken = checked(FileKind.VIDEO, "film.webm", clip)
    Path(broken.file.path).write_bytes(b"\x1aE\xdf\xa3" + b"garbage" * 500)
    good = checked(FileKind.VIDEO, "film.webm", clip)

    results = [
        transcribe_media.apply_async(
            kwargs={"transcript_id": attached.transcript.pk}, queue=celery_worker_queue
        )
        for attached in (broken, good)
    ]

    assert [result.get(timeout=120) for result in results] == ["failed", "done"]
    good.transcript.refresh_from_db()
    assert {"amsterdam", "meedoen"} <= words(good.transcript.text)


@pytest.mark.django_db
def test_the_demo_gives_an_applicant_a_spoken_voice_note_to_transcribe(tmp_path):
    call_command("seed_demo", force=True, stdout=StringIO())

    attached = voice_note_seed(stdout=StringIO())

    attached.refresh_from_db()
    assert attached.check_status == FileCheck.OK and 18 < attached.duration_seconds < 20
    assert transcribe_media(transcript_id=attached.transcript.pk) == TranscriptStatus.DONE
    attached.transcript.refresh_from_db()
    assert len(attached.transcript.segments) >= 3
    assert {"utrecht", "verkiezingen"} <= words(attached.transcript.text)
    assert voice_note_seed(stdout=StringIO()) is None  # idempotent
