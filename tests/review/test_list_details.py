"""What the committee records for the Kiesraad per place (the signed consent, model H 9, and
the gender marker), and the ALV's adoption of the list."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from core.errors import ServiceError
from core.models import AuditEntry
from members.roles import BOARD
from review.selectors import concept_list_of
from review.services import (
    concept_list_details_save,
    concept_list_record_adoption,
    concept_list_save,
)
from tests.conftest import sign_in_with_second_factor
from tests.factories import (
    ApplicationFactory,
    UserFactory,
    VacancyFactory,
    committee_for,
    seat_ready,
    submitted,
)
from vacancies.models import VacancyKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def placed():
    vacancy = VacancyFactory(kind=VacancyKind.CANDIDATE_LIST)
    committee = committee_for(vacancy)
    chair, member = UserFactory(password=None), UserFactory(password=None)
    seat_ready(committee, chair, role="chair")
    seat_ready(committee, member)
    candidates = [
        submitted(ApplicationFactory(vacancy=vacancy, applicant__password=None)) for _ in range(3)
    ]
    concept_list = concept_list_of(vacancy=vacancy)
    concept_list_save(
        concept_list=concept_list,
        places=[{"application_id": a.pk} for a in candidates],
        actor=chair,
    )
    return {"list": concept_list, "chair": chair, "member": member, "candidates": candidates}


def entries(concept_list):
    return list(concept_list.entries.select_related("application").order_by("position"))


def test_the_chair_records_consents_and_gender_markers_in_the_builder(client, placed):
    first, second, third = placed["candidates"]
    vacancy_id = placed["list"].vacancy_id
    url = reverse("admin:review_conceptlist_build", args=[vacancy_id])
    sign_in_with_second_factor(client, placed["chair"])

    page = client.get(url)
    client.post(
        url,
        {
            "op": "details",
            "placed": [first.pk, second.pk, third.pk],
            f"consent_{first.pk}": "on",
            f"gender_{first.pk}": "v",
            f"gender_{second.pk}": "m",
        },
    )

    assert 'name="op" value="details"' in page.content.decode()
    one, two, three = entries(placed["list"])
    assert one.consent_received_at is not None and one.application.list_gender == "v"
    assert two.consent_received_at is None and two.application.list_gender == "m"
    assert three.consent_received_at is None and three.application.list_gender == ""
    assert AuditEntry.objects.filter(action="review.concept_list_details_saved").count() == 1


def test_a_consent_keeps_its_date_and_its_candidate_when_the_order_changes(placed):
    first, second, third = placed["candidates"]
    chair, concept_list = placed["chair"], placed["list"]
    concept_list_details_save(
        concept_list=concept_list, details={first.pk: {"consent": True}}, actor=chair
    )
    received = entries(concept_list)[0].consent_received_at

    changed = concept_list_details_save(
        concept_list=concept_list, details={first.pk: {"consent": True}}, actor=chair
    )
    concept_list_save(
        concept_list=concept_list,
        places=[{"application_id": a.pk} for a in (third, first, second)],
        actor=chair,
    )

    assert changed == 0
    reordered = entries(concept_list)
    assert reordered[1].application_id == first.pk
    assert reordered[1].consent_received_at == received
    assert reordered[0].consent_received_at is None


def test_only_the_list_editors_record_details_and_only_m_or_v(placed):
    first = placed["candidates"][0]

    with pytest.raises(ServiceError):
        concept_list_details_save(
            concept_list=placed["list"],
            details={first.pk: {"consent": True}},
            actor=placed["member"],
        )
    with pytest.raises(ServiceError):
        concept_list_details_save(
            concept_list=placed["list"], details={first.pk: {"gender": "x"}}, actor=placed["chair"]
        )
    assert entries(placed["list"])[0].consent_received_at is None


def test_the_board_or_the_chair_records_the_adoption_never_in_the_future(placed):
    concept_list = placed["list"]
    board = UserFactory(groups=[BOARD], password=None)
    yesterday = timezone.now() - timedelta(days=1)

    concept_list_record_adoption(concept_list=concept_list, adopted_at=yesterday, actor=board)
    assert concept_list.adopted_at == yesterday
    with pytest.raises(ServiceError):
        concept_list_record_adoption(
            concept_list=concept_list, adopted_at=None, actor=placed["member"]
        )
    with pytest.raises(ServiceError):
        concept_list_record_adoption(
            concept_list=concept_list,
            adopted_at=timezone.now() + timedelta(days=1),
            actor=placed["chair"],
        )
    concept_list_record_adoption(concept_list=concept_list, adopted_at=None, actor=placed["chair"])

    concept_list.refresh_from_db()
    assert concept_list.adopted_at is None
    assert AuditEntry.objects.filter(action="review.concept_list_adopted").count() == 1
