"""Fuzzing the exports: asking for a document to be made (any kind, subject and variant),
printing paper ballots (any count), and the document pages and JSON status whose only input
is their path."""

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import strategies as st

from exports.documents import KINDS
from exports.models import GeneratedDocument
from members.roles import ALV_CHAIR, BOARD
from review.selectors import concept_list_of
from tests.conftest import sign_in_with_second_factor
from tests.factories import UserFactory, VacancyFactory
from tests.hardening import fuzz
from tests.hardening.fuzz import Target, any_of, forms, numbers, with_url_args
from tests.voting.conftest import make_meeting, make_poll
from vacancies.models import VacancyKind

pytestmark = [pytest.mark.django_db, pytest.mark.fuzz]

NO_SLASH = st.characters(codec="utf-8", exclude_characters="/")


@pytest.fixture
def board():
    return sign_in_with_second_factor(Client(), UserFactory(groups=[BOARD, ALV_CHAIR]))


@fuzz.fuzzes("exports:document_request")
def test_fuzz_asking_for_a_document(board, request):
    vacancy = VacancyFactory(kind=VacancyKind.CANDIDATE_LIST)
    concept_list_of(vacancy=vacancy)  # made on first sight; here before the fingerprints
    meeting = make_meeting()
    kinds = st.one_of(st.sampled_from(list(KINDS)), st.text(NO_SLASH, min_size=1, max_size=20))
    subjects = st.one_of(st.sampled_from([vacancy.pk, meeting.pk]), st.integers(0, 2**70))
    payloads = with_url_args(
        forms({"variant": any_of("pdf", "pdf-internal", "csv", "xlsx", "kiesraad", "")}),
        kinds,
        subjects,
    )
    fuzz.run(
        Target(
            "exports:document_request",
            board,
            lambda payload: reverse("exports:document_request", args=payload.url_args),
        ),
        payloads,
        request,
    )


@fuzz.fuzzes("exports:paper_ballots")
def test_fuzz_printing_paper_ballots(board, request):
    meeting = make_meeting()
    poll = make_poll(meeting, labels=("Amal", "Bram"))
    fuzz.run(
        Target(
            "exports:paper_ballots",
            board,
            reverse("exports:paper_ballots", args=[meeting.pk, poll.pk]),
        ),
        forms({"count": numbers(1, 2, 0, 501)}),
        request,
    )


DOCUMENT_PAGES = ("exports:document", "exports:document_status", "exports:document_file")


@pytest.mark.parametrize("name", DOCUMENT_PAGES)
@fuzz.fuzzes(*DOCUMENT_PAGES)
def test_fuzz_the_document_pages_and_status(board, name, request):
    meeting = make_meeting()
    document = GeneratedDocument.objects.create(
        kind="alv_results", object_id=meeting.pk, title="Uitslagen", requested_by=board.user
    )
    ids = st.one_of(st.just(document.pk), st.integers(0, 2**70))
    fuzz.run(
        Target(
            name,
            board,
            lambda payload: reverse(name, args=payload.url_args),
            method="get",
        ),
        with_url_args(forms({"t": any_of("1")}), ids),
        request,
    )
