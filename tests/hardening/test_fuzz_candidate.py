"""Fuzzing the candidate's side of the review (confirming a place, lodging an appeal with
documents) and a committee member's confidentiality agreement."""

import pytest
from django.urls import reverse
from hypothesis import strategies as st

from applications.models import ApplicationStatus
from review.models import ConceptListEntry
from review.selectors import concept_list_of
from review.services import committee_seat_add
from tests.factories import ApplicationFactory, CommitteeFactory, UserFactory, VacancyFactory
from tests.hardening import fuzz
from tests.hardening.fuzz import Target, any_of, forms, hostile_text, uploads, with_url_args
from vacancies.models import VacancyKind

pytestmark = [pytest.mark.django_db, pytest.mark.fuzz]


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def candidate(client):
    """A candidate told their place on the list, and turned down for another vacancy."""
    user = UserFactory()
    vacancy = VacancyFactory(kind=VacancyKind.CANDIDATE_LIST)
    told = ApplicationFactory(vacancy=vacancy, applicant=user, status=ApplicationStatus.NOTIFIED)
    ConceptListEntry.objects.create(
        concept_list=concept_list_of(vacancy=vacancy), application=told, position=1
    )
    rejected = ApplicationFactory(applicant=user, status=ApplicationStatus.NOT_SELECTED)
    someone_else = ApplicationFactory(status=ApplicationStatus.NOT_SELECTED)
    client.force_login(user)
    return [told.pk, rejected.pk, someone_else.pk]


@fuzz.fuzzes("candidate:confirm")
def test_fuzz_confirming_a_place(client, candidate, request):
    payloads = with_url_args(forms({"confirm": any_of("1")}), st.sampled_from(candidate))
    fuzz.run(
        Target(
            "candidate:confirm",
            client,
            lambda payload: reverse("candidate:confirm", args=payload.url_args),
        ),
        payloads,
        request,
    )


@fuzz.fuzzes("candidate:appeal")
def test_fuzz_lodging_an_appeal(client, candidate, request):
    reasons = st.one_of(any_of("Mijn gesprek werd afgezegd.", "", "   "), hostile_text(300))
    payloads = with_url_args(
        forms({"reasons": reasons}, files={"document": uploads()}), st.sampled_from(candidate)
    )
    fuzz.run(
        Target(
            "candidate:appeal",
            client,
            lambda payload: reverse("candidate:appeal", args=payload.url_args),
        ),
        payloads,
        request,
    )


@fuzz.fuzzes("review:confidentiality")
def test_fuzz_accepting_the_confidentiality_agreement(client, request):
    member = UserFactory()
    seats = [
        committee_seat_add(committee=CommitteeFactory(), user=member, role="member", actor=None)
        for _ in range(2)
    ]
    other = committee_seat_add(
        committee=CommitteeFactory(), user=UserFactory(), role="member", actor=None
    )
    client.force_login(member)
    ids = [seat.pk for seat in [*seats, other]]
    fuzz.run(
        Target("review:confidentiality", client, reverse("review:confidentiality")),
        forms({"seat": st.one_of(any_of(*map(str, ids)), fuzz.numbers())}),
        request,
    )
