"""Every read of confidential data is by a role that needs it, is logged, and shows in the
person's own read log (*Mijn gegevens*, and the zip) with the reader's name and role.

Who reads what (issue #27, part 7):

- the outbox: the technical administrator sees to whom, the subject and how delivery went,
  never what a message says; opening a message is logged against its recipient;
- the member register: the address and phone are on no page; opening a member's page is
  logged against that member;
- side positions copied from an integrity declaration: not in the positions register for
  anyone; whoever may read the declaration reads them in it, logged as a declaration view;
- documents that name people (the committee's advice, the candidate list) and appeal
  documents: each download is logged, and against every person it names.
"""

import io
import json
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEntry
from exports.models import DocumentStatus, GeneratedDocument
from integrity.models import Position
from integrity.selectors import questionnaire_current
from integrity.services import declaration_sign
from members.roles import BOARD, DISPUTES_COMMITTEE, INTEGRITY_OFFICER
from notifications.models import Notification
from review.models import Appeal, AppealDocument
from tests.conftest import sign_in_with_second_factor
from tests.factories import (
    ApplicationFactory,
    MemberFactory,
    PositionFactory,
    UserFactory,
    VacancyFactory,
    committee_for,
    seat_ready,
    submitted,
)

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def signed_in(user) -> Client:
    return sign_in_with_second_factor(Client(), user)


def superuser() -> Client:
    return signed_in(
        UserFactory(is_staff=True, is_superuser=True, first_name="Beheer", last_name="Bram")
    )


@pytest.fixture
def person():
    return UserFactory(first_name="Noor", last_name="Voorbeeld", password=None)


def my_data_page(person) -> str:
    client = Client()
    client.force_login(person)
    response = client.get(reverse("members:my_data"))
    assert response.status_code == 200
    return response.content.decode()


def my_zip_reads(person) -> list[dict]:
    client = Client()
    client.force_login(person)
    response = client.get(reverse("members:my_data_download"))
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    return json.loads(archive.read("data.json"))["read_by_others"]


def sign_declaration(user, *, side_position: str):
    questionnaire = questionnaire_current()
    answers = {
        q.key: {
            "agree": True,
            "side_positions": [{"organisation": side_position, "paid": True}],
            "text": "",
        }.get(q.answer_type, {"answer": "no", "explanation": ""})
        for q in questionnaire.questions.all()
    }
    return declaration_sign(
        user=user, questionnaire=questionnaire, answers=answers, signed_name="Noor Voorbeeld"
    )


# --- The outbox -----------------------------------------------------------------------------


def test_the_outbox_shows_no_one_what_a_message_says_and_logs_who_opened_it(person):
    message = Notification.objects.create(
        kind="review.not_selected",
        recipient=person.email.upper(),  # addresses are compared without case
        subject="Over je sollicitatie",
        body_text="Reden: GEHEIME-AFWIJZINGSREDEN",
        body_html="<p>Reden: GEHEIME-AFWIJZINGSREDEN</p>",
        attachments=[{"filename": "a.ics", "content_type": "text/calendar", "content": "AGENDA-X"}],
        due_date=timezone.localdate(),
    )

    page = superuser().get(f"/admin/notifications/notification/{message.pk}/change/")

    assert page.status_code == 200
    text = page.content.decode()
    assert "Over je sollicitatie" in text and "GEHEIME-AFWIJZINGSREDEN" not in text
    assert "AGENDA-X" not in text  # nor the attachment
    read = AuditEntry.objects.get(action="privacy.read_outbox")
    assert (read.object_type, read.object_id) == ("members.user", str(person.pk))
    mine = my_data_page(person)
    assert "Beheer Bram" in mine and "technisch beheerder" in mine
    assert "Een e-mail die we je stuurden" in mine
    (entry,) = my_zip_reads(person)
    assert (entry["reader"], entry["role"]) == ("Beheer Bram", "technisch beheerder")


def test_the_outbox_list_still_lets_the_administrator_send_again(person):
    message = Notification.objects.create(
        kind="x", recipient=person.email, subject="S", body_text="B", due_date=timezone.localdate()
    )

    listing = superuser().get("/admin/notifications/notification/")

    assert listing.status_code == 200 and person.email in listing.content.decode()
    assert message.pk  # listing logs nothing: only opening a message reads it
    assert not AuditEntry.objects.filter(action="privacy.read_outbox").exists()


