"""The committee's free texts sent without a form (a reason with a step, a place's
justification, an advice, the notice's reason, a checklist note) have the limits an applicant's
texts have: a longer one is refused in Dutch and nothing is half saved."""

import pytest
from django.utils import translation

from applications.models import ApplicationStatus
from core.errors import ServiceError
from core.text_limits import NOTE_MAX_LENGTH, REASON_MAX_LENGTH
from review.models import PriorityInterviewCheck, ReviewRound
from review.selectors import concept_list_of
from review.services import (
    advice_record,
    applications_move,
    concept_list_save,
    not_selected_reason_save,
    priority_check_tick,
)
from tests.factories import (
    ApplicationFactory,
    PortfolioFactory,
    UserFactory,
    VacancyFactory,
    committee_for,
    seat_ready,
    submitted,
)
from vacancies.models import VacancyKind

pytestmark = pytest.mark.django_db

TOO_LONG = "Dit tekstje is te lang"


def chaired(kind=VacancyKind.CANDIDATE_LIST, count=2):
    vacancy = VacancyFactory(kind=kind)
    chair = UserFactory()
    seat_ready(committee_for(vacancy), chair, role="chair")
    applications = [submitted(ApplicationFactory(vacancy=vacancy)) for _ in range(count)]
    return vacancy, chair, applications


def refused_in_dutch(call) -> str:
    with translation.override("nl"), pytest.raises(ServiceError) as refusal:
        call()
    return refusal.value.message


def test_a_bulk_move_with_an_overlong_reason_moves_nobody():
    _vacancy, chair, applications = chaired()

    moved, problems = applications_move(
        applications=applications,
        to=ApplicationStatus.NOT_SELECTED,
        reason="x" * (REASON_MAX_LENGTH + 1),
        actor=chair,
    )

    assert moved == 0 and len(problems) == 1 and "tekens" in problems[0]
    assert {a.status for a in type(applications[0]).objects.all()} == {ApplicationStatus.SUBMITTED}


def test_an_overlong_justification_leaves_the_list_as_it_was():
    vacancy, chair, applications = chaired()
    concept_list = concept_list_of(vacancy=vacancy)
    places = [{"application_id": a.pk, "justification": "Sterk."} for a in applications]
    concept_list_save(concept_list=concept_list, places=places, actor=chair)
    places.reverse()
    places[1]["justification"] = "x" * (NOTE_MAX_LENGTH + 1)

    message = refused_in_dutch(
        lambda: concept_list_save(concept_list=concept_list, places=places, actor=chair)
    )

    assert "tekens" in message
    assert list(
        concept_list.entries.order_by("position").values_list("application", flat=True)
    ) == [a.pk for a in applications]


def test_advice_and_the_notice_reason_have_a_limit():
    vacancy, chair, (application,) = chaired(kind=VacancyKind.BOARD, count=1)
    portfolio = PortfolioFactory(vacancy=vacancy)

    assert "tekens" in refused_in_dutch(
        lambda: advice_record(
            application=application,
            portfolio=portfolio,
            suitable=True,
            reasons="x" * (NOTE_MAX_LENGTH + 1),
            actor=chair,
        )
    )
    concept_list = concept_list_of(vacancy=vacancy)
    assert "tekens" in refused_in_dutch(
        lambda: not_selected_reason_save(
            concept_list=concept_list, reason="x" * (NOTE_MAX_LENGTH + 1), actor=chair
        )
    )
    not_selected_reason_save(
        concept_list=concept_list, reason="  Te veel kandidaten. ", actor=chair
    )
    concept_list.refresh_from_db()
    assert concept_list.not_selected_reason == "Te veel kandidaten."


@pytest.mark.parametrize("round_", ["", "round_3", "x" * 40, "\x00"])
def test_the_priority_checklist_takes_only_a_round_it_knows(round_):
    vacancy, chair, _applications = chaired(count=0)

    refused_in_dutch(
        lambda: priority_check_tick(vacancy=vacancy, round_=round_, note="", actor=chair)
    )
    priority_check_tick(vacancy=vacancy, round_=ReviewRound.ROUND_1, note="Gedaan.", actor=chair)

    assert PriorityInterviewCheck.objects.get().round == ReviewRound.ROUND_1
