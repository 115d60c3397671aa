"""Paper ballots beside electronic ones: printed papers with codes, handed out to members in
the hall (who then cannot vote again), entered by the tellers into the same count."""

import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from core.errors import ServiceError
from members.roles import ALV_CHAIR
from tests.conftest import sign_in_with_second_factor
from tests.factories import UserFactory
from tests.voting.conftest import confirm_papers, make_poll, make_voters, sealed_contents
from voting.casting import ballot_cast
from voting.models import Ballot, PaperBallot, VoteRecord
from voting.paper_services import (
    paper_ballot_enter,
    paper_ballot_issue,
    paper_ballots_prepare,
    paper_counts_enter,
    paper_progress,
)
from voting.polls import poll_close, poll_open
from voting.selectors import receipts

pytestmark = pytest.mark.django_db


def test_papers_join_the_count_and_their_codes_the_receipt_list(meeting):
    online, in_hall, spoiler, absent = make_voters(meeting, 4)
    poll = make_poll(meeting, ["Amal", "Jayden"])
    amal, jayden = (str(o.pk) for o in poll.options.all())
    codes = paper_ballots_prepare(poll=poll, count=3, actor=None)
    assert len(set(codes)) == 3
    poll_open(poll=poll, actor=None)
    ballot_cast(poll=poll, voter=online, choices={amal: "yes", jayden: "no"})
    paper_ballot_issue(poll=poll, voter=in_hall, actor=None)
    paper_ballot_issue(poll=poll, voter=spoiler, actor=None)
    with pytest.raises(ServiceError):
        paper_ballot_issue(poll=poll, voter=in_hall, actor=None)  # one paper per member
    with pytest.raises(ServiceError):
        ballot_cast(poll=poll, voter=in_hall, choices={amal: "yes", jayden: "yes"})
    with pytest.raises(ServiceError, match="papieren stembiljetten"):
        poll_close(poll=poll, actor=None)  # two papers out, none entered

    paper_ballot_enter(
        poll=poll, code=codes[0].lower(), choices={amal: "yes", jayden: "yes"}, actor=None
    )
    with pytest.raises(ServiceError):  # the same paper twice
        paper_ballot_enter(poll=poll, code=codes[0], choices={amal: "no", jayden: "no"}, actor=None)
    with pytest.raises(ServiceError):  # not a paper of this poll
        paper_ballot_enter(poll=poll, code="AAAAA-AAAAA", invalid=True, actor=None)
    with pytest.raises(ServiceError):  # checked like an electronic ballot
        paper_ballot_enter(poll=poll, code=codes[1], choices={amal: "maybe"}, actor=None)
    paper_ballot_enter(poll=poll, code=codes[1], invalid=True, actor=None)
    with pytest.raises(ServiceError):  # more papers than handed out
        paper_ballot_enter(poll=poll, code=codes[2], invalid=True, actor=None)
    assert paper_progress(poll) == {
        "printed": 3,
        "entered": 0,
        "issued": 2,
        "pending": 2,
        "to_enter": 0,
    }
    with pytest.raises(ServiceError, match="tweede teller"):
        poll_close(poll=poll, actor=None)  # nothing counts before a second teller confirms
    assert confirm_papers(poll) == 2
    assert paper_progress(poll)["entered"] == 2

    poll = poll_close(poll=poll, actor=None)
    rows = {row["label"]: row for row in poll.result["options"]}
    assert (rows["Amal"]["yes"], rows["Jayden"]["yes"], rows["Jayden"]["no"]) == (2, 1, 1)
    assert (poll.result["ballots"], poll.result["invalid"]) == (3, 1)
    assert set(codes[:2]) <= set(receipts(poll))
    assert VoteRecord.objects.filter(on_paper=True).count() == 2
    assert not VoteRecord.objects.filter(voter=absent).exists()


def test_counts_of_uncoded_papers_for_a_vote_on_one_candidate(meeting):
    voters = make_voters(meeting, 5)
    poll = make_poll(meeting, ["Amal"])
    poll_open(poll=poll, actor=None)
    for voter in voters[:4]:
        paper_ballot_issue(poll=poll, voter=voter, actor=None)
    with pytest.raises(ServiceError):
        paper_counts_enter(poll=poll, yes=3, no=1, abstain=1, invalid=0, actor=None)  # 5 > 4
    assert paper_counts_enter(poll=poll, yes=2, no=1, abstain=0, invalid=1, actor=None).papers == 4
    assert confirm_papers(poll) == 4
    poll = poll_close(poll=poll, actor=None)
    (row,) = poll.result["options"]
    assert (row["yes"], row["no"], poll.result["invalid"], row["passes"]) == (2, 1, 1, True)
    assert Ballot.objects.filter(poll=poll).count() == 4


def test_the_tellers_print_hand_out_and_enter_from_their_desk(client, meeting):
    (voter,) = make_voters(meeting, 1)
    poll = make_poll(meeting, ["Amal"])
    poll_open(poll=poll, actor=None)
    sign_in_with_second_factor(client, UserFactory(groups=[ALV_CHAIR]))
    pdf = client.post(reverse("exports:paper_ballots", args=[meeting.pk, poll.pk]), {"count": 2})
    assert pdf["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(pdf.content))
    assert len(reader.pages) == 2
    printed = re.findall(r"[A-Z0-9]{5}-[A-Z0-9]{5}", reader.pages[0].extract_text())
    assert printed and printed[0] in set(PaperBallot.objects.values_list("code", flat=True))

    desk = reverse("voting:paper_desk", args=[meeting.pk, poll.pk])
    client.post(desk, {"action": "issue", "member": voter.membership_number})
    assert VoteRecord.objects.get().on_paper
    (option,) = poll.options.all()
    client.post(desk, {"action": "enter", "code": printed[0], f"paper-option_{option.pk}": "no"})
    assert sealed_contents(poll) == []  # it counts once a second teller confirms it
    confirm_papers(poll)
    assert sealed_contents(poll) == [{"r": printed[0], "c": {str(option.pk): "no"}}]
    assert "1" in client.get(desk).content.decode()

    member = UserFactory()
    client.force_login(member)
    assert client.get(desk).status_code in (302, 403)
