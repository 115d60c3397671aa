from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from integrity.models import IncompatibilityRule, Position, Severity
from integrity.selectors import position_conflicts, rules_touching
from tests.factories import PositionFactory

# Each seeded rule: a minimal pair that must fire, and a near miss that must not.
CASES = [
    pytest.param(
        dict(kind="fraction_member", body="Fractie Utrecht", level="municipal"),
        dict(kind="fraction_staff", body="Fractie Utrecht"),
        dict(kind="fraction_staff", body="Fractie Zwolle"),
        id="employer-and-employee",
    ),
    pytest.param(
        dict(kind="national_board", body="Landelijk bestuur"),
        dict(kind="party_office_staff", body="Partijbureau"),
        dict(kind="list_candidate", body="Kandidatenlijst TK"),
        id="board-member-and-employee",
    ),
    pytest.param(
        dict(kind="branch_board", body="Afdelingsbestuur Utrecht", branch="Utrecht"),
        dict(kind="party_office_staff", body="Partijbureau"),
        dict(kind="fraction_staff", body="Fractie Zwolle"),
        id="branch-board-and-employee",
    ),
    pytest.param(
        dict(kind="national_board", body="Landelijk bestuur"),
        dict(kind="branch_board", body="Afdelingsbestuur Utrecht", branch="Utrecht"),
        dict(kind="committee_member", body="Kascommissie"),
        id="national-and-branch-board",
    ),
    pytest.param(
        dict(kind="branch_board", body="Afdelingsbestuur Utrecht", branch="Utrecht"),
        dict(kind="branch_board", body="Afdelingsbestuur Amsterdam", branch="Amsterdam"),
        dict(kind="branch_board", body="afdelingsbestuur utrecht", branch="Utrecht"),
        id="two-branch-boards",
    ),
    pytest.param(
        dict(kind="fraction_member", body="Fractie Utrecht", branch="Utrecht", level="municipal"),
        dict(kind="branch_board", body="Afdelingsbestuur Utrecht", branch="Utrecht"),
        dict(kind="branch_board", body="Afdelingsbestuur Zwolle", branch="Zwolle"),
        id="fraction-and-own-branch-board",
    ),
    pytest.param(
        dict(kind="fraction_staff", body="Fractie Utrecht", branch="Utrecht"),
        dict(kind="branch_board", body="Afdelingsbestuur Utrecht", branch="Utrecht"),
        dict(kind="branch_board", body="Afdelingsbestuur Zwolle", branch="Zwolle"),
        id="fraction-staff-and-own-branch-board",
    ),
    pytest.param(
        dict(kind="national_board", body="Landelijk bestuur"),
        dict(kind="partijraad", body="Partijraad"),
        dict(kind="committee_member", body="Partijraad-commissie"),
        id="board-and-party-council",
    ),
    pytest.param(
        dict(kind="fraction_member", body="Fractie Utrecht", level="municipal"),
        dict(kind="partijraad", body="Partijraad"),
        dict(kind="committee_member", body="Kascommissie"),
        id="fraction-and-party-council",
    ),
    pytest.param(
        dict(kind="list_candidate", body="Kandidatenlijst TK"),
        dict(kind="other_party", body="Een andere partij"),
        dict(kind="side_position", body="Buurthuis"),
        id="candidate-in-another-party",
    ),
    pytest.param(
        dict(kind="committee_member", body="Kandidatencommissie"),
        dict(kind="other_party", body="Een andere partij"),
        dict(kind="side_position", body="Vakbond"),
        id="committee-member-in-another-party",
    ),
    pytest.param(
        dict(kind="fraction_member", body="Tweede Kamerfractie", level="national"),
        dict(kind="fraction_member", body="Fractie Utrecht", level="municipal"),
        dict(kind="fraction_member", body="Fractie Utrecht", level="water_board"),
        id="tweede-kamer-and-local-fraction",
    ),
    pytest.param(
        dict(kind="fraction_member", body="Tweede Kamerfractie", level="national"),
        dict(kind="fraction_member", body="Europese fractie", level="european"),
        dict(kind="fraction_member", body="Eerste Kamerfractie", level="senate"),
        id="tweede-kamer-and-european-fraction",
    ),
    pytest.param(
        dict(kind="fraction_member", body="Tweede Kamerfractie", level="national"),
        dict(kind="national_board", body="Landelijk bestuur"),
        dict(kind="committee_member", body="Kandidatencommissie"),
        id="member-of-parliament-and-national-board",
    ),
    pytest.param(
        dict(kind="national_board", body="Landelijk bestuur"),
        dict(kind="side_position", body="Woningcorporatie"),
        dict(kind="committee_member", body="Kascommissie"),
        id="side-position-warns",
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("first", "second", "near_miss"), CASES)
def test_each_seeded_rule_fires_and_stays_silent_on_a_near_miss(first, second, near_miss):
    PositionFactory(email="fires@example.org", **first)
    PositionFactory(email="fires@example.org", **second)
    PositionFactory(email="silent@example.org", **first)
    PositionFactory(email="silent@example.org", **near_miss)
    PositionFactory(email="someone.else@example.org", **second)  # another person: no pair

    conflicts = position_conflicts()

    assert {conflict.email for conflict in conflicts} == {"fires@example.org"}
    assert len(conflicts) == 1


@pytest.mark.django_db
def test_positions_count_only_while_they_are_held():
    today = timezone.localdate()
    PositionFactory(email="past@example.org", kind="national_board", ends_on=today - timedelta(1))
    PositionFactory(email="past@example.org", kind="party_office_staff", body="Partijbureau")
    PositionFactory(
        email="future@example.org", kind="national_board", starts_on=today + timedelta(1)
    )
    PositionFactory(email="future@example.org", kind="party_office_staff", body="Partijbureau")

    assert position_conflicts() == []
    assert {c.email for c in position_conflicts(on=today + timedelta(2))} == {"future@example.org"}


@pytest.mark.django_db
def test_a_rule_the_board_switches_off_no_longer_fires():
    PositionFactory(email="x@example.org", kind="national_board")
    PositionFactory(email="x@example.org", kind="partijraad", body="Partijraad")
    IncompatibilityRule.objects.filter(kind_a="national_board", kind_b="partijraad").update(
        is_active=False
    )

    assert position_conflicts() == []


@pytest.mark.django_db
def test_conflicts_can_be_asked_for_some_people_only():
    for email in ("a@example.org", "b@example.org"):
        PositionFactory(email=email, kind="national_board")
        PositionFactory(email=email, kind="partijraad", body="Partijraad")

    assert {c.email for c in position_conflicts(emails=["A@example.org"])} == {"a@example.org"}
    assert position_conflicts(emails=[]) == []


@pytest.mark.django_db
def test_the_check_costs_three_queries_however_large_the_register():
    def fill(start: int, people: int) -> None:
        Position.objects.bulk_create(
            Position(email=f"p{i}@example.org", name=f"P {i}", kind=kind, body=body)
            for i in range(start, start + people)
            for kind, body in (("national_board", "Landelijk bestuur"), ("partijraad", "Raad"))
        )

    fill(0, 3)
    with CaptureQueriesContext(connection) as small:
        assert len(position_conflicts()) == 3
    fill(3, 300)
    with CaptureQueriesContext(connection) as large:
        assert len(position_conflicts()) == 303

    assert len(small.captured_queries) == len(large.captured_queries) == 3


@pytest.mark.django_db
def test_rules_touching_a_position_come_strictest_first():
    rules = rules_touching(kinds=["side_position"])

    assert rules and all(rule.severity == Severity.WARNS for rule in rules)
    staff_rules = rules_touching(kinds=["party_office_staff"])
    assert staff_rules[0].severity == Severity.BLOCKS
    assert "geeft de baan op" in staff_rules[0].explanation
    assert staff_rules[-1].severity == Severity.WARNS


def test_date_helper_is_inclusive():
    position = Position(starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31))

    assert position.is_held_on(date(2026, 1, 1)) and position.is_held_on(date(2026, 12, 31))
    assert not position.is_held_on(date(2027, 1, 1))
