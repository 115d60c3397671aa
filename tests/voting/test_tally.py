"""Majorities, seats, ties, new rounds and lots."""

import pytest

from core.errors import ServiceError
from tests.voting.conftest import make_poll, make_voters
from voting import tally
from voting.casting import ballot_cast
from voting.models import Ballot, VoteRecord
from voting.polls import poll_close, poll_draw_lots, poll_new_round, poll_open

pytestmark = pytest.mark.django_db


def run_poll(meeting, labels, ballots, **fields):
    voters = make_voters(meeting, len(ballots))
    poll = make_poll(meeting, labels, **fields)
    poll_open(poll=poll, actor=None)
    ids = {option.label: option.pk for option in poll.options.all()}
    for voter, choices in zip(voters, ballots, strict=True):
        if isinstance(choices, dict):
            choices = {str(ids[label]): value for label, value in choices.items()}
        else:
            choices = [ids[label] for label in choices]
        ballot_cast(poll=poll, voter=voter, choices=choices)
    return poll_close(poll=poll, actor=None), ids


def test_abstentions_do_not_count_toward_a_majority(meeting):
    ballots = [{"A": "yes"}] * 3 + [{"A": "no"}] * 2 + [{"A": "abstain"}] * 5
    poll, ids = run_poll(meeting, ["A"], ballots, majority="absolute")

    row = poll.result["options"][0]
    assert (row["yes"], row["no"], row["abstain"], row["passes"]) == (3, 2, 5, True)
    assert poll.result["elected"] == [ids["A"]]


def test_two_thirds_needs_two_thirds_of_the_valid_votes(meeting):
    poll, _ids = run_poll(
        meeting, ["A"], [{"A": "yes"}] * 6 + [{"A": "no"}] * 4, majority="two_thirds"
    )
    assert poll.result["options"][0]["passes"] is False
    assert poll.result["outcome"] == "none"


def test_approval_with_seats_most_votes_win_among_those_with_a_majority(meeting):
    ballots = [["A", "B"]] * 4 + [["A", "C"]] * 3 + [["C"]] * 2 + [[]]  # one blank ballot
    poll, ids = run_poll(meeting, ["A", "B", "C"], ballots, kind="approval", seats=2)

    votes = {row["label"]: row["votes"] for row in poll.result["options"]}
    assert votes == {"A": 7, "B": 4, "C": 5}
    assert poll.result["blank"] == 1
    # Absolute majority of the 9 non-blank ballots is 5: B (4) falls short.
    assert poll.result["elected"] == [ids["A"], ids["C"]]


def test_a_tie_goes_to_a_new_round_then_to_lots_with_a_recorded_seed(meeting):
    ballots = [["A"]] * 3 + [["B"]] * 3
    poll, ids = run_poll(meeting, ["A", "B"], ballots, kind="approval", seats=1, majority="simple")
    assert poll.result["outcome"] == "tie"
    assert sorted(poll.result["tied"]) == sorted(ids.values())
    with pytest.raises(ServiceError):  # lots only after a new round
        poll_draw_lots(poll=poll, actor=None)

    second = poll_new_round(poll=poll, actor=None)
    poll_open(poll=second, actor=None)
    new_ids = dict(second.options.values_list("label", "pk"))
    voters = list(meeting.voters.all())
    for voter, label in zip(voters, ["A", "A", "A", "B", "B", "B"], strict=True):
        ballot_cast(poll=second, voter=voter, choices=[new_ids[label]])
    second = poll_close(poll=second, actor=None)
    assert second.result["outcome"] == "tie"

    drawn = poll_draw_lots(poll=second, actor=None)
    assert len(drawn.lots_seed) == 32
    assert drawn.result["elected"] == tally.draw(
        second.result["tied"], seed=drawn.lots_seed, seats=1
    )
    with pytest.raises(ServiceError):
        poll_draw_lots(poll=drawn, actor=None)


def test_the_count_reconciles_and_a_difference_keeps_the_poll_open(meeting):
    voters = make_voters(meeting, 2)
    poll = make_poll(meeting)
    poll_open(poll=poll, actor=None)
    choices = {str(poll.options.get().pk): "yes"}
    ballot_cast(poll=poll, voter=voters[0], choices=choices)
    Ballot.objects.create(poll=poll, choices=choices)  # a ballot nobody cast

    with pytest.raises(ServiceError, match=r"reconcile|kloppen"):
        poll_close(poll=poll, actor=None)
    assert VoteRecord.objects.count() == 1
