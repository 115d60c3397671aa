import io
from datetime import date

import pytest
from pypdf import PdfReader

from members.roles import BOARD
from review.selectors import concept_list_of
from review.services import concept_list_details_save, concept_list_save
from tests.factories import (
    ApplicationFactory,
    UserFactory,
    VacancyFactory,
    committee_for,
    seat_ready,
    submitted,
)
from vacancies.models import VacancyKind

# Fictitious candidates, typed the untidy way people type: (initials, first name, prefix,
# surname, place, country, born, gender marker).
CANDIDATES = [
    ("e", "Eva", "Van der", "Meer", "Nijmegen", "NL", date(1993, 8, 14), "v"),
    ("k a", "Kwame", "", "Mensah", "Amsterdam", "NL", date(1983, 7, 21), "m"),
    ("A B", "Anna", "de", "Vries", "Utrecht", "NL", date(1990, 1, 2), "v"),
    ("s.m", "Zoë", "", "Peeters", "Gent", "be", date(1988, 3, 4), "v"),
    ("ij", "IJsbrand", "", "Dijkstra", "Leeuwarden", "NL", date(1975, 11, 30), "m"),
]


def pdf_text(content: bytes) -> tuple[str, dict]:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages), reader.metadata


@pytest.fixture
def kiesraad_list(db):
    """A candidate list of five, the last a list pusher, every consent in and every candidate
    with a gender marker; the chair of its committee and a board member."""
    vacancy = VacancyFactory(
        kind=VacancyKind.CANDIDATE_LIST, title="Tweede Kamer 2027", slug="tk-2027"
    )
    # No password hashing (a third of a second per user): these people sign in by force_login.
    chair = UserFactory(password=None)
    seat_ready(committee_for(vacancy), chair, role="chair")
    applications = [
        submitted(
            ApplicationFactory(
                vacancy=vacancy,
                applicant__password=None,
                initials=initials,
                first_name=first,
                name_prefix=prefix,
                last_name=last,
                place_of_residence=place,
                country=country,
                date_of_birth=born,
            )
        )
        for initials, first, prefix, last, place, country, born, _gender in CANDIDATES
    ]
    concept_list = concept_list_of(vacancy=vacancy)
    concept_list_save(
        concept_list=concept_list,
        places=[
            {"application_id": a.pk, "is_pusher": n == len(applications)}
            for n, a in enumerate(applications, 1)
        ],
        actor=chair,
    )
    concept_list_details_save(
        concept_list=concept_list,
        details={
            a.pk: {"consent": True, "gender": row[-1]}
            for a, row in zip(applications, CANDIDATES, strict=True)
        },
        actor=chair,
    )
    return {
        "vacancy": vacancy,
        "list": concept_list,
        "chair": chair,
        "board": UserFactory(is_staff=True, groups=[BOARD], password=None),
        "applications": applications,
    }
