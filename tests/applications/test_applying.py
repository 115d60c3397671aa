import re
from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.test import Client
from django.utils import timezone

from applications.models import Application, ApplicationStatus, FileKind
from applications.rules import submission_problems
from applications.services import application_attach_file, application_submit, application_withdraw
from core.errors import ServiceError
from integrity.selectors import questionnaire_current
from integrity.services import declaration_sign
from notifications.services import notifications_send_due
from tests.applications import samples
from tests.factories import (
    ApplicationFactory,
    MemberFactory,
    MilestoneFactory,
    PortfolioFactory,
    PositionFactory,
    UserFactory,
    VacancyFactory,
)
from vacancies.models import MilestoneDate, MilestoneKind, VacancyKind


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"


def apply_data(**overrides) -> dict:
    data = {
        "initials": "N.",
        "first_name": "Noor",
        "name_prefix": "",
        "last_name": "Voorbeeld",
        "date_of_birth": "1990-05-17",
        "place_of_residence": "Utrecht",
        "country": "NL",
        "phone": "+31 6 5555 0101",
        "motivation": "Ik wil bijdragen.",
        "consent_political_data": "on",
        "retention": "procedure",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_apply_from_draft_to_receipt_and_confirmation_mail(
    client, django_capture_on_commit_callbacks
):
    vacancy = VacancyFactory(title="Programmasecretaris")
    user = UserFactory(email="noor@example.org")
    client.force_login(user)

    client.get(f"/sollicitaties/solliciteren/{vacancy.slug}/")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/sollicitaties/solliciteren/{vacancy.slug}/", {**apply_data(), "submit": ""}
        )

    application = Application.objects.get()
    assert response.status_code == 302
    assert response.url == f"/sollicitaties/{application.pk}/"
    assert application.status == ApplicationStatus.SUBMITTED
    assert re.fullmatch(r"\d{4}-[A-Z2-9]{6}", application.receipt_number)
    assert notifications_send_due() == 1  # the confirmation went through the outbox
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Je sollicitatie voor Programmasecretaris is ontvangen"
    assert application.receipt_number in mail.outbox[0].body
    portal = client.get("/sollicitaties/").content.decode()
    assert "Programmasecretaris" in portal and "Verstuurd" in portal


