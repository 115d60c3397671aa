"""The application's life, one step at a time: opening the form writes nothing, the first save
makes the draft, a copy read before a send can never turn it back into a draft, sending twice
is sending once, and what the services refuse reaches the applicant as a message.

The races themselves (threads on PostgreSQL) are in test_races.py; the life as a state machine
in test_application_states.py."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from applications.models import Application, ApplicationStatus, FileKind
from applications.services import (
    application_attach_file,
    application_remove_file,
    application_save_draft,
    application_set_status,
    application_submit,
    application_withdraw,
)
from core.errors import ServiceError
from core.models import AuditEntry
from notifications.models import Notification
from tests.applications import samples
from tests.factories import ApplicationFactory, MemberFactory, UserFactory, VacancyFactory


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"


def audit_actions(application) -> list[str]:
    return list(
        AuditEntry.objects.filter(object_id=str(application.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )


@pytest.mark.django_db
def test_opening_the_form_makes_no_draft(client):
    vacancy = VacancyFactory()
    user = UserFactory(email="noor@example.org")
    MemberFactory(email="noor@example.org", user=user, first_name="Noor", last_name="Lid")
    client.force_login(user)
    url = f"/sollicitaties/solliciteren/{vacancy.slug}/"

    page = client.get(url)

    assert page.status_code == 200
    assert not Application.objects.exists()
    assert not AuditEntry.objects.filter(action="applications.start").exists()
    html = page.content.decode()
    assert 'value="Noor"' in html and 'value="Lid"' in html  # filled in from the register
    assert "Je concept wordt gemaakt zodra je voor het eerst bewaart" in html
    assert f'data-upload-url="{url}"' in html  # the recorder makes the draft on upload
    assert "/diversiteit/" not in html

    client.post(url, {"autosave": "1", "motivation": "Begin", "country": "NL"})
    application = Application.objects.get()
    assert application.motivation == "Begin"
    assert audit_actions(application) == ["applications.start"]
    again = client.get(url).content.decode()
    assert f"/sollicitaties/{application.pk}/diversiteit/" in again


@pytest.mark.django_db
def test_a_recording_before_the_first_save_makes_the_draft(client):
    vacancy = VacancyFactory()
    user = UserFactory()
    client.force_login(user)

    answer = client.post(
        f"/sollicitaties/solliciteren/{vacancy.slug}/",
        {"kind": "voice", "voice": SimpleUploadedFile("opname.ogg", samples.OGG)},
        headers={"X-Requested-With": "XMLHttpRequest"},
    )

    assert answer.status_code == 200
    assert answer.json()["ok"] is True
    application = Application.objects.get(applicant=user)
    assert application.status == ApplicationStatus.DRAFT
    assert application.files.get().kind == FileKind.VOICE


@pytest.mark.django_db
def test_no_draft_after_the_deadline_not_even_by_posting(client):
    vacancy = VacancyFactory(deadline=timezone.now() - timedelta(seconds=1))
    client.force_login(UserFactory())
    url = f"/sollicitaties/solliciteren/{vacancy.slug}/"

    autosave = client.post(url, {"autosave": "1", "motivation": "Te laat"})
    saved = client.post(url, {"motivation": "Te laat", "save": ""}, follow=True)

    assert autosave.status_code == 409
    assert autosave.json()["error"] == "De sluitingsdatum van deze vacature is verstreken."
    assert "De sluitingsdatum van deze vacature is verstreken." in saved.content.decode()
    assert not Application.objects.exists()


@pytest.mark.django_db
def test_a_copy_read_before_the_send_cannot_make_it_a_draft_again():
    application = ApplicationFactory()
    read_by_an_autosave = Application.objects.get(pk=application.pk)
    sent = application_submit(application=application, actor=application.applicant)

    with pytest.raises(ServiceError, match="is verstuurd en kan niet meer worden gewijzigd"):
        application_save_draft(application=read_by_an_autosave, data={"motivation": "Later getypt"})

    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.receipt_number == sent.receipt_number
    assert application.motivation == "Ik wil bijdragen aan radicale gelijkwaardigheid."


@pytest.mark.django_db
def test_a_copy_read_before_the_withdrawal_cannot_bring_it_back():
    application = ApplicationFactory()
    read_by_an_autosave = Application.objects.get(pk=application.pk)
    application_withdraw(application=application, actor=application.applicant)

    with pytest.raises(ServiceError, match="is ingetrokken"):
        application_save_draft(application=read_by_an_autosave, data={"motivation": "Toch"})
    with pytest.raises(ServiceError, match="is ingetrokken"):
        application_submit(application=read_by_an_autosave, actor=application.applicant)

    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN
    assert application.receipt_number is None


@pytest.mark.django_db
def test_sending_twice_is_sending_once(django_capture_on_commit_callbacks):
    application = ApplicationFactory()

    with django_capture_on_commit_callbacks(execute=True):
        first = application_submit(application=application, actor=application.applicant)
        second = application_submit(application=application, actor=application.applicant)

    assert second.receipt_number == first.receipt_number
    assert audit_actions(application).count("applications.submit") == 1
    (confirmation,) = Notification.objects.filter(kind="applications.confirmation")
    assert first.receipt_number in confirmation.body_text


@pytest.mark.django_db
def test_a_second_send_and_an_autosave_after_sending_change_nothing(client):
    application = ApplicationFactory()
    application_submit(application=application, actor=application.applicant)
    application.refresh_from_db()
    client.force_login(application.applicant)
    url = f"/sollicitaties/solliciteren/{application.vacancy.slug}/"

    autosave = client.post(url, {"autosave": "1", "motivation": "Nog iets", "country": "NL"})
    again = client.post(url, {"motivation": "Nog iets", "country": "NL", "submit": ""})
    saved = client.post(url, {"motivation": "Nog iets", "country": "NL", "save": ""})

    assert autosave.status_code == 409
    assert autosave.json() == {
        "ok": False,
        "error": "Deze sollicitatie is verstuurd en kan niet meer worden gewijzigd.",
    }
    assert again.url == saved.url == f"/sollicitaties/{application.pk}/"
    detail = client.get(again.url).content.decode()
    assert f"Je ontvangstnummer is {application.receipt_number}." in detail
    stored = Application.objects.get(pk=application.pk)
    assert (stored.motivation, stored.receipt_number) == (
        application.motivation,
        application.receipt_number,
    )
    assert audit_actions(application).count("applications.submit") == 1


@pytest.mark.django_db
def test_autosave_names_the_answers_it_did_not_keep(client):
    application = ApplicationFactory()
    client.force_login(application.applicant)

    answer = client.post(
        f"/sollicitaties/solliciteren/{application.vacancy.slug}/",
        {
            "autosave": "1",
            "motivation": "Nieuw",
            "date_of_birth": "31-31-1990",
            "country": "NL",
            "retention": "procedure",
        },
    )

    assert answer.status_code == 400
    assert answer.json()["error"].startswith("Automatisch bewaard om ")
    assert "behalve: Geboortedatum." in answer.json()["error"]
    assert [p["field"] for p in answer.json()["problems"]] == ["date_of_birth"]
    application.refresh_from_db()
    assert application.motivation == "Nieuw"
    assert application.date_of_birth == date(1990, 5, 17)  # kept as it was


@pytest.mark.django_db
def test_files_of_a_sent_application_cannot_be_removed_through_an_old_page(client):
    application = ApplicationFactory()
    letter = application_attach_file(
        application=application,
        kind=FileKind.LETTER,
        uploaded=SimpleUploadedFile("brief.pdf", samples.PDF),
    )
    application_submit(application=application, actor=application.applicant)
    client.force_login(application.applicant)

    answer = client.post(
        f"/sollicitaties/{application.pk}/bestand/{letter.uuid}/verwijderen/", follow=True
    )

    assert answer.redirect_chain[-1][0] == f"/sollicitaties/{application.pk}/"
    assert "kan niet meer worden gewijzigd" in answer.content.decode()
    assert application.files.get() == letter


@pytest.mark.django_db
def test_removing_a_file_that_was_replaced_meanwhile_changes_nothing():
    application = ApplicationFactory()
    old = application_attach_file(
        application=application,
        kind=FileKind.LETTER,
        uploaded=SimpleUploadedFile("oud.pdf", samples.PDF),
    )
    new = application_attach_file(
        application=application,
        kind=FileKind.LETTER,
        uploaded=SimpleUploadedFile("nieuw.pdf", samples.PDF),
    )

    application_remove_file(application=application, attached=old)

    assert application.files.get() == new


@pytest.mark.django_db
def test_the_committee_cannot_make_a_sent_application_a_draft_or_withdraw_it():
    application = ApplicationFactory()
    application_submit(application=application, actor=application.applicant)

    for status in (ApplicationStatus.DRAFT, ApplicationStatus.WITHDRAWN, "nonsense"):
        with pytest.raises(ServiceError, match="niet terugzetten naar concept of intrekken"):
            application_set_status(application=application, status=status, actor=None)
    with pytest.raises(ServiceError, match="de status is nu “Verstuurd”"):
        application_set_status(
            application=application,
            status=ApplicationStatus.ROUND_1,
            actor=None,
            expected=ApplicationStatus.SCREENING,
        )
    moved = application_set_status(
        application=application,
        status=ApplicationStatus.SCREENING,
        actor=None,
        expected=ApplicationStatus.SUBMITTED,
    )
    again = application_set_status(
        application=application, status=ApplicationStatus.SCREENING, actor=None
    )

    assert moved.status == again.status == ApplicationStatus.SCREENING
    assert audit_actions(application).count("applications.status") == 1
