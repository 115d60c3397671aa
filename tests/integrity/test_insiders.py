"""The integrity officer and the chair as insiders (issue #29, items 7 and 8, and the flags'
evidence): no search on the answers, logs of reads that survive the reader's account, and no
register data through a conflict flag."""

import pytest
from django.db import connection
from django.urls import reverse

from core.models import AuditEntry
from core.privacy import personal_data_erase
from integrity.models import ConflictFlag, DeclarationView, Signal
from integrity.selectors import questionnaire_current
from integrity.services import declaration_open, declaration_sign
from members.roles import INTEGRITY_OFFICER
from members.selectors import data_reads_of
from tests.conftest import sign_in_with_second_factor
from tests.factories import (
    ApplicationFactory,
    MemberFactory,
    UserFactory,
    VacancyFactory,
    committee_for,
    seat_ready,
    submitted,
)
from tests.integrity.test_declarations import complete_answers

pytestmark = pytest.mark.django_db

YES = {"answer": "yes", "explanation": "Een veroordeling in 2019."}


@pytest.fixture(autouse=True)
def postgresql():
    if connection.vendor != "postgresql":
        pytest.fail("these tests need PostgreSQL (make test starts it)")


def signed(user, **answers):
    return declaration_sign(
        user=user,
        questionnaire=questionnaire_current(),
        signed_name=user.get_full_name() or "Naam",
        answers=complete_answers(**answers),
    )


@pytest.fixture
def officer():
    return UserFactory(is_staff=True, groups=[INTEGRITY_OFFICER], first_name="Ilse", last_name="Ok")


# --- item 7: no search on the answers ------------------------------------------------------------


def test_the_officer_cannot_filter_declarations_by_their_answers(client, officer):
    person = UserFactory(first_name="Sam", last_name="Gezocht")
    signed(person, criminal_record=YES)
    signed(UserFactory(first_name="Noor", last_name="Anders"))
    sign_in_with_second_factor(client, officer)
    changelist = reverse("admin:integrity_declaration_changelist")

    plain = client.get(changelist)
    filtered = client.get(changelist, {"answers__criminal_record__answer": "yes"})
    contains = client.get(changelist, {"answers__icontains": "veroordeling"})

    assert plain.status_code == 200  # the list itself (names, versions) stays
    assert filtered.status_code == 403 and contains.status_code == 403
    assert "Gezocht" not in filtered.content.decode()
    refused = AuditEntry.objects.filter(
        action="integrity.declaration_filter_refused", actor=officer
    ).order_by("pk")
    assert [row.data["lookups"] for row in refused] == [
        ["answers__criminal_record__answer"],
        ["answers__icontains"],
    ]
    assert "yes" not in str(refused[0].data)  # what was asked for is not kept either
    assert not DeclarationView.objects.exists()
    assert data_reads_of(user=person) == []  # nothing was read, so nothing to show


def test_the_answers_cannot_be_reached_by_a_filter_through_another_admin(client, officer):
    """The user and position lists refuse a filter across the relation (Django's own rule for
    lookups across relations not in list_filter): confirmed here so it stays so."""
    signed(UserFactory(), criminal_record=YES)
    superuser = UserFactory(is_staff=True, is_superuser=True)
    sign_in_with_second_factor(client, superuser)

    users = client.get(
        reverse("admin:members_user_changelist"),
        {"declarations__answers__criminal_record__answer": "yes"},
    )

    assert users.status_code == 400


# --- item 8: logs that survive people ------------------------------------------------------------


def test_the_owner_s_page_and_read_log_survive_the_erasure_of_the_officer_who_read(client, officer):
    owner = UserFactory(first_name="Fatima", last_name="Eigenaar")
    declaration = signed(owner)
    declaration_open(viewer=officer, declaration=declaration)
    assert DeclarationView.objects.get().viewer_role == "integrity_officer"

    personal_data_erase(user=officer)
    client.force_login(owner)
    page = client.get("/integriteit/verklaring/")

    assert page.status_code == 200
    text = page.content.decode()
    assert "integriteitsfunctionaris (account inmiddels verwijderd)" in text
    (read,) = data_reads_of(user=owner)
    assert read.reader == "integriteitsfunctionaris (account inmiddels verwijderd)"
    assert read.role == "integriteitsfunctionaris"
    (audit,) = AuditEntry.objects.filter(action="integrity.declaration_viewed")
    assert audit.actor is None and audit.data == {"role": "integrity_officer"}


