"""The conflict-of-interest check: each signal raises a flag on a minimal case and stays
silent on a near miss; the check is idempotent, keeps decisions, and costs a fixed number of
queries."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.errors import ServiceError
from core.models import AuditEntry
from integrity.conflicts import conflicts_check, conflicts_check_unscanned
from integrity.models import ConflictFlag, FlagStatus, PositionKind, RelationKind, Signal
from integrity.services import flag_resolve, relation_declare
from members.roles import INTEGRITY_OFFICER
from review.selectors import applications_for_reviewer
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
from vacancies.models import VacancyKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def vacancy():
    return VacancyFactory(kind=VacancyKind.BOARD)


@pytest.fixture
def committee(vacancy):
    return committee_for(vacancy)


@pytest.fixture
def reviewer(committee):
    person = UserFactory(email="rian@example.org", last_name="Jansen")
    seat_ready(committee, person)
    return person


def apply(vacancy, **fields):
    applicant_fields = {
        key.removeprefix("applicant__"): fields.pop(key)
        for key in list(fields)
        if key.startswith("applicant__")
    }
    applicant = UserFactory(**applicant_fields)
    return submitted(ApplicationFactory(vacancy=vacancy, applicant=applicant, **fields))


def signals_between(person, application) -> set[str]:
    return set(
        ConflictFlag.objects.filter(person=person, application=application).values_list(
            "signal", flat=True
        )
    )


def test_a_member_who_applies_later_is_flagged_and_cannot_see_their_own_file(vacancy, reviewer):
    own = submitted(ApplicationFactory(vacancy=vacancy, applicant=reviewer))

    assert signals_between(reviewer, own) == {Signal.OWN_APPLICATION}
    assert own not in applications_for_reviewer(user=reviewer)


def test_a_relation_the_member_declares_recuses_them_at_once(vacancy, reviewer):
    application = apply(vacancy)
    assert application in applications_for_reviewer(user=reviewer)

    relation_declare(person=reviewer, other=application.applicant, kind=RelationKind.FAMILY)

    flag = ConflictFlag.objects.get(person=reviewer, application=application)
    assert (flag.signal, flag.status) == (Signal.RELATION_DECLARED, FlagStatus.CONFIRMED)
    assert application not in applications_for_reviewer(user=reviewer)


def test_a_member_the_applicant_names_is_kept_out_until_the_chair_decides(vacancy, reviewer):
    application = apply(vacancy)

    relation_declare(person=application.applicant, other=reviewer, kind=RelationKind.BUSINESS)

    flag = ConflictFlag.objects.get(person=reviewer, application=application)
    assert (flag.signal, flag.status) == (Signal.RELATION_NAMED, FlagStatus.OPEN)
    assert application not in applications_for_reviewer(user=reviewer)


def test_same_surname_in_the_same_place(vacancy, reviewer):
    MemberFactory(user=reviewer, last_name="Jansen", place="Zwolle")

    hit = apply(vacancy, last_name="jansen", place_of_residence="ZWOLLE")
    miss = apply(vacancy, last_name="Jansen", place_of_residence="Deventer")

    assert signals_between(reviewer, hit) == {Signal.SURNAME_PLACE}
    assert signals_between(reviewer, miss) == set()


def test_same_address(vacancy, reviewer):
    MemberFactory(user=reviewer, address_key="1234AB 5")
    hit = apply(vacancy)
    MemberFactory(user=hit.applicant, address_key="1234AB 5")
    miss = apply(vacancy)
    MemberFactory(user=miss.applicant, address_key="1234AB 7")

    conflicts_check()

    assert signals_between(reviewer, hit) == {Signal.ADDRESS}
    assert signals_between(reviewer, miss) == set()


def test_same_phone_whatever_the_notation(vacancy, reviewer):
    MemberFactory(user=reviewer, phone="06-12345678", phone_key="612345678")

    hit = apply(vacancy, phone="+31 6 1234 5678", phone_key="612345678")
    miss = apply(vacancy, phone="06-12345679", phone_key="612345679")

    assert signals_between(reviewer, hit) == {Signal.PHONE}
    assert signals_between(reviewer, miss) == set()


def test_same_non_public_email_domain(committee, vacancy):
    member = UserFactory(email="sam@familie-bakker.nl")
    seat_ready(committee, member)
    other_member = UserFactory(email="kim@gmail.com")
    seat_ready(committee, other_member)

    hit = apply(vacancy, applicant__email="jo@Familie-Bakker.nl")
    public = apply(vacancy, applicant__email="lou@gmail.com")

    assert signals_between(member, hit) == {Signal.EMAIL_DOMAIN}
    assert signals_between(other_member, public) == set()


def test_same_branch_board_while_both_sit_on_it(vacancy, reviewer):
    PositionFactory(email=reviewer.email, kind=PositionKind.BRANCH_BOARD, branch="Utrecht")
    hit = apply(vacancy)
    PositionFactory(email=hit.applicant.email, kind=PositionKind.BRANCH_BOARD, branch="utrecht")
    miss = apply(vacancy)
    PositionFactory(
        email=miss.applicant.email,
        kind=PositionKind.BRANCH_BOARD,
        branch="Utrecht",
        ends_on=timezone.localdate() - timedelta(days=400),
    )

    conflicts_check()

    assert signals_between(reviewer, hit) == {Signal.BRANCH_BOARD}
    assert signals_between(reviewer, miss) == set()


def test_overlapping_positions_in_the_same_body(vacancy, reviewer):
    PositionFactory(
        email=reviewer.email,
        kind=PositionKind.COMMITTEE_MEMBER,
        body="Werkgroep Klimaat",
        starts_on=date(2020, 1, 1),
        ends_on=date(2022, 12, 31),
    )
    hit = apply(vacancy)
    PositionFactory(
        email=hit.applicant.email,
        kind=PositionKind.COMMITTEE_MEMBER,
        body="werkgroep klimaat",
        starts_on=date(2022, 6, 1),
    )
    miss = apply(vacancy)
    PositionFactory(
        email=miss.applicant.email,
        kind=PositionKind.COMMITTEE_MEMBER,
        body="Werkgroep Klimaat",
        starts_on=date(2023, 1, 1),
    )

    conflicts_check()

    assert signals_between(reviewer, hit) == {Signal.SAME_BODY}
    assert signals_between(reviewer, miss) == set()


def test_the_applicants_own_double_function_is_flagged_with_its_rule(seeded_integrity_data):
    board_call = VacancyFactory(kind=VacancyKind.BOARD)
    list_call = VacancyFactory(kind=VacancyKind.CANDIDATE_LIST)
    staff = UserFactory()
    PositionFactory(email=staff.email, kind=PositionKind.PARTY_OFFICE_STAFF, body="Partijbureau")

    hit = submitted(ApplicationFactory(vacancy=board_call, applicant=staff))
    miss = submitted(ApplicationFactory(vacancy=list_call, applicant=staff))

    flag = ConflictFlag.objects.get(application=hit)
    assert (flag.person, flag.signal) == (staff, Signal.DOUBLE_FUNCTION)
    assert (flag.rule.kind_a, flag.rule.kind_b) == ("national_board", "party_office_staff")
    assert flag.severity == flag.rule.severity
    assert not ConflictFlag.objects.filter(application=miss).exists()


def test_the_check_is_idempotent_and_a_dismissed_suggestion_stays_dismissed(
    vacancy, reviewer, committee
):
    MemberFactory(user=reviewer, last_name="Jansen", place="Zwolle")
    application = apply(vacancy, last_name="Jansen", place_of_residence="Zwolle")
    chair = UserFactory()
    seat_ready(committee, chair, role="chair")
    flag = ConflictFlag.objects.get(person=reviewer, application=application)

    flag_resolve(flag=flag, status=FlagStatus.DISMISSED, reason="Namesakes.", actor=chair)
    assert conflicts_check() == 0
    assert conflicts_check() == 0

    flags = ConflictFlag.objects.filter(person=reviewer, application=application)
    assert [(f.status, f.reason) for f in flags] == [(FlagStatus.DISMISSED, "Namesakes.")]
    assert application in applications_for_reviewer(user=reviewer)


def test_nobody_resolves_their_own_flag_and_a_dismissal_needs_a_reason(vacancy, reviewer):
    application = apply(vacancy)
    relation_declare(person=application.applicant, other=reviewer, kind=RelationKind.OTHER)
    flag = ConflictFlag.objects.get(person=reviewer)
    officer = UserFactory()

    with pytest.raises(ServiceError):
        flag_resolve(flag=flag, status=FlagStatus.DISMISSED, reason="Fine.", actor=reviewer)
    with pytest.raises(ServiceError):
        flag_resolve(flag=flag, status=FlagStatus.DISMISSED, reason=" ", actor=officer)
    flag.refresh_from_db()
    assert flag.status == FlagStatus.OPEN


def test_a_decided_flag_is_reviewed_only_by_an_integrity_officer_and_the_old_decision_stays(
    vacancy, reviewer, committee
):
    """Issue #29: the chair who dismissed a flag once could decide it again in silence (say,
    to rewrite the reason once questions came)."""
    MemberFactory(user=reviewer, last_name="Jansen", place="Zwolle")
    application = apply(vacancy, last_name="Jansen", place_of_residence="Zwolle")
    chair = UserFactory()
    seat_ready(committee, chair, role="chair")
    flag = ConflictFlag.objects.get(person=reviewer, application=application)
    flag_resolve(flag=flag, status=FlagStatus.DISMISSED, reason="Naamgenoten.", actor=chair)

    with pytest.raises(ServiceError, match="integriteitsfunctionaris"):
        flag_resolve(flag=flag, status=FlagStatus.WAIVED, reason="Anders.", actor=chair)
    flag.refresh_from_db()
    assert (flag.status, flag.reason, flag.resolved_by) == (
        FlagStatus.DISMISSED,
        "Naamgenoten.",
        chair,
    )

    officer = UserFactory(groups=[INTEGRITY_OFFICER])
    flag_resolve(flag=flag, status=FlagStatus.CONFIRMED, reason="Toch familie.", actor=officer)
    review = AuditEntry.objects.filter(action="integrity.flag_resolved").latest("pk")
    assert review.actor == officer
    assert review.data["previous"]["status"] == FlagStatus.DISMISSED
    assert review.data["previous"]["reason"] == "Naamgenoten."
    assert review.data["previous"]["by"] == chair.pk


def test_an_application_is_hidden_until_the_check_covered_it(vacancy, reviewer):
    application = ApplicationFactory(vacancy=vacancy)
    application.status, application.submitted_at = "submitted", timezone.now()
    application.save()
    assert application not in applications_for_reviewer(user=reviewer)

    conflicts_check_unscanned()

    assert application in applications_for_reviewer(user=reviewer)


def _populate(vacancy, committee, count: int) -> None:
    for _ in range(count):
        application = apply(vacancy)
        MemberFactory(user=application.applicant, phone_key="611111111")
        PositionFactory(email=application.applicant.email, kind=PositionKind.BRANCH_BOARD)


def test_the_full_check_costs_the_same_queries_for_3_and_30_applicants(
    vacancy, committee, reviewer
):
    MemberFactory(user=reviewer, phone_key="611111111")

    def measured() -> int:
        with CaptureQueriesContext(connection) as queries:
            conflicts_check()
        return len(queries)

    _populate(vacancy, committee, 3)
    small = measured()
    _populate(vacancy, committee, 27)
    large = measured()

    assert small == large
    assert ConflictFlag.objects.filter(person=reviewer, signal=Signal.PHONE).count() == 30
