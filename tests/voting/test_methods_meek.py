"""Meek STV: hand-checked keep values, published examples, and where it parts from Scottish STV."""

from fractions import Fraction

import pytest
from hypothesis import given, settings

from counting import meek_stv, scottish_stv
from counting.results import StageKind

from .ranked import OPA, WIKIPEDIA_CPO, WIKIPEDIA_STV, ballots, elections, expand

# Two seats, 21 ballots. A is elected at once (quota 7) and keeps 7/10 of each of its ten
# votes, passing 3 to B. C is excluded next; its ballots reach A, and Meek lets A keep only
# what it needs of them too: A's keep value falls to 7/13, A's ten A>B ballots pass on
# 60/13 to B (who reaches 7.6154) and C's three pass 18/13 on to D. Scottish STV instead
# sends C's ballots past the elected A straight to D, who then wins the second seat.
PARTING = ballots((10, "AB"), (3, "CAD"), (3, "B"), (5, "D"))


def test_keep_values_settle_and_elect_the_candidate_the_surplus_flows_to():
    result = meek_stv(PARTING, "ABCD", seats=2)

    first, exclusion, election = result.stages
    assert first.elected == ("A",) and first.quota == Fraction(7_000_000_001, 10**9)
    assert exclusion.kind == StageKind.EXCLUSION and exclusion.subject == "C"
    assert exclusion.keep_values["A"] == Fraction(700_000_001, 10**9)  # 7/10, rounded up
    assert election.keep_values["A"] == Fraction(538_461_539, 10**9)  # 7/13, rounded up
    assert round(float(election.votes["B"]), 4) == 7.6154
    assert round(float(election.votes["D"]), 4) == 6.3846
    assert election.elected == ("B",)
    assert result.elected == ("A", "B")
    assert scottish_stv(PARTING, "ABCD", seats=2).elected == ("A", "D")


def test_the_flows_show_where_each_candidates_votes_went():
    election = meek_stv(PARTING, "ABCD", seats=2).stages[2]

    flows = {(t.source, t.target): t for t in election.transfers}
    assert flows[("C", "A")].value == 3 and flows[("C", "A")].papers == 3
    assert round(float(flows[("A", "B")].value), 4) == round(60 / 13, 4)
    assert flows[("A", "D")].papers == 3


@pytest.mark.parametrize(
    "example", [OPA, WIKIPEDIA_STV, WIKIPEDIA_CPO], ids=["opa", "wikipedia", "wikipedia-cpo"]
)
def test_published_examples_elect_the_published_winners(example):
    candidates, groups, seats, published = example

    result = meek_stv(expand(groups), candidates, seats=seats)

    assert set(result.elected) == published and result.tie_breaks == ()


def test_the_quota_falls_as_ballots_are_exhausted():
    # 9 ballots, 2 seats: quota 3. A's ballots rank nobody else, so its surplus is exhausted
    # and the quota falls towards 2 (A keeps 2/5 of each vote); once B or C (tied, lots) is
    # excluded, with a ballot that goes nowhere, it falls to 5/3 and D's 2 votes reach it.
    result = meek_stv(
        ballots((5, "A"), (1, "B"), (1, "C"), (2, "D")), "ABCD", seats=2, seed="quota"
    )

    first, exclusion, election = result.stages
    assert first.quota == Fraction(3_000_000_001, 10**9)
    assert round(float(exclusion.quota), 6) == 2 and exclusion.iterations > 1
    assert round(float(exclusion.keep_values["A"]), 6) == 0.4
    assert round(float(election.quota), 6) == round(5 / 3, 6)
    assert result.elected == ("A", "D")


@settings(max_examples=50, deadline=None)
@given(elections(min_candidates=3))
def test_every_vote_is_accounted_for_and_the_seats_are_filled(election):
    candidates, groups = election
    seats = len(candidates) // 2

    result = meek_stv(expand(groups), candidates, seats=seats, seed=1)

    assert len(result.elected) == seats
    excluded_before = []
    for stage in result.stages:
        assert sum(stage.votes.values()) + stage.exhausted == result.valid
        assert all(stage.keep_values[c] == 0 for c in excluded_before)
        assert all(stage.votes[c] == 0 for c in excluded_before)
        if stage.kind == StageKind.EXCLUSION:
            excluded_before.append(stage.subject)