def test_a_view_keeps_the_role_it_was_made_in_when_the_reader_leaves_the_group(officer):
    owner = UserFactory()
    declaration_open(viewer=officer, declaration=signed(owner))

    officer.groups.clear()
    (read,) = data_reads_of(user=owner)

    assert read.role == "integriteitsfunctionaris"
    assert read.reader == "Ilse Ok"


def test_an_acting_chair_who_read_and_is_deleted_stays_a_committee_reader(client):
    vacancy = VacancyFactory()
    chair = UserFactory(first_name="Chris", last_name="Voorzitter")
    seat_ready(committee_for(vacancy), chair, role="chair")
    applicant = UserFactory()
    submitted(ApplicationFactory(vacancy=vacancy, applicant=applicant))
    declaration_open(viewer=chair, declaration=signed(applicant))

    chair.delete()
    client.force_login(applicant)
    page = client.get("/integriteit/verklaring/")

    assert page.status_code == 200
    assert "Voorzitter" not in page.content.decode()
    (read,) = data_reads_of(user=applicant)
    assert read.reader == "een lid van de commissie (naam niet vermeld)"


def test_the_declaration_page_names_committee_readers_by_role_only(client):
    """As the read log does (members.selectors.COMMITTEE_ROLES): the page did name them."""
    vacancy = VacancyFactory()
    chair = UserFactory(first_name="Chris", last_name="Voorzitter")
    seat_ready(committee_for(vacancy), chair, role="chair")
    applicant = UserFactory()
    submitted(ApplicationFactory(vacancy=vacancy, applicant=applicant))
    declaration_open(viewer=chair, declaration=signed(applicant))

    client.force_login(applicant)
    text = client.get("/integriteit/verklaring/").content.decode()

    assert "Voorzitter" not in text
    assert "een lid van de commissie (naam niet vermeld)" in text


# --- conflict flags show the kind of match, not the register's data -----------------------------


def test_a_flag_for_the_same_address_or_phone_shows_the_kind_of_match_only(client):
    vacancy = VacancyFactory()
    committee = committee_for(vacancy)
    chair, member = UserFactory(), UserFactory()
    seat_ready(committee, chair, role="chair")
    seat_ready(committee, member)
    MemberFactory(user=member, address_key="1234AB 5", phone="06-12345678", phone_key="612345678")
    applicant = UserFactory()
    MemberFactory(user=applicant, address_key="1234AB 5")
    application = submitted(
        ApplicationFactory(
            vacancy=vacancy, applicant=applicant, phone="+31 6 1234 5678", phone_key="612345678"
        )
    )

    flags = ConflictFlag.objects.filter(person=member, application=application)
    assert {flag.signal for flag in flags} == {Signal.ADDRESS, Signal.PHONE}
    assert {flag.evidence for flag in flags} == {""}
    sign_in_with_second_factor(client, chair)
    listing = client.get(reverse("admin:integrity_conflictflag_changelist")).content.decode()
    resolve = client.get(
        reverse("admin:integrity_conflictflag_change", args=[flags[0].pk])
    ).content.decode()
    for page in (listing, resolve):
        assert "1234AB" not in page and "612345678" not in page and "12345678" not in page
    assert "Zelfde adres" in listing and "Zelfde telefoonnummer" in listing


def test_an_audited_read_keeps_the_reader_s_role_once_their_account_is_gone():
    """The read log's audited reads (members.selectors): the row's role outlives the actor."""
    person = UserFactory()
    member = MemberFactory(user=person, email=person.email)
    administrator = UserFactory(is_staff=True, is_superuser=True)
    AuditEntry.objects.create(
        actor=administrator,
        action="privacy.read_member_register",
        object_type="members.user",
        object_id=str(person.pk),
        data={"role": "administrator", "detail": member.membership_number},
    )

    administrator.delete()
    (read,) = data_reads_of(user=person)

    assert read.reader == "technisch beheerder (account inmiddels verwijderd)"
