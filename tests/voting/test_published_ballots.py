"""What a closed secret poll publishes: every receipt (so each member finds theirs) and every
ballot (so anyone can recount), reconciled with the voters — and never a receipt beside a
choice, on any page, download or report (docs/ballot-secrecy.md, promise 2)."""

import csv
import io
import json
import re

import pytest
from django.urls import reverse

from members.roles import BOARD
from tests.conftest import sign_in_with_second_factor
from tests.exports.test_alv_results import text_of
from tests.factories import UserFactory
from tests.voting.conftest import make_meeting, make_poll, make_voters
from voting.casting import ballot_cast
from voting.models import Ballot, Receipt, VoteRecord
from voting.polls import poll_close, poll_open

pytestmark = pytest.mark.django_db

RECEIPT = re.compile(r"[A-Z0-9]{5}-[A-Z0-9]{5}")
VOTERS = 6


@pytest.fixture
def closed():
    """A meeting with a closed yes/no, approval and ranked poll, and every receipt cast."""
    meeting = make_meeting(title="ALV najaar")
    voters = make_voters(meeting, VOTERS)
    polls = [
        make_poll(meeting, ["Amal"], title="Voorzitter"),
        make_poll(meeting, ["Rosa", "Kwame"], title="Bestuur", kind="approval", seats=2),
        make_poll(meeting, ["Noor", "Sem", "Lin"], title="Lijst", kind="ranked", method="irv"),
    ]
    for poll in polls:
        poll_open(poll=poll, actor=None)
    receipts = {poll.pk: set() for poll in polls}
    for n, voter in enumerate(voters):
        yes_no, approval, ranked = (list(p.options.values_list("pk", flat=True)) for p in polls)
        choices = [
            {str(yes_no[0]): ["yes", "no", "abstain"][n % 3]},
            approval[: n % 3],
            ranked[n % 3 :] + ranked[: n % 3],
        ]
        for poll, choice in zip(polls, choices, strict=True):
            receipts[poll.pk].add(ballot_cast(poll=poll, voter=voter, choices=choice).receipt)
    for poll in polls:
        poll_close(poll=poll, actor=None)
    return meeting, polls, receipts


def _downloads(client, meeting, poll) -> list[str]:
    urls = [reverse("voting:ballots_csv", args=[meeting.pk, poll.pk])]
    if poll.kind == "ranked":
        urls.append(reverse("voting:ballots_json", args=[meeting.pk, poll.pk]))
    return [client.get(url).content.decode() for url in urls]


def test_every_receipt_and_every_ballot_is_published_and_they_reconcile(client, closed):
    meeting, polls, receipts = closed
    for poll in polls:
        page = client.get(reverse("voting:results", args=[meeting.pk, poll.pk])).content.decode()
        listed = re.search(r"data-receipts>(.*?)</ul>", page, re.S).group(1)
        codes = RECEIPT.findall(listed)
        assert set(codes) == receipts[poll.pk] and codes == sorted(codes)
        ballots = Ballot.objects.filter(poll=poll).count()
        assert len(codes) == ballots == VoteRecord.objects.filter(poll=poll).count() == VOTERS
        recount = _downloads(client, meeting, poll)[0]
        rows = list(csv.reader(io.StringIO(recount), delimiter=";"))
        assert len(rows) - 1 == ballots  # a header, then one line per ballot


def test_no_page_download_or_report_puts_a_receipt_beside_a_choice(client, closed):
    meeting, polls, receipts = closed
    every_receipt = set().union(*receipts.values())
    sign_in_with_second_factor(client, UserFactory(groups=[BOARD]))
    report = text_of(client.get(reverse("exports:alv_results", args=[meeting.pk])).content)
    published = [report]
    for url in (
        reverse("voting:meeting", args=[meeting.pk]),
        reverse("voting:projector", args=[meeting.pk]),
    ):
        published.append(client.get(url).content.decode())
    for poll in polls:
        published += _downloads(client, meeting, poll)
        published.append(
            json.dumps(client.get(reverse("voting:live_count", args=[meeting.pk, poll.pk])).json())
        )
        page = client.get(reverse("voting:results", args=[meeting.pk, poll.pk])).content.decode()
        # The receipt list is the one place codes appear, and it holds nothing but codes.
        listed = re.search(r"<ul[^>]*data-receipts>(.*?)</ul>", page, re.S)
        items = re.findall(r"<li>(.*?)</li>", listed.group(1))
        assert items and all(RECEIPT.fullmatch(item) for item in items)
        published.append(page.replace(listed.group(0), ""))

    for text in published:
        assert not every_receipt & set(RECEIPT.findall(text))


def test_the_database_keeps_receipts_apart_from_choices_after_closing(closed):
    _meeting, polls, receipts = closed
    for poll in polls:
        assert (
            set(Receipt.objects.filter(poll=poll).values_list("code", flat=True))
            == (receipts[poll.pk])
        )
        stored = json.dumps(
            list(Ballot.objects.filter(poll=poll).values_list("choices", flat=True))
        )
        assert not RECEIPT.search(stored)
