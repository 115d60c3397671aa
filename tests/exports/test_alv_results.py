"""The ALV's results report: real WeasyPrint output, read back as text."""

import hashlib
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from members.roles import BOARD
from tests.conftest import sign_in_with_second_factor
from tests.factories import UserFactory
from tests.voting.conftest import make_meeting, make_poll, make_voters
from voting.models import Receipt
from voting.services import ballot_cast, poll_close, poll_open

pytestmark = pytest.mark.django_db


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def meeting():
    return make_meeting(title="ALV najaar")


@pytest.fixture
def closed_polls(meeting):
    voters = make_voters(meeting, 4)
    chair_poll = make_poll(meeting, ["Amal Haddou"], title="Voorzitter")
    board_poll = make_poll(
        meeting, ["Rosa", "Kwame", "Priya"], title="Bestuursleden", kind="approval", seats=2
    )
    ranked_poll = make_poll(
        meeting, ["Noor", "Sem", "Lin"], title="Lijsttrekker", kind="ranked", method="irv"
    )
    for poll in (chair_poll, board_poll, ranked_poll):
        poll_open(poll=poll, actor=None)
    yes_no = ["yes", "yes", "no", "abstain"]
    board = {o.label: o.pk for o in board_poll.options.all()}
    ranked = {o.label: o.pk for o in ranked_poll.options.all()}
    rankings = [["Noor", "Sem"], ["Sem", "Noor"], ["Lin", "Sem"], ["Noor"]]
    for voter, answer, ranking in zip(voters, yes_no, rankings, strict=True):
        (option,) = chair_poll.options.all()
        ballot_cast(poll=chair_poll, voter=voter, choices={str(option.pk): answer})
        ballot_cast(poll=board_poll, voter=voter, choices=[board["Rosa"], board["Kwame"]])
        ballot_cast(poll=ranked_poll, voter=voter, choices=[ranked[n] for n in ranking])
    for poll in (chair_poll, board_poll, ranked_poll):
        poll_close(poll=poll, actor=None)
    return chair_poll, board_poll, ranked_poll


def test_the_board_gets_every_closed_poll_with_counts_and_the_receipt_hash(
    client, meeting, closed_polls
):
    sign_in_with_second_factor(client, UserFactory(groups=[BOARD]))
    response = client.get(reverse("exports:alv_results", args=[meeting.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = text_of(response.content)

    for poll in closed_polls:
        assert poll.title in text
        codes = sorted(Receipt.objects.filter(poll=poll).values_list("code", flat=True))
        digest = hashlib.sha256("\n".join(codes).encode()).hexdigest()
        assert digest[:32] in text.replace("\n", "")
    assert "Amal Haddou" in text and "Rosa, Kwame" in text  # who was elected
    assert "Noor" in text  # the ranked poll's winner, with its rounds
    assert PdfReader(io.BytesIO(response.content)).metadata.title.endswith(": ALV najaar")


def test_only_the_board_and_the_alv_chair_get_the_report(client, meeting, closed_polls):
    sign_in_with_second_factor(client, UserFactory())
    assert client.get(reverse("exports:alv_results", args=[meeting.pk])).status_code == 403


def test_the_command_writes_the_same_report(meeting, closed_polls, tmp_path):
    out = tmp_path / "uitslagen.pdf"
    call_command("export_alv_results", meeting.pk, out=str(out))
    assert "Bestuursleden" in text_of(out.read_bytes())


def test_a_list_order_poll_without_a_number_of_seats_is_reported(meeting, tmp_path):
    voters = make_voters(meeting, 2)
    poll = make_poll(
        meeting, ["Noor", "Sem"], title="Volgorde", kind="ranked", method="sequential", seats=None
    )
    poll_open(poll=poll, actor=None)
    ids = [o.pk for o in poll.options.all()]
    for voter in voters:
        ballot_cast(poll=poll, voter=voter, choices=ids)
    poll_close(poll=poll, actor=None)
    out = tmp_path / "uitslagen.pdf"
    call_command("export_alv_results", meeting.pk, out=str(out))
    assert "Volgorde" in text_of(out.read_bytes())
