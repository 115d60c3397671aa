"""No seat in one's own contest (issue #29, item 1): a committee member cannot start an
application for a vacancy their committee judges, an applicant cannot take a seat on the
committee judging them, and two requests at once cannot slip past each other."""

import pytest
from django.db import connection

import applications.services
import review.services.seats
from applications.models import Application
from applications.services import application_start, submission_problems
from core.errors import ServiceError
from review.models import CommitteeMember, CommitteeVacancy
from review.services import committee_seat_add, committee_vacancy_add
from tests.conftest import sign_in_with_second_factor
from tests.factories import (
    ApplicationFactory,
    CommitteeFactory,
    UserFactory,
    VacancyFactory,
    committee_for,
    seat_ready,
)
from tests.races import one_done_one_refused, race

REFUSED = "Je zit in de commissie die deze vacature beoordeelt"


@pytest.fixture(autouse=True)
def postgresql():
    if connection.vendor != "postgresql":
        pytest.fail("these tests need PostgreSQL (make test starts it)")


@pytest.mark.django_db
def test_a_member_cannot_open_or_save_the_form_of_a_vacancy_his_committee_judges(client):
    vacancy = VacancyFactory()
    member = UserFactory()
    seat_ready(committee_for(vacancy), member)
    sign_in_with_second_factor(client, member)
    url = f"/sollicitaties/solliciteren/{vacancy.slug}/"

    opened = client.get(url, follow=True)
    saved = client.post(url, {"first_name": "Bram", "submit": ""}, follow=True)
    autosaved = client.post(
        url, {"first_name": "Bram", "autosave": "1"}, headers={"accept": "application/json"}
    )

    assert REFUSED in opened.content.decode()
    assert REFUSED in saved.content.decode()
    assert autosaved.status_code == 409 and REFUSED in autosaved.json()["error"]
    assert not Application.objects.filter(applicant=member).exists()
    assert CommitteeMember.objects.filter(user=member).exists()  # nothing else changed


@pytest.mark.django_db
def test_the_service_refuses_the_first_draft_for_every_role_on_the_committee():
    vacancy = VacancyFactory()
    committee = committee_for(vacancy)
    for role in ("chair", "deputy_chair", "member", "secretary"):
        holder = UserFactory()
        seat_ready(committee, holder, role=role)

        with pytest.raises(ServiceError, match=REFUSED):
            application_start(vacancy=vacancy, applicant=holder)
    assert not Application.objects.exists()


@pytest.mark.django_db
def test_a_member_may_still_apply_for_a_vacancy_another_committee_judges():
    judged, elsewhere = VacancyFactory(), VacancyFactory()
    committee_for(elsewhere)
    member = UserFactory()
    seat_ready(committee_for(judged), member)

    application = application_start(vacancy=elsewhere, applicant=member)

    assert application.pk and application.vacancy == elsewhere


@pytest.mark.django_db
def test_an_applicant_with_a_draft_gets_no_seat_and_her_committee_not_the_vacancy():
    vacancy = VacancyFactory()
    committee = committee_for(vacancy)
    applicant = UserFactory()
    application_start(vacancy=vacancy, applicant=applicant)

    with pytest.raises(ServiceError, match="kan er geen zitting in nemen"):
        committee_seat_add(committee=committee, user=applicant, actor=None)
    other_vacancy = VacancyFactory()
    application_start(vacancy=other_vacancy, applicant=applicant)
    second = CommitteeFactory()
    seat_ready(second, applicant)
    with pytest.raises(ServiceError, match="kunnen die niet beoordelen"):
        committee_vacancy_add(committee=second, vacancy=other_vacancy, actor=None)
    assert not CommitteeVacancy.objects.filter(vacancy=other_vacancy).exists()


@pytest.mark.django_db
def test_a_draft_left_from_before_the_seat_is_not_sent():
    """A draft made before the check existed (here: by the factory, past the service)."""
    vacancy = VacancyFactory()
    member = UserFactory()
    seat_ready(committee_for(vacancy), member)
    draft = ApplicationFactory(vacancy=vacancy, applicant=member)

    assert any(REFUSED in problem for problem in submission_problems(draft))


# Two requests at once: the service's check and the seat (or link) are each written in their
# own transaction; without a shared lock both decide on the state before the other commits.


def _meet_in_both(monkeypatch):
    """Both services write an audit row after deciding, before committing: let the race meet
    there in both (the race helper patches one name; the other forwards to it)."""
    monkeypatch.setattr(
        applications.services,
        "audit_log",
        lambda **kwargs: review.services.seats.audit_log(**kwargs),
    )
    return "review.services.seats.audit_log"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_seat_and_a_first_draft_at_the_same_moment_cannot_both_happen(monkeypatch):
    vacancy = VacancyFactory()
    committee = committee_for(vacancy)
    person = UserFactory()

    outcomes = race(
        monkeypatch,
        _meet_in_both(monkeypatch),
        lambda: committee_seat_add(committee=committee, user=person, actor=None),
        lambda: application_start(vacancy=vacancy, applicant=person),
    )

    one_done_one_refused(outcomes)
    seated = CommitteeMember.objects.filter(committee=committee, user=person).exists()
    applied = Application.objects.filter(vacancy=vacancy, applicant=person).exists()
    assert seated != applied


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_committee_taking_a_vacancy_and_its_member_s_first_draft_cannot_both_happen(
    monkeypatch,
):
    vacancy = VacancyFactory()
    committee = CommitteeFactory()
    member = UserFactory()
    seat_ready(committee, member)

    outcomes = race(
        monkeypatch,
        _meet_in_both(monkeypatch),
        lambda: committee_vacancy_add(committee=committee, vacancy=vacancy, actor=None),
        lambda: application_start(vacancy=vacancy, applicant=member),
    )

    one_done_one_refused(outcomes)
    linked = CommitteeVacancy.objects.filter(committee=committee, vacancy=vacancy).exists()
    applied = Application.objects.filter(vacancy=vacancy, applicant=member).exists()
    assert linked != applied
