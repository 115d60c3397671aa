import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.db import transaction
from django.http.multipartparser import MultiPartParser

from applications.models import ApplicationFile, FileKind
from applications.services import application_attach_file
from applications.uploads import CappedUploadHandler
from core.errors import ServiceError
from tests.applications import samples
from tests.factories import ApplicationFactory


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"
    return settings.MEDIA_ROOT


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "name", "content", "extension"),
    [
        (FileKind.LETTER, "brief.pdf", samples.PDF, "pdf"),
        (FileKind.LETTER, "brief.docx", samples.DOCX, "docx"),
        (FileKind.CV, "cv.odt", samples.ODT, "odt"),
        (FileKind.VIDEO, "video.mp4", samples.MP4, "mp4"),
        (FileKind.VIDEO, "opname.webm", samples.WEBM, "webm"),
        (FileKind.VOICE, "memo.ogg", samples.OGG, "ogg"),
        (FileKind.VOICE, "memo.opus", samples.OGG, "ogg"),
        (FileKind.VOICE, "memo.wav", samples.WAV, "wav"),
        (FileKind.VOICE, "opname.webm", samples.WEBM, "webm"),
    ],
)
def test_accepted_files_are_stored_privately_under_a_random_name(
    private_media, kind, name, content, extension
):
    application = ApplicationFactory()

    attached = application_attach_file(
        application=application, kind=kind, uploaded=SimpleUploadedFile(name, content)
    )

    stored = Path(attached.file.path)
    assert stored.is_relative_to(private_media)
    assert stored.read_bytes() == content
    assert name.split(".")[0] not in stored.name
    assert (attached.extension, attached.original_name) == (extension, name)


MALICIOUS = [
    pytest.param(FileKind.VIDEO, "video.mp4", samples.PDF, "geen video", id="pdf-named-mp4"),
    pytest.param(FileKind.VIDEO, "video.mp4", samples.HTML, "geen video", id="html-named-mp4"),
    pytest.param(FileKind.VIDEO, "video.mp4", samples.SVG, "geen video", id="svg-script-named-mp4"),
    pytest.param(FileKind.LETTER, "brief.pdf", samples.ZIP, "geen brief", id="zip-named-pdf"),
    pytest.param(FileKind.LETTER, "brief.pdf", b"", "leeg", id="zero-bytes"),
    pytest.param(FileKind.LETTER, "brief.exe", samples.EXE, "geen brief", id="executable"),
    pytest.param(
        FileKind.LETTER, "brief.pdf", samples.EXE, "geen brief", id="executable-named-pdf"
    ),
    pytest.param(FileKind.LETTER, "brief.pdf", samples.PDF_WITH_JAVASCRIPT, "scripts", id="pdf-js"),
    pytest.param(FileKind.VIDEO, "video.mp4", samples.MP4[:10], "geen video", id="truncated-video"),
    pytest.param(
        FileKind.VOICE, "memo.mp4", samples.WEBM, "de inhoud is webm", id="wrong-extension"
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("kind", "name", "content", "message"), MALICIOUS)
def test_refused_files_say_why_and_leave_nothing_behind(
    private_media, kind, name, content, message
):
    application = ApplicationFactory()

    with pytest.raises(ServiceError, match=message):
        application_attach_file(
            application=application, kind=kind, uploaded=SimpleUploadedFile(name, content)
        )

    assert not ApplicationFile.objects.exists()
    assert not any(Path(private_media).rglob("*.*")) if Path(private_media).exists() else True


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name",
    [
        "../../etc/passwd.pdf",
        "..\\..\\boot.pdf",
        "brief\u202eftp.pdf",
        "ĳverig beleid ✊🏿.pdf",
        ".verborgen.pdf",
    ],
)
def test_hostile_and_unicode_names_never_reach_the_disk(private_media, name):
    attached = application_attach_file(
        application=ApplicationFactory(),
        kind=FileKind.LETTER,
        uploaded=SimpleUploadedFile(name, samples.PDF),
    )

    assert Path(attached.file.path).is_relative_to(private_media)
    assert "/" not in attached.original_name and "\\" not in attached.original_name
    assert "\u202e" not in attached.original_name
    assert not attached.original_name.startswith(".")


@pytest.mark.django_db
def test_a_replaced_file_leaves_the_disk_only_when_the_replacement_commits(
    django_capture_on_commit_callbacks,
):
    application = ApplicationFactory()
    old = application_attach_file(
        application=application,
        kind=FileKind.CV,
        uploaded=SimpleUploadedFile("cv.pdf", samples.PDF),
    )

    def replace():
        return application_attach_file(
            application=application,
            kind=FileKind.CV,
            uploaded=SimpleUploadedFile("nu.pdf", samples.PDF),
        )

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        replace()
        raise RuntimeError("a later step of the same transaction fails")

    assert application.files.get() == old
    assert old.file.storage.exists(old.file.name)

    with django_capture_on_commit_callbacks(execute=True):
        new = replace()

    assert application.files.get() == new
    assert not old.file.storage.exists(old.file.name)


@pytest.mark.django_db
def test_a_file_over_its_cap_is_refused(settings):
    settings.UPLOAD_MAX_BYTES = {"video": 100, "audio": 100, "document": 100}

    with pytest.raises(ServiceError, match="groter dan"):
        application_attach_file(
            application=ApplicationFactory(),
            kind=FileKind.VIDEO,
            uploaded=SimpleUploadedFile("video.mp4", samples.MP4),
        )


class CountingStream(io.BytesIO):
    def __init__(self, data: bytes):
        super().__init__(data)
        self.bytes_read = 0

    def read(self, size=-1):
        chunk = super().read(size)
        self.bytes_read += len(chunk)
        return chunk


def test_an_oversized_upload_is_cut_off_before_the_whole_body_is_read(settings, rf):
    settings.UPLOAD_MAX_BYTES = {"video": 64 * 1024, "audio": 64 * 1024, "document": 64 * 1024}
    boundary = "BoUnDaRy"
    big = b"\x00" * (5 * 1024 * 1024)
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="motivation"\r\n\r\n'
            "Mijn verhaal\r\n"
            f'--{boundary}\r\nContent-Disposition: form-data; name="video"; filename="v.mp4"\r\n'
            "Content-Type: video/mp4\r\n\r\n"
        ).encode()
        + big
        + f"\r\n--{boundary}--\r\n".encode()
    )
    request = rf.post("/")
    stream = CountingStream(body)
    meta = {
        "CONTENT_TYPE": f"multipart/form-data; boundary={boundary}",
        "CONTENT_LENGTH": str(len(body)),
    }

    post, files = MultiPartParser(
        meta, stream, [CappedUploadHandler(request), TemporaryFileUploadHandler(request)]
    ).parse()

    assert request.upload_too_large == "video"
    assert post["motivation"] == "Mijn verhaal"  # what came before the file is kept
    assert "video" not in files
    assert stream.bytes_read < len(body) / 4
