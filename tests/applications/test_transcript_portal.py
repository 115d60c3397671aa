"""The applicant reads the transcript of their own recording beside it and corrects what the
speech recognition misheard; the original stays stored beside the correction."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from applications.models import (
    ApplicationFile,
    ApplicationStatus,
    FileCheck,
    FileKind,
    Transcript,
    TranscriptStatus,
)
from applications.transcripts.corrections import transcript_correct
from core.errors import ServiceError
from core.models import AuditEntry
from tests.factories import ApplicationFactory, UserFactory

pytestmark = pytest.mark.django_db

HEARD = [
    {"start": 0.0, "end": 2.4, "text": "Ik won in Amsterdam."},
    {"start": 2.4, "end": 5.0, "text": "En ik wil meedoen met de verkiezingen."},
]


@pytest.fixture
def recording(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    application = ApplicationFactory(
        status=ApplicationStatus.SUBMITTED, submitted_at=timezone.now()
    )
    attached = ApplicationFile(
        application=application,
        kind=FileKind.VIDEO,
        original_name="film.webm",
        extension="webm",
        content_type="video/webm",
        size=4,
        check_status=FileCheck.OK,
    )
    attached.file.save("upload", ContentFile(b"webm"), save=True)
    Transcript.objects.create(
        file=attached,
        status=TranscriptStatus.DONE,
        progress=100,
        language="nl",
        segments=HEARD,
        text="\n".join(s["text"] for s in HEARD),
    )
    return attached


def page_url(attached):
    return reverse("applications:transcript", args=[attached.application_id, attached.uuid])


def test_the_applicant_sees_the_transcript_beside_the_recording(client, recording):
    client.force_login(recording.application.applicant)

    detail = client.get(reverse("applications:detail", args=[recording.application_id]))
    response = client.get(page_url(recording))

    assert page_url(recording) in detail.content.decode()
    html = response.content.decode()
    assert f'id="player-{recording.uuid}"' in html
    assert f'data-player="player-{recording.uuid}"' in html
    assert 'data-seek="2.40"' in html
    assert "Ik won in Amsterdam." in html
    assert "js/transcript.js" in html


def test_someone_else_gets_a_404(client, recording):
    client.force_login(UserFactory())

    assert client.get(page_url(recording)).status_code == 404


def test_a_correction_is_stored_beside_the_original(client, recording):
    client.force_login(recording.application.applicant)

    response = client.post(
        page_url(recording),
        {"segment_0": "Ik woon in Amsterdam.", "segment_1": HEARD[1]["text"], "save": "1"},
    )

    assert response.status_code == 302
    transcript = Transcript.objects.get(file=recording)
    assert transcript.segments == HEARD  # as the speech recognition made it
    assert transcript.corrected_segments[0] == {
        "start": 0.0,
        "end": 2.4,
        "text": "Ik woon in Amsterdam.",
    }
    assert transcript.text.startswith("Ik woon in Amsterdam.")
    assert transcript.corrected_at is not None
    page = client.get(page_url(recording)).content.decode()
    assert "Ik woon in Amsterdam." in page and "Ik won in Amsterdam." in page
    entry = AuditEntry.objects.get(action="applications.transcript_corrected")
    assert "Amsterdam" not in str(entry.data)


def test_undoing_the_correction_brings_back_the_original(client, recording):
    client.force_login(recording.application.applicant)
    client.post(page_url(recording), {"segment_0": "Anders.", "segment_1": "Ook anders."})

    client.post(page_url(recording), {"restore": "1"})

    transcript = Transcript.objects.get(file=recording)
    assert transcript.corrected_segments is None and transcript.corrected_at is None
    assert transcript.text == "\n".join(s["text"] for s in HEARD)


def test_after_the_procedure_the_transcript_can_no_longer_be_corrected(client, recording):
    application = recording.application
    application.status = ApplicationStatus.NOT_SELECTED
    application.save()
    client.force_login(application.applicant)

    page = client.get(page_url(recording)).content.decode()
    client.post(page_url(recording), {"segment_0": "Anders.", "segment_1": "Ook anders."})

    assert "<textarea" not in page
    assert Transcript.objects.get(file=recording).corrected_segments is None
    with pytest.raises(ServiceError):
        transcript_correct(
            transcript=recording.transcript, texts=["a", "b"], actor=application.applicant
        )


def test_only_the_applicant_corrects_and_only_passage_by_passage(recording):
    with pytest.raises(ServiceError):
        transcript_correct(transcript=recording.transcript, texts=["a", "b"], actor=UserFactory())
    with pytest.raises(ServiceError):
        transcript_correct(
            transcript=recording.transcript,
            texts=["only one"],
            actor=recording.application.applicant,
        )