@pytest.mark.django_db
def test_a_bad_date_and_a_refused_file_keep_everything_else(client):
    vacancy = VacancyFactory()
    client.force_login(UserFactory())

    response = client.post(
        f"/sollicitaties/solliciteren/{vacancy.slug}/",
        {
            **apply_data(date_of_birth="31-31-1990", motivation="Mijn lange verhaal."),
            "letter": SimpleUploadedFile("brief.pdf", samples.ZIP),
            "voice": SimpleUploadedFile("memo.ogg", samples.OGG),
            "save": "",
        },
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Dit bestand is geen brief die we kunnen aannemen" in page
    assert "Mijn lange verhaal." in page
    application = Application.objects.get()
    assert application.motivation == "Mijn lange verhaal."  # saved despite the errors
    assert application.date_of_birth is None
    assert list(application.files.values_list("kind", flat=True)) == [FileKind.VOICE]


@pytest.mark.django_db
def test_sending_an_incomplete_application_lists_what_is_missing_and_keeps_the_draft(client):
    vacancy = VacancyFactory(kind=VacancyKind.BOARD, cv_required=True)
    PortfolioFactory(vacancy=vacancy, name="Penningmeester")
    client.force_login(UserFactory())

    response = client.post(
        f"/sollicitaties/solliciteren/{vacancy.slug}/",
        {**apply_data(motivation="", consent_political_data=""), "submit": ""},
    )

    page = response.content.decode()
    assert "Nog niet verstuurd. Je concept is bewaard" in page
    for missing in (
        "Vertel ons je motivatie",
        "Voeg je cv toe.",
        "Kies minstens één portefeuille.",
        "Geef toestemming",
    ):
        assert missing in page
    assert Application.objects.get().status == ApplicationStatus.DRAFT


@pytest.mark.django_db
def test_members_only_age_and_declaration_rules_are_checked():
    vacancy = VacancyFactory(
        members_only=True,
        min_membership_months=6,
        min_age=18,
        age_reference_date=date(2027, 3, 17),
        integrity_declaration_required=True,
    )
    user = UserFactory(email="jong@example.org")
    MemberFactory(
        email="jong@example.org",
        membership_number="400001",
        joined_on=timezone.localdate() - timedelta(days=30),
    )
    application = ApplicationFactory(
        vacancy=vacancy,
        applicant=user,
        date_of_birth=date(2009, 6, 1),
        membership_number="400001",
    )

    problems = " ".join(submission_problems(application))

    assert "minstens 6 maanden lid" in problems
    assert "minstens 18 jaar oud" in problems
    assert "Vul de integriteitsverklaring in en onderteken haar." in problems

    application.membership_number = "999999"
    assert "Alleen leden kunnen solliciteren" in " ".join(submission_problems(application))


@pytest.mark.django_db
def test_a_signed_declaration_satisfies_the_requirement():
    vacancy = VacancyFactory(integrity_declaration_required=True)
    application = ApplicationFactory(vacancy=vacancy)
    questionnaire = questionnaire_current()
    answers = {
        q.key: {"agree": True, "side_positions": [], "text": ""}.get(
            q.answer_type, {"answer": "no", "explanation": ""}
        )
        for q in questionnaire.questions.all()
    }
    declaration_sign(
        user=application.applicant, questionnaire=questionnaire, answers=answers, signed_name="Noor"
    )

    assert submission_problems(application) == []


@pytest.mark.django_db
def test_availability_is_asked_for_every_interview_date(client):
    vacancy = VacancyFactory()
    round_one = MilestoneFactory(vacancy=vacancy, kind=MilestoneKind.INTERVIEW_ROUND)
    first = MilestoneDate.objects.create(milestone=round_one, date=date(2027, 1, 8))
    second = MilestoneDate.objects.create(milestone=round_one, date=date(2027, 1, 9))
    client.force_login(UserFactory())
    url = f"/sollicitaties/solliciteren/{vacancy.slug}/"

    half = client.post(url, {**apply_data(), f"available_{first.pk}": "yes", "submit": ""})
    assert "Geef voor elke gespreksdatum aan of je kunt." in half.content.decode()

    done = client.post(url, {**apply_data(), f"available_{second.pk}": "no", "submit": ""})
    assert done.status_code == 302
    answers = dict(Application.objects.get().availability.values_list("date", "available"))
    assert answers == {first.pk: True, second.pk: False}


@pytest.mark.django_db
def test_an_unverified_address_may_save_a_draft_but_not_send(client):
    vacancy = VacancyFactory()
    client.force_login(UserFactory(verified=False))

    response = client.post(
        f"/sollicitaties/solliciteren/{vacancy.slug}/", {**apply_data(), "submit": ""}
    )

    assert "Bevestig eerst je e-mailadres" in response.content.decode()
    assert Application.objects.get().status == ApplicationStatus.DRAFT


@pytest.mark.django_db
def test_the_deadline_is_the_server_s(client):
    vacancy = VacancyFactory()
    application = ApplicationFactory(vacancy=vacancy)
    vacancy.deadline = timezone.now() - timedelta(seconds=1)
    vacancy.save()

    with pytest.raises(ServiceError, match="sluitingsdatum van deze vacature is verstreken"):
        application_submit(application=application, actor=application.applicant)
    client.force_login(UserFactory())
    response = client.get(f"/sollicitaties/solliciteren/{vacancy.slug}/", follow=True)
    assert "De sluitingsdatum van deze vacature is verstreken." in response.content.decode()


@pytest.mark.django_db
def test_one_application_per_person_per_vacancy():
    application = ApplicationFactory()

    with pytest.raises(IntegrityError):
        ApplicationFactory(vacancy=application.vacancy, applicant=application.applicant)


@pytest.mark.django_db
def test_withdraw_until_the_withdrawal_deadline(client):
    vacancy = VacancyFactory()
    application = ApplicationFactory(vacancy=vacancy)
    client.force_login(application.applicant)

    response = client.post(
        f"/sollicitaties/{application.pk}/intrekken/", {"reason": "Andere baan."}, follow=True
    )

    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN
    assert application.withdrawal_reason == "Andere baan."
    assert "Je hebt je sollicitatie ingetrokken." in response.content.decode()

    late = ApplicationFactory()
    last_day = MilestoneFactory(vacancy=late.vacancy, kind=MilestoneKind.WITHDRAWAL_DEADLINE)
    MilestoneDate.objects.create(milestone=last_day, date=timezone.localdate() - timedelta(days=1))
    with pytest.raises(ServiceError, match="laatste dag om je terug te trekken is voorbij"):
        application_withdraw(application=late, actor=late.applicant)


@pytest.mark.django_db
def test_files_are_only_for_their_owner(client):
    application = ApplicationFactory()
    attached = application_attach_file(
        application=application,
        kind=FileKind.VOICE,
        uploaded=SimpleUploadedFile("memo.ogg", samples.OGG),
    )
    url = f"/sollicitaties/bestand/{attached.uuid}/"

    other = Client()
    other.force_login(UserFactory())
    staff_without_role = Client()
    staff_without_role.force_login(UserFactory(is_staff=True))
    client.force_login(application.applicant)

    assert Client().get(url).status_code == 302  # anonymous: sign in first
    assert other.get(url).status_code == 404
    assert staff_without_role.get(url).status_code == 404
    own = client.get(url)
    assert own.status_code == 200
    assert b"".join(own.streaming_content) == samples.OGG
    assert own["Content-Security-Policy"].startswith("sandbox")
    assert own["X-Content-Type-Options"] == "nosniff"
    assert own["Content-Disposition"].startswith("attachment")


@pytest.mark.django_db
def test_video_can_seek_with_http_range(client):
    application = ApplicationFactory()
    attached = application_attach_file(
        application=application,
        kind=FileKind.VIDEO,
        uploaded=SimpleUploadedFile("video.mp4", samples.MP4),
    )
    client.force_login(application.applicant)
    url = f"/sollicitaties/bestand/{attached.uuid}/?inline=1"

    partial = client.get(url, HTTP_RANGE="bytes=4-11")
    tail = client.get(url, HTTP_RANGE="bytes=-5")
    beyond = client.get(url, HTTP_RANGE=f"bytes={len(samples.MP4) + 10}-")

    assert partial.status_code == 206
    assert partial["Content-Range"] == f"bytes 4-11/{len(samples.MP4)}"
    assert b"".join(partial.streaming_content) == samples.MP4[4:12]
    assert b"".join(tail.streaming_content) == samples.MP4[-5:]
    assert beyond.status_code == 416
    assert partial["Content-Disposition"].startswith("inline")


@pytest.mark.django_db
def test_the_applicant_s_other_applications_stay_out_of_sight(client):
    mine = ApplicationFactory()
    theirs = ApplicationFactory()
    client.force_login(mine.applicant)

    assert client.get(f"/sollicitaties/{theirs.pk}/").status_code == 404
    assert client.post(f"/sollicitaties/{theirs.pk}/intrekken/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == ApplicationStatus.DRAFT


@pytest.mark.django_db
def test_documents_can_be_added_after_sending_until_the_deadline(client):
    application = ApplicationFactory(status=ApplicationStatus.SUBMITTED)
    client.force_login(application.applicant)
    url = f"/sollicitaties/{application.pk}/bestanden/"

    added = client.post(
        url, {"kind": "cv", "file": SimpleUploadedFile("cv.pdf", samples.PDF)}, follow=True
    )

    assert "Bewaard: cv.pdf" in added.content.decode()
    assert application.files.get().kind == FileKind.CV
    Application.objects.filter(pk=application.pk).update(status=ApplicationStatus.WITHDRAWN)
    refused = client.post(
        url,
        {"kind": "cv", "file": SimpleUploadedFile("cv.pdf", samples.PDF)},
        HTTP_X_REQUESTED_WITH="XMLHttpRequest",
    )
    assert refused.status_code == 400
    assert refused.json() == {"ok": False, "error": "Deze sollicitatie is ingetrokken."}


@pytest.mark.django_db
def test_the_same_person_under_two_accounts_is_flagged_not_refused():
    first = ApplicationFactory(phone="06 5555 0101")
    application_submit(application=first, actor=first.applicant)
    same_phone = ApplicationFactory(
        vacancy=first.vacancy,
        phone="+31 6 5555 0101",
        first_name="Anders",
        date_of_birth=date(1980, 1, 1),
    )
    namesake = ApplicationFactory(vacancy=first.vacancy, phone="")  # same name, same birth date
    stranger = ApplicationFactory(vacancy=first.vacancy, phone="", first_name="Sam")

    for application in (same_phone, namesake, stranger):
        application_submit(application=application, actor=application.applicant)
        application.refresh_from_db()

    assert same_phone.status == ApplicationStatus.SUBMITTED
    assert same_phone.duplicate_signals == [{"application": first.pk, "reasons": ["phone"]}]
    assert namesake.duplicate_signals == [
        {"application": first.pk, "reasons": ["name_and_birth_date"]}
    ]
    assert stranger.duplicate_signals == []


@pytest.mark.django_db
def test_autosave_keeps_what_was_typed_without_sending(client):
    vacancy = VacancyFactory()
    client.force_login(UserFactory())
    url = f"/sollicitaties/solliciteren/{vacancy.slug}/"
    client.get(url)

    response = client.post(
        url,
        {"autosave": "1", "motivation": "Half af…", "country": "NL", "retention": "procedure"},
        HTTP_X_REQUESTED_WITH="XMLHttpRequest",
    )

    assert response.status_code == 200
    assert response.json()["message"].startswith("Automatisch bewaard om ")
    application = Application.objects.get()
    assert (application.motivation, application.status) == ("Half af…", ApplicationStatus.DRAFT)


@pytest.mark.django_db
def test_availability_can_change_after_sending(client):
    application = ApplicationFactory(status=ApplicationStatus.SUBMITTED)
    interviews = MilestoneFactory(vacancy=application.vacancy, kind=MilestoneKind.INTERVIEW_ROUND)
    day = MilestoneDate.objects.create(milestone=interviews, date=date(2027, 2, 5))
    client.force_login(application.applicant)

    page = client.get(f"/sollicitaties/{application.pk}/").content.decode()
    assert "Beschikbaarheid bijwerken" in page
    response = client.post(
        f"/sollicitaties/{application.pk}/beschikbaarheid/",
        {f"available_{day.pk}": "no"},
        follow=True,
    )

    assert "Je beschikbaarheid is bijgewerkt." in response.content.decode()
    assert application.availability.get().available is False


@pytest.mark.django_db
def test_before_sending_the_applicant_reads_the_rules_their_positions_touch(client):
    vacancy = VacancyFactory(kind=VacancyKind.BOARD)
    user = UserFactory(email="medewerker@example.org")
    PositionFactory(email="medewerker@example.org", kind="party_office_staff", body="Partijbureau")
    client.force_login(user)

    page = client.get(f"/sollicitaties/solliciteren/{vacancy.slug}/").content.decode()

    assert "Regels die jouw functies raken" in page
    assert "geeft de baan op als die benoeming doorgaat" in page
    assert "Niet toegestaan" in page
