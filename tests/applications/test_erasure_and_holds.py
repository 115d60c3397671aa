"""Erasure and retention that never break or lose files (#27): each application is purged in
a transaction of its own, files leave the disk only after it commits, and a candidate the ALV
voted on is a legal hold, kept to her record and told so, never a crash."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.utils import timezone

from applications.models import (
    Application,
    ApplicationFile,
    ApplicationStatus,
    DiversityResponse,
    FileKind,
)
from applications.retention import purge_expired
from core.privacy import erasure_preview, personal_data_erase
from members.models import User
from notifications.models import Notification
from notifications.services import notification_queue
from review.models import ConceptListEntry
from review.selectors import concept_list_of
from tests.factories import PASSWORD, ApplicationFactory, VacancyFactory
from tests.voting.conftest import make_meeting
from vacancies.models import VacancyKind, VacancyStatus
from voting.list_services import list_step_prepare
from voting.models import ListVote, Option

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def ended_vacancy(**fields):
    return VacancyFactory(
        status=VacancyStatus.FINISHED, ended_at=timezone.now() - timedelta(days=40), **fields
    )


def with_letter(application) -> Path:
    attached = ApplicationFile(
        application=application,
        kind=FileKind.LETTER,
        original_name="brief.pdf",
        extension="pdf",
        content_type="application/pdf",
        size=11,
    )
    attached.file.save("brief.pdf", ContentFile(b"%PDF-1.7 hi"))
    return Path(attached.file.path)


def withdrawn_nominee():
    """Noor, nominated for place 1 of a list vote at the ALV, then withdrawn; her procedure
    ended forty days ago."""
    vacancy = ended_vacancy(kind=VacancyKind.CANDIDATE_LIST)
    noor = ApplicationFactory(
        vacancy=vacancy,
        status=ApplicationStatus.ADVISED,
        first_name="Noor",
        last_name="Haddou",
        motivation="Mijn verhaal over de wijk",
    )
    ConceptListEntry.objects.create(
        concept_list=concept_list_of(vacancy=vacancy), application=noor, position=1
    )
    list_vote = ListVote.objects.create(meeting=make_meeting(title="ALV najaar"), vacancy=vacancy)
    list_step_prepare(list_vote=list_vote, actor=None)
    Application.objects.filter(pk=noor.pk).update(status=ApplicationStatus.WITHDRAWN)
    DiversityResponse.objects.create(
        application=noor, dimension="gender", value="woman", show_to_committee=True
    )
    return Application.objects.get(pk=noor.pk)


def test_the_purge_keeps_a_list_vote_nominee_to_her_record_and_purges_everyone_else(
    django_capture_on_commit_callbacks,
):
    """The nightly purge once raised ProtectedError on such a nominee and rolled back for
    everybody, after it had deleted files."""
    noor = withdrawn_nominee()
    noor_letter = with_letter(noor)
    other = ApplicationFactory(vacancy=noor.vacancy, status=ApplicationStatus.WITHDRAWN)
    other_letter = with_letter(other)

    with django_capture_on_commit_callbacks(execute=True):
        logs = purge_expired()

    assert not Application.objects.filter(pk=other.pk).exists() and not other_letter.exists()
    kept = Application.objects.get(pk=noor.pk)
    assert (kept.first_name, kept.last_name, kept.motivation) == ("Noor", "Haddou", "")
    assert not kept.files.exists() and not noor_letter.exists()
    assert not kept.diversity_responses.exists()
    assert ConceptListEntry.objects.filter(application=kept).exists()
    hold = kept.legal_holds.get()
    assert hold.ground == "candidate_list_record" and "ALV najaar" in hold.reason
    assert hold.until > timezone.now() + timedelta(days=4 * 365)
    assert [(log.applications_deleted, log.applications_kept) for log in logs] == [(1, 1)]
    assert purge_expired() == []  # the held record is not tried again every night


def test_an_application_that_cannot_go_keeps_its_files_and_stops_nobody(
    django_capture_on_commit_callbacks,
):
    """A reference nobody foresaw (here a trigger in the database) fails one application's
    purge: its rows and its file stay together, and the others are purged."""
    vacancy = ended_vacancy()
    stuck = ApplicationFactory(vacancy=vacancy, status=ApplicationStatus.WITHDRAWN)
    stuck_letter = with_letter(stuck)
    other = ApplicationFactory(vacancy=vacancy, status=ApplicationStatus.NOT_SELECTED)
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE FUNCTION test_refuse_delete() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'kept by an outside reference'; END $$"
        )
        cursor.execute(
            "CREATE TRIGGER test_refuse BEFORE DELETE ON applications_application FOR EACH ROW "
            f"WHEN (OLD.id = {int(stuck.pk)}) EXECUTE FUNCTION test_refuse_delete()"
        )

    with django_capture_on_commit_callbacks(execute=True):
        logs = purge_expired()

    assert not Application.objects.filter(pk=other.pk).exists()
    assert stuck.files.count() == 1 and stuck_letter.exists()
    assert [log.applications_deleted for log in logs] == [1]


def test_a_nominee_erases_her_account_is_told_what_stays_and_nothing_else_does(
    client, django_capture_on_commit_callbacks
):
    """Erasing once logged her out, then failed with a 500 after her letter was gone."""
    noor = withdrawn_nominee()
    letter = with_letter(noor)
    user = noor.applicant
    client.force_login(user)

    page = client.get("/account/mijn-gegevens/").content.decode()
    assert "Voorgedragen voor plaats 1" in page and "ALV najaar" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/account/mijn-gegevens/", {"password": PASSWORD}, follow=True)

    assert response.status_code == 200
    told = [str(message) for message in response.context["messages"]]
    assert any("Voorgedragen voor plaats 1" in message for message in told)
    assert not User.objects.filter(pk=user.pk).exists()
    kept = Application.objects.select_related("applicant").get(pk=noor.pk)
    assert kept.applicant.email.endswith("@erased.invalid")
    assert not kept.applicant.is_active and not kept.applicant.has_usable_password()
    assert kept.motivation == "" and not letter.exists() and not kept.diversity_responses.exists()
    assert "_auth_user_id" not in client.session


def test_an_erased_persons_record_receives_no_mail():
    noor = withdrawn_nominee()
    personal_data_erase(user=noor.applicant)
    kept = Application.objects.select_related("applicant").get(pk=noor.pk)

    notification_queue(
        kind="applications.confirmation",
        recipient=kept.applicant.email,
        language="nl",
        template="applications/email/confirmation",
        context={"application": kept},
        target=kept,
    )

    assert not Notification.objects.filter(recipient=kept.applicant.email).exists()


def test_a_failed_erasure_takes_nothing_with_it(django_capture_on_commit_callbacks):
    """Rows and files go together or not at all: a failure at the last step (the account's
    own row) leaves the letter on disk and the application readable."""
    application = ApplicationFactory(motivation="Bewaar mij")
    letter = with_letter(application)
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE FUNCTION test_refuse_delete() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'the account cannot go now'; END $$"
        )
        cursor.execute(
            "CREATE TRIGGER test_refuse BEFORE DELETE ON members_user FOR EACH ROW "
            f"WHEN (OLD.id = {int(application.applicant_id)}) EXECUTE FUNCTION test_refuse_delete()"
        )

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Exception):  # noqa: B017
        personal_data_erase(user=application.applicant)

    assert letter.exists()
    assert Application.objects.get(pk=application.pk).files.get().file.read() == b"%PDF-1.7 hi"


def test_someone_without_a_hold_is_told_nothing_is_kept():
    application = ApplicationFactory()

    assert erasure_preview(user=application.applicant) == []


def test_when_the_hold_ends_the_record_loses_her_name_and_the_purge_moves_on():
    """Five years on, the list-vote step still points at the application (the ALV's minutes),
    so it cannot be deleted: it loses the name, on the ballot too, once, and stays quiet."""
    noor = withdrawn_nominee()
    purge_expired()  # stripped to her record, under the hold
    later = timezone.now() + timedelta(days=6 * 365)

    logs = purge_expired(now=later)

    record = Application.objects.get(pk=noor.pk)
    assert (record.first_name, record.last_name) == ("", "(naam gewist)")
    assert record.date_of_birth is None and record.record_anonymised_at is not None
    assert not record.legal_holds.exists()
    assert [o.label for o in Option.objects.filter(application=record)] == ["(naam gewist)"]
    assert [(log.applications_deleted, log.applications_kept) for log in logs] == [(0, 1)]
    assert purge_expired(now=later) == []
