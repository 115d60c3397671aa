"""Integrity writes done twice at the same moment, on real PostgreSQL (tests/races.py makes
each race happen every run): two tabs signing a declaration, two board members copying the
questionnaire, two imports of the positions register."""

import pytest
from django.db import connection

from integrity.models import Declaration, Position, Questionnaire
from integrity.selectors import questionnaire_current
from integrity.services import declaration_sign, position_import_csv, questionnaire_new_version
from tests.factories import UserFactory
from tests.integrity.test_declarations import complete_answers
from tests.races import race

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def postgresql(seeded_integrity_data):
    if connection.vendor != "postgresql":
        pytest.fail("these tests need PostgreSQL (make test starts it)")


def test_one_person_signing_in_two_tabs_at_once_has_one_current_declaration(monkeypatch):
    user = UserFactory(password=None)
    questionnaire = questionnaire_current()

    def sign(organisation):
        return lambda: declaration_sign(
            user=user,
            questionnaire=questionnaire,
            signed_name="Noor Voorbeeld",
            answers=complete_answers(side_positions=[{"organisation": organisation}]),
        )

    outcomes = race(monkeypatch, "integrity.services.audit_log", sign("Oud"), sign("Nieuw"))

    assert [o.error or o.refused for o in outcomes] == ["", ""]  # both signed, one after the other
    current = Declaration.objects.get(user=user, is_current=True)
    assert Declaration.objects.filter(user=user).count() == 2
    assert list(Position.objects.values_list("source_declaration", flat=True)) == [current.pk]


def test_two_board_members_copy_the_questionnaire_at_once(monkeypatch):
    source = questionnaire_current()

    outcomes = race(
        monkeypatch,
        "integrity.services.audit_log",
        lambda: questionnaire_new_version(source=source, actor=None),
        lambda: questionnaire_new_version(source=source, actor=None),
    )

    assert [o.error or o.refused for o in outcomes] == ["", ""]
    assert sorted(o.value.version for o in outcomes) == [source.version + 1, source.version + 2]
    assert Questionnaire.objects.filter(version__gt=source.version).count() == 2


def test_two_imports_of_the_positions_register_at_once(monkeypatch):
    text = (
        "email,name,kind,body\nnoor@example.org,Noor Voorbeeld,national_board,Landelijk bestuur\n"
    )

    outcomes = race(
        monkeypatch,
        "integrity.services.positions_link_users",
        lambda: position_import_csv(text=text),
        lambda: position_import_csv(text=text),
    )

    assert [o.error or o.refused for o in outcomes] == ["", ""]
    assert sorted((o.value.created, o.value.unchanged) for o in outcomes) == [(0, 1), (1, 0)]
    assert Position.objects.count() == 1
