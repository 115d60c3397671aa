import shutil
import subprocess
import threading
from pathlib import Path

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from applications.media import MediaVerdict, media_check
from applications.models import ApplicationFile, FileCheck, FileKind
from applications.rules import submission_problems
from applications.services import application_attach_file
from applications.tasks import check_media
from notifications.services import notifications_send_due
from tests.factories import ApplicationFactory

FFMPEG = shutil.which("ffmpeg")


def make_media(tmp_path: Path, name: str, *args: str) -> bytes:
    target = tmp_path / name
    subprocess.run([FFMPEG, "-v", "error", "-y", *args, str(target)], check=True)
    return target.read_bytes()


@pytest.fixture
def voice_webm(tmp_path) -> bytes:
    return make_media(
        tmp_path, "voice.webm", "-f", "lavfi", "-i", "sine=duration=2", "-c:a", "libopus"
    )


@pytest.fixture
def video_webm(tmp_path) -> bytes:
    return make_media(
        tmp_path,
        "video.webm",
        "-f",
        "lavfi",
        "-i",
        "testsrc=duration=3:size=160x120:rate=10",
        "-f",
        "lavfi",
        "-i",
        "sine=duration=3",
        "-c:v",
        "libvpx",
        "-c:a",
        "libopus",
    )


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"


def attach(kind: str, name: str, content: bytes, application=None):
    application = application or ApplicationFactory(motivation="")
    return application_attach_file(
        application=application, kind=kind, uploaded=SimpleUploadedFile(name, content)
    )


@pytest.mark.django_db
def test_a_real_voice_note_and_video_pass_with_their_duration(voice_webm, video_webm):
    voice = attach(FileKind.VOICE, "memo.webm", voice_webm)
    video = attach(FileKind.VIDEO, "film.webm", video_webm)

    assert media_check(file_id=voice.pk) == FileCheck.OK
    assert media_check(file_id=video.pk) == FileCheck.OK
    voice.refresh_from_db()
    assert 1.9 < voice.duration_seconds < 2.2


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "cut", "message"),
    [
        (FileKind.VIDEO, 0.5, "konden dit bestand niet afspelen"),  # truncated video
        (FileKind.VIDEO, None, None),  # control: the whole file passes
    ],
)
def test_a_truncated_recording_is_rejected(
    video_webm, kind, cut, message, django_capture_on_commit_callbacks
):
    content = video_webm[: int(len(video_webm) * cut)] if cut else video_webm
    attached = attach(kind, "film.webm", content)

    with django_capture_on_commit_callbacks(execute=True):
        status = media_check(file_id=attached.pk)

    attached.refresh_from_db()
    if message is None:
        assert status == FileCheck.OK
        return
    assert status == FileCheck.REJECTED
    assert message in attached.check_message
    assert not attached.file  # removed from disk
    notifications_send_due()
    assert len(mail.outbox) == 1
    assert "film.webm" in mail.outbox[0].body


@pytest.mark.django_db
def test_audio_only_is_not_a_video_and_too_long_is_refused(voice_webm, video_webm, settings):
    audio_as_video = attach(FileKind.VIDEO, "film.webm", voice_webm)
    assert media_check(file_id=audio_as_video.pk) == FileCheck.REJECTED

    settings.MEDIA_MAX_SECONDS = {"video": 1, "voice": 1}
    long_voice = attach(FileKind.VOICE, "memo.webm", voice_webm)
    assert media_check(file_id=long_voice.pk) == FileCheck.REJECTED
    long_voice.refresh_from_db()
    assert "langer dan" in long_voice.check_message


@pytest.mark.django_db
def test_a_polyglot_with_a_media_header_but_no_media_is_rejected():
    polyglot = b"\x1aE\xdf\xa3\x9fB\x86\x81\x01B\xf7\x81\x01B\xf2\x81\x04B\xf3\x81\x08B\x82\x84webm"
    polyglot += b"<html><script>alert(1)</script></html>" * 50
    attached = attach(FileKind.VOICE, "memo.webm", polyglot)

    assert media_check(file_id=attached.pk) == FileCheck.REJECTED


@pytest.mark.django_db
def test_a_rejected_recording_no_longer_counts_as_motivation(voice_webm, settings):
    settings.MEDIA_MAX_SECONDS = {"video": 1, "voice": 1}
    attached = attach(FileKind.VOICE, "memo.webm", voice_webm)
    media_check(file_id=attached.pk)

    problems = " ".join(submission_problems(attached.application))

    assert "Vertel ons je motivatie op jouw manier" in problems


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_check_runs_in_a_real_worker(
    celery_worker_queue, worker_media_root, voice_webm, settings
):
    settings.MEDIA_ROOT = worker_media_root
    attached = attach(FileKind.VOICE, "memo.webm", voice_webm)

    result = check_media.apply_async(kwargs={"file_id": attached.pk}, queue=celery_worker_queue)

    assert result.get(timeout=60) == FileCheck.OK
    attached.refresh_from_db()
    assert attached.check_status == FileCheck.OK


@pytest.mark.django_db
def test_the_check_reads_the_recording_through_the_storage(voice_webm, settings):
    """A storage with no path on this machine (an object store): ffprobe checks a copy."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    attached = attach(FileKind.VOICE, "memo.webm", voice_webm)

    assert media_check(file_id=attached.pk) == FileCheck.OK
    attached.refresh_from_db()
    assert 1.9 < attached.duration_seconds < 2.2


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_recording_replaced_while_ffprobe_runs_keeps_its_own_check(voice_webm, monkeypatch):
    """ffprobe runs with no row locked, so the applicant can replace the recording meanwhile
    (a replacement that had to wait for a lock gives up here after two seconds), and the
    verdict on the old recording is dropped: the new one keeps its own check and its file."""
    first = attach(FileKind.VOICE, "memo.webm", voice_webm)
    replaced = {}

    def replace_the_recording() -> None:
        try:
            with connection.cursor() as cursor:
                cursor.execute("SET lock_timeout = '2s'")
            replaced["file"] = attach(FileKind.VOICE, "nieuw.webm", voice_webm, first.application)
        except Exception as exc:  # a lock held by the check: the test fails below
            replaced["error"] = repr(exc)
        finally:
            connection.close()

    def ffprobe_while_the_applicant_replaces(path, *, kind):
        thread = threading.Thread(target=replace_the_recording)
        thread.start()
        thread.join(30)
        return MediaVerdict(False, "Geen geluid.")

    monkeypatch.setattr("applications.media.judge_media", ffprobe_while_the_applicant_replaces)

    assert media_check(file_id=first.pk) is None

    assert "error" not in replaced, replaced
    new = ApplicationFile.objects.get(application=first.application)
    assert new == replaced["file"] and new.pk != first.pk
    assert (new.check_status, new.check_message) == (FileCheck.PENDING, "")
    assert new.file.storage.exists(new.file.name)
    monkeypatch.undo()
    assert media_check(file_id=new.pk) == FileCheck.OK
