"""The committee's advice as a PDF: real WeasyPrint output, read back as text."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from applications.models import DiversityResponse
from integrity.models import RelationKind
from integrity.services import relation_declare
from members.roles import BOARD
from review.selectors import concept_list_of
from review.services import concept_list_save
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
def advised():
    vacancy = VacancyFactory(kind=VacancyKind.CANDIDATE_LIST, title="Kandidatenlijst TK")
    committee = committee_for(vacancy)
    chair, member = UserFactory(), UserFactory()
    seat_ready(committee, chair, role="chair")
    seat_ready(committee, member)
    names = ["Amal", "Jayden", "Rosa", "Noor", "Priya", "Kwame"]
    candidates = [
        submitted(ApplicationFactory(vacancy=vacancy, first_name=n, last_name="Voorbeeld"))
        for n in names
    ]
    for application in candidates[:5]:
        DiversityResponse.objects.create(
            application=application, dimension="gender", value="woman", show_to_committee=True
        )
    DiversityResponse.objects.create(
        application=candidates[0], dimension="colour", value="yes", show_to_committee=True
    )
    concept_list = concept_list_of(vacancy=vacancy)
    places = [{"application_id": a.pk, "justification": ""} for a in candidates]
    places[0]["justification"] = "Sterke lijsttrekker met bestuurservaring."
    concept_list_save(concept_list=concept_list, places=places, actor=chair)
    return {"vacancy": vacancy, "chair": chair, "member": member, "candidates": candidates}


def pdf_text(response) -> tuple[str, dict]:
    reader = PdfReader(io.BytesIO(b"".join([response.content])))
    return "\n".join(page.extract_text() for page in reader.pages), reader.metadata


def test_the_board_gets_the_advice_with_places_reasons_and_aggregates_only(client, advised):
    board = UserFactory(is_staff=True, groups=[BOARD])
    sign_in_with_second_factor(client, board)

    response = client.get(reverse("exports:committee_advice", args=[advised["vacancy"].pk]))

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text, metadata = pdf_text(response)
    assert "VERTROUWELIJK" in text
    assert "1. N. Amal Voorbeeld" in text
    assert "Sterke lijsttrekker met bestuurservaring." in text
    # Self-identification is for the committee only: not even "fewer than 5" (issue 27).
    assert "alleen voor de kandidatencommissie" in " ".join(text.split())
    assert "minder dan 5" not in text and "kleur" not in text
    assert "Kandidatenlijst TK" in metadata.title
    assert "pagina 1 / " in text


def test_members_without_the_role_and_conflicted_chairs_get_nothing(client, advised):
    url = reverse("exports:committee_advice", args=[advised["vacancy"].pk])
    sign_in_with_second_factor(client, advised["member"])
    assert client.get(url).status_code == 403

    client.logout()
    relation_declare(
        person=advised["chair"],
        other=advised["candidates"][2].applicant,
        kind=RelationKind.FAMILY,
    )
    sign_in_with_second_factor(client, advised["chair"])
    assert client.get(url).status_code == 403


def test_the_command_writes_the_advice(advised, tmp_path):
    out = tmp_path / "advies.pdf"
    call_command("export_committee_advice", advised["vacancy"].slug, out=str(out))
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(out.read_bytes())).pages)
    assert "Kandidatenlijst\nTK" in text and "Amal" in text