# --- The member register --------------------------------------------------------------------


def test_no_one_reads_a_member_s_address_or_phone_and_opening_the_row_is_logged(person):
    member = MemberFactory(
        user=person,
        email=person.email,
        place="Zwolle",
        postal_code="8011 AB",
        house_number="77b",
        phone="06-98765432",
    )

    page = superuser().get(f"/admin/members/member/{member.pk}/change/")

    assert page.status_code == 200
    text = page.content.decode()
    assert member.membership_number in text
    for contact in ("Zwolle", "8011 AB", "77b", "06-98765432", "98765432"):
        assert contact not in text
    mine = my_data_page(person)
    assert "Beheer Bram" in mine and "Je inschrijving in het ledenregister" in mine
    assert [e["reader"] for e in my_zip_reads(person)] == ["Beheer Bram"]


def test_saving_a_member_in_the_admin_keeps_the_contact_columns(person):
    member = MemberFactory(user=person, email=person.email, phone="06-98765432", place="Zwolle")
    client = superuser()
    url = f"/admin/members/member/{member.pk}/change/"
    form = {
        "membership_number": member.membership_number,
        "first_name": "Noor",
        "last_name": "Voorbeeld",
        "email": member.email,
        "joined_on": member.joined_on.isoformat(),
        "status": "active",
        "user": person.pk,
    }

    response = client.post(url, form)

    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.first_name, member.phone, member.place) == ("Noor", "06-98765432", "Zwolle")


# --- Side positions copied from a declaration -----------------------------------------------


def test_copied_side_positions_are_in_no_one_s_register(person):
    sign_declaration(person, side_position="Geheime Stichting")
    copied = Position.objects.get(source_declaration__isnull=False)
    PositionFactory(name="Open Functie", body="Fractie Utrecht")
    board = signed_in(UserFactory(is_staff=True, groups=[BOARD]))
    admin = superuser()

    for client in (board, admin):
        listing = client.get("/admin/integrity/position/")
        assert listing.status_code == 200
        assert "Fractie Utrecht" in listing.content.decode()
        assert "Geheime Stichting" not in listing.content.decode()
        change = client.get(f"/admin/integrity/position/{copied.pk}/change/")
        assert "Geheime Stichting" not in change.content.decode()
        assert change.status_code in (302, 404)
        report = client.get("/admin/integrity/position/double-functions/")
        assert "Geheime Stichting" not in report.content.decode()
        add = client.get("/admin/integrity/position/add/")
        assert "Noor Voorbeeld" not in add.content.decode()  # no list of declarations


def test_the_integrity_officer_reads_them_in_the_declaration_and_the_person_sees_who(person):
    declaration = sign_declaration(person, side_position="Geheime Stichting")
    officer = signed_in(
        UserFactory(
            is_staff=True, first_name="Ines", last_name="Integer", groups=[INTEGRITY_OFFICER]
        )
    )

    page = officer.get(f"/admin/integrity/declaration/{declaration.pk}/change/")

    assert "Geheime Stichting" in page.content.decode()
    mine = my_data_page(person)
    assert "Ines Integer" in mine and "integriteitsfunctionaris" in mine
    assert "Je integriteitsverklaring" in mine
    (entry,) = my_zip_reads(person)
    assert (entry["reader"], entry["role"]) == ("Ines Integer", "integriteitsfunctionaris")
    client = Client()
    client.force_login(person)
    data = json.loads(
        zipfile.ZipFile(io.BytesIO(client.get(reverse("members:my_data_download")).content)).read(
            "data.json"
        )
    )
    (view,) = data["integrity"]["declarations"][0]["viewed_by_others"]
    assert view["reader"] == "Ines Integer"


