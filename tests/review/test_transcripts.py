"""The committee and transcripts: beside the player, searchable, under exactly the rules of
the recordings themselves (conflicts, roles), and the score-from-transcript mode."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from applications.models import (
    ApplicationFile,
    FileCheck,
    FileKind,
    Transcript,
    TranscriptStatus,
)
from core.errors import ServiceError
from integrity.models import RelationKind
from integrity.services import relation_declare
from review.models import ReviewRound, Scorecard
from review.selectors import recordings_withheld, transcript_search
from review.services import transcripts_rerun
from tests.conftest import sign_in_with_second_factor
from tests.factories import (
    ApplicationFactory,
    UserFactory,
    VacancyFactory,
    committee_for,
    seat_ready,
    submitted,
)

pytestmark = pytest.mark.django_db

SAID = [
    {"start": 0.0, "end": 3.2, "text": "Ik wil meedoen met de verkiezingen."},
    {"start": 3.2, "end": 7.5, "text": "Ik woon in Utrecht en werk als verpleegkundige."},
]


def add_file(application, kind, content=b"data", name="film.webm"):
    attached = ApplicationFile(
        application=application,
        kind=kind,
        original_name=name,
        extension=name.rsplit(".", 1)[-1],
        content_type="video/webm" if kind == FileKind.VIDEO else "application/pdf",
        size=len(content),
        check_status=FileCheck.OK,
    )
    attached.file.save("upload", ContentFile(content), save=True)
    return attached


def add_transcript(attached, segments=SAID, **extra):
    return Transcript.objects.create(
        file=attached,
        status=TranscriptStatus.DONE,
        progress=100,
        language="nl",
        segments=segments,
        text="\n".join(s["text"] for s in segments),
        **extra,
    )


@pytest.fixture
def procedure(settings, tmp_path):
    """A committee (chair, secretary, a member, a member with a conflict) and an application
    with a transcribed video and a letter; a second committee judges another vacancy."""
    settings.MEDIA_ROOT = tmp_path
    vacancy = VacancyFactory()
    committee = committee_for(vacancy)
    people = {
        role: UserFactory(first_name=role.title())
        for role in ("chair", "secretary", "member", "conflicted", "outsider")
    }
    seat_ready(committee, people["chair"], role="chair")
    seat_ready(committee, people["secretary"], role="secretary")
    seat_ready(committee, people["member"])
    seat_ready(committee, people["conflicted"])
    seat_ready(committee_for(VacancyFactory()), people["outsider"])
    application = submitted(ApplicationFactory(vacancy=vacancy, last_name="Spreker"))
    video = add_file(application, FileKind.VIDEO, b"webm-bytes")
    letter = add_file(application, FileKind.LETTER, b"%PDF-1.4", name="brief.pdf")
    transcript = add_transcript(video)
    relation_declare(
        person=people["conflicted"], other=application.applicant, kind=RelationKind.FAMILY
    )
    return {
        "vacancy": vacancy,
        "application": application,
        "video": video,
        "letter": letter,
        "transcript": transcript,
        **people,
    }


def review_url(application):
    return reverse("admin:applications_application_change", args=[application.pk])


def test_the_transcript_stands_beside_the_player_and_seeks_it(client, procedure):
    html = (
        sign_in_with_second_factor(client, procedure["member"])
        .get(review_url(procedure["application"]))
        .content.decode()
    )

    uuid = procedure["video"].uuid
    assert f'<video id="player-{uuid}"' in html
    assert f'data-player="player-{uuid}"' in html
    assert 'data-seek="3.20"' in html
    assert "Ik woon in Utrecht en werk als verpleegkundige." in html
    assert "js/transcript.js" in html


def test_transcripts_obey_the_conflict_rules_of_the_media(client, procedure):
    conflicted = procedure["conflicted"]

    assert transcript_search(user=conflicted, query="verkiezingen") == []
    assert transcript_search(user=procedure["outsider"], query="verkiezingen") == []
    assert [
        h.application for h in transcript_search(user=procedure["member"], query="Utrecht")
    ] == [procedure["application"]]
    sign_in_with_second_factor(client, conflicted)
    assert client.get(review_url(procedure["application"])).status_code == 404
    search = client.get(reverse("admin:review_application_transcripts"), {"q": "verkiezingen"})
    assert search.status_code == 200 and search.context["hits"] == []
    assert SAID[0]["text"] not in search.content.decode()


def test_search_stems_dutch_words_and_links_to_the_passage(client, procedure):
    sign_in_with_second_factor(client, procedure["secretary"])

    response = client.get(reverse("admin:review_application_transcripts"), {"q": "verkiezing"})

    hits = response.context["hits"]
    assert [hit.application for hit in hits] == [procedure["application"]]
    assert hits[0].segments == [SAID[0]]
    link = f"#t=0.00&amp;f={procedure['video'].uuid}"
    assert link in response.content.decode()
    assert "Ik wil meedoen met de verkiezingen." in response.content.decode()


def test_search_reads_the_applicants_correction(procedure):
    transcript = procedure["transcript"]
    transcript.corrected_segments = [
        {**SAID[0], "text": "Ik wil meedoen met de gemeenteraadsverkiezingen."},
        SAID[1],
    ]
    transcript.text = "Ik wil meedoen met de gemeenteraadsverkiezingen.\n" + SAID[1]["text"]
    transcript.corrected_at = transcript.updated_at
    transcript.save()

    hits = transcript_search(user=procedure["member"], query="gemeenteraadsverkiezingen")

    assert hits[0].segments[0]["text"].endswith("gemeenteraadsverkiezingen.")


def test_the_committee_sees_that_the_applicant_corrected_it(client, procedure):
    transcript = procedure["transcript"]
    transcript.corrected_segments = [{**SAID[0], "text": "Ik wil graag meedoen."}, SAID[1]]
    transcript.corrected_at = transcript.updated_at
    transcript.save()

    html = (
        sign_in_with_second_factor(client, procedure["member"])
        .get(review_url(procedure["application"]))
        .content.decode()
    )

    assert "Ik wil graag meedoen." in html
    assert 'class="review-corrected"' in html
    assert '<details class="review-original">' in html
    assert SAID[0]["text"] in html  # the original, in the details


def test_score_from_transcript_withholds_the_recording_until_the_first_score(client, procedure):
    procedure["vacancy"].score_from_transcript = True
    procedure["vacancy"].save()
    member, application = procedure["member"], procedure["application"]
    sign_in_with_second_factor(client, member)
    video_url = reverse("review:download", args=[procedure["video"].uuid])

    before = client.get(review_url(application)).content.decode()

    assert recordings_withheld(user=member, application=application)
    assert "<video" not in before and video_url not in before
    assert SAID[1]["text"] in before  # the transcript is there, without seeking
    assert "data-seek" not in before
    assert client.get(video_url).status_code == 404
    letter = client.get(reverse("review:download", args=[procedure["letter"].uuid]))
    assert letter.status_code == 200

    Scorecard.objects.create(
        application=application,
        reviewer=member,
        round=ReviewRound.SCREENING,
        submitted_at=application.submitted_at,
    )
    after = client.get(review_url(application)).content.decode()

    assert not recordings_withheld(user=member, application=application)
    assert f'<video id="player-{procedure["video"].uuid}"' in after
    assert client.get(video_url).status_code == 200
    # The secretary does not score: nothing to colour, so nothing withheld.
    assert not recordings_withheld(user=procedure["secretary"], application=application)


def test_the_chair_and_secretary_have_recordings_transcribed_again(client, procedure):
    application = procedure["application"]

    with pytest.raises(ServiceError):
        transcripts_rerun(applications=[application], actor=procedure["member"])
    assert transcripts_rerun(applications=[application], actor=procedure["chair"]) == 1
    procedure["transcript"].refresh_from_db()
    assert procedure["transcript"].status == TranscriptStatus.QUEUED
    assert procedure["transcript"].text  # the old transcript stays readable meanwhile

    Transcript.objects.filter(pk=procedure["transcript"].pk).update(status=TranscriptStatus.DONE)
    sign_in_with_second_factor(client, procedure["secretary"])
    client.post(
        reverse("admin:applications_application_changelist"),
        {"action": "transcribe_again_detecting_language", "_selected_action": [application.pk]},
    )
    procedure["transcript"].refresh_from_db()
    assert procedure["transcript"].status == TranscriptStatus.QUEUED
    assert procedure["transcript"].requested_language == ""  # the model recognises it
