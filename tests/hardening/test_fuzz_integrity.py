"""Fuzzing the integrity declaration (questions, side positions, signature) and the form on
which an applicant names the committee members they know."""

import pytest
from django.urls import reverse
from hypothesis import strategies as st

from integrity.models import AnswerType, RelationKind
from integrity.selectors import questionnaire_current
from tests.factories import ApplicationFactory, UserFactory, committee_for, seat_ready
from tests.hardening import fuzz
from tests.hardening.fuzz import Target, any_of, forms, hostile_text, numbers

pytestmark = [pytest.mark.django_db, pytest.mark.fuzz]


def declaration_fields(questionnaire) -> dict:
    fields = {"signed_name": st.one_of(any_of("Noor Voorbeeld"), hostile_text(250))}
    for question in questionnaire.questions.all():
        key = question.key
        if question.answer_type == AnswerType.AGREE:
            fields[key] = any_of("on", "")
        elif question.answer_type in (AnswerType.YES_NO, AnswerType.YES_NO_EXPLAIN):
            fields[key] = any_of("yes", "no")
            fields[f"{key}__explanation"] = st.one_of(any_of("Toelichting.", ""), hostile_text())
        elif question.answer_type == AnswerType.TEXT:
            fields[key] = st.one_of(any_of("Geen."), hostile_text(4500))
    prefix = "side"
    fields |= {
        f"{prefix}-TOTAL_FORMS": numbers(0, 1, 2, 3, 1001),
        f"{prefix}-INITIAL_FORMS": numbers(0, 1),
        f"{prefix}-MIN_NUM_FORMS": numbers(0),
        f"{prefix}-MAX_NUM_FORMS": numbers(1000),
    }
    for n in range(2):
        fields |= {
            f"{prefix}-{n}-organisation": any_of("Gemeente Utrecht", ""),
            f"{prefix}-{n}-role": any_of("Raadslid", ""),
            f"{prefix}-{n}-paid": any_of("on", ""),
            f"{prefix}-{n}-hours_per_week": any_of("4", "4.5", "80", "81", "-1", "1e3", ""),
            f"{prefix}-{n}-DELETE": any_of("on", ""),
        }
    return fields


@fuzz.fuzzes("integrity:declaration")
def test_fuzz_the_integrity_declaration(client, seeded_integrity_data, request):
    client.force_login(UserFactory())
    fuzz.run(
        Target("integrity:declaration", client, reverse("integrity:declaration")),
        forms(declaration_fields(questionnaire_current())),
        request,
    )


@fuzz.fuzzes("integrity:name_relations")
def test_fuzz_naming_a_relation(client, request):
    application = ApplicationFactory()
    committee = committee_for(application.vacancy)
    reviewers = [seat_ready(committee, UserFactory()).user for _ in range(2)]
    stranger = UserFactory()
    client.force_login(application.applicant)
    people = [user.pk for user in [*reviewers, stranger, application.applicant]]
    fuzz.run(
        Target(
            "integrity:name_relations",
            client,
            reverse("integrity:name_relations", args=[application.pk]),
        ),
        forms(
            {
                "other": numbers(*people),
                "kind": any_of(*RelationKind.values),
                "note": st.one_of(any_of("Oud-collega."), hostile_text(1200)),
            }
        ),
        request,
    )