def test_the_acting_chair_s_reading_is_listed_by_role_without_the_name():
    """Committee members are named by role only, as in the data export (core.privacy_people):
    a name here would tell which alias is whose."""
    from members.selectors import data_reads_of

    vacancy = VacancyFactory()
    chair = UserFactory(first_name="Chris", last_name="Voorzitter", password=None)
    seat_ready(committee_for(vacancy), chair, role="chair")
    application = submitted(ApplicationFactory(vacancy=vacancy, applicant__password=None))
    sign_declaration(application.applicant, side_position="Geheime Stichting")

    page = signed_in(chair).get(f"/admin/applications/application/{application.pk}/change/")

    assert "Geheime Stichting" in page.content.decode()
    (read,) = data_reads_of(user=application.applicant)
    assert "Voorzitter" not in read.reader and "Chris" not in read.reader
    assert read.role.startswith("voorzitter (of plaatsvervangend voorzitter) van de commissie")


# --- Documents ------------------------------------------------------------------------------


def test_downloading_a_board_document_is_logged_for_everyone_it_names(person):
    vacancy = VacancyFactory()
    submitted(ApplicationFactory(vacancy=vacancy, applicant=person))
    ApplicationFactory(vacancy=vacancy)  # a draft: not in the advice
    document = GeneratedDocument.objects.create(
        kind="committee_advice",
        object_id=vacancy.pk,
        language="nl",
        fingerprint="0" * 64,
        title="Advies van de commissie",
        status=DocumentStatus.DONE,
        progress=100,
        content=PDF_BYTES,
        filename="advies.pdf",
        content_type="application/pdf",
        finished_at=timezone.now(),
    )
    board = signed_in(UserFactory(first_name="Bea", last_name="Bestuur", groups=[BOARD]))

    response = board.get(reverse("exports:document_file", args=[document.pk]))

    assert response.status_code == 200
    download = AuditEntry.objects.get(action="exports.document_downloaded")
    assert (download.object_type, download.object_id) == (
        "exports.generateddocument",
        str(document.pk),
    )
    named = AuditEntry.objects.filter(action="privacy.read_document")
    assert list(named.values_list("object_id", flat=True)) == [str(person.pk)]
    mine = my_data_page(person)
    assert "Bea Bestuur" in mine and "Advies van de commissie" in mine
    assert "partijbestuur" in mine


def test_downloading_an_appeal_document_is_logged_for_the_applicant(settings, tmp_path, person):
    from members.selectors import data_reads_of

    settings.MEDIA_ROOT = tmp_path
    application = submitted(ApplicationFactory(applicant=person))
    appeal = Appeal.objects.create(application=application, reasons="Oneerlijk")
    document = AppealDocument(
        appeal=appeal, original_name="bezwaar.pdf", extension="pdf", content_type="application/pdf"
    )
    document.file.save("upload", ContentFile(PDF_BYTES), save=True)
    disputes = signed_in(
        UserFactory(first_name="Gus", last_name="Geschil", groups=[DISPUTES_COMMITTEE])
    )
    own = Client()
    own.force_login(person)
    url = reverse("candidate:document", args=[document.uuid])

    assert disputes.get(url).status_code == 200
    assert own.get(url).status_code == 200  # one's own download is no read by others

    (read,) = data_reads_of(user=person)
    assert (read.reader, read.detail) == ("Gus Geschil", "bezwaar.pdf")
    assert "geschillencommissie" in my_data_page(person)


# --- The list itself ------------------------------------------------------------------------


def test_nobody_read_anything_says_so(person):
    assert "Niemand anders heeft je vertrouwelijke gegevens gelezen." in my_data_page(person)
    assert my_zip_reads(person) == []


def test_the_read_log_costs_the_same_few_queries_for_many_reads(
    person, django_assert_max_num_queries
):
    from integrity.models import DeclarationView
    from members.selectors import data_reads_of

    declaration = sign_declaration(person, side_position="Buurthuis")
    member = MemberFactory(user=person, email=person.email)
    readers = [UserFactory(password=None, groups=[INTEGRITY_OFFICER]) for _ in range(5)]
    for reader in readers:
        DeclarationView.objects.create(declaration=declaration, viewer=reader)
        AuditEntry.objects.create(
            actor=reader,
            action="privacy.read_member_register",
            object_type="members.member",
            object_id=str(member.pk),
            data={"role": "administrator"},
        )

    with django_assert_max_num_queries(5):
        reads = data_reads_of(user=person)

    assert len(reads) == 10
    assert [r.at for r in reads] == sorted((r.at for r in reads), reverse=True)
