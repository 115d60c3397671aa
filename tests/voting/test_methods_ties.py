"""Ballot validation and the tie-break rules: look back first, then lots with a recorded seed."""

import random

from counting import instant_runoff, schulze_order, scottish_stv
from counting.ballots import ballot_box
from counting.data import result_to_data
from counting.ties import TiePurpose, TieRule

from .ranked import ballots


def test_blank_invalid_and_valid_ballots_are_told_apart_without_crashing():
    box = ballot_box(
        [["A", "B"], [], ["A", "A"], ["A", "X"], "AB", None, [["A"]], ("B",), ["B", "A"]],
        ["A", "B"],
    )

    assert (box.total, box.valid, box.blank, box.invalid) == (9, 3, 1, 5)
    assert box.groups == ((("A", "B"), 1), (("B",), 1), (("B", "A"), 1))


def test_invalid_ballots_are_reported_and_not_counted():
    result = scottish_stv([["A"], ["A", "A"], ["Z"], [], ["B"]], ["A", "B"], seats=1)

    assert (result.ballots, result.valid, result.blank, result.invalid) == (5, 2, 1, 2)
    assert result.quota == 2  # floor(2 valid / 2) + 1


def test_candidate_ids_may_be_numbers():
    result = instant_runoff([[3, 1], [1], [3]], [1, 2, 3])

    assert result.elected == (3,)  # round 1: 3 has 2 of 3 votes


def test_an_exclusion_tie_goes_to_the_one_with_fewer_votes_in_the_latest_differing_round():
    # Round 1: A 5, B 3, C 2, D 1. D goes to C: round 2 has B and C tied at 3.
    # Round 1 tells them apart (C had 2), so C is excluded.
    result = instant_runoff(ballots((5, "A"), (3, "B"), (2, "C"), (1, "DC")), "ABCD")

    [tie] = result.tie_breaks
    assert tie.purpose == TiePurpose.EXCLUSION
    assert (tie.tied, tie.chosen, tie.rule, tie.stage) == (("B", "C"), "C", TieRule.LOOK_BACK, 1)
    assert result.stages[2].tie_breaks == (tie,)  # told in the round that transfers C
    assert result.excluded == ("D", "C")
    assert result.elected == ("A",)
    assert result.lots is None


def test_the_look_back_narrows_a_three_way_tie_stage_by_stage():
    # Round 1: B 10, C 9, D 8, X 2, Y 3. X out: C 9, D 9. Y out: B, C and D tied at 10.
    # Round 2 (B 10, C 9, D 9) leaves C and D; round 1 (C 9, D 8) excludes D.
    result = instant_runoff(
        ballots(
            (20, "A"),
            (10, "B"),
            (9, "C"),
            (8, "D"),
            (1, "XD"),
            (1, "X"),
            (1, "YC"),
            (1, "YD"),
            (1, "Y"),
        ),
        "ABCDXY",
    )

    tie = result.tie_breaks[0]
    assert (tie.tied, tie.chosen, tie.rule, tie.stage) == (
        ("B", "C", "D"),
        "D",
        TieRule.LOOK_BACK,
        1,
    )
    assert result.excluded[:3] == ("X", "Y", "D")


def test_equal_at_every_stage_is_decided_by_the_lot_order_of_the_seed():
    result = instant_runoff(ballots((2, "A"), (2, "B")), "AB", seed="alv-2026")

    lot_order = ["A", "B"]
    random.Random("alv-2026").shuffle(lot_order)
    [tie] = result.tie_breaks
    assert tie.rule == TieRule.LOTS and tie.drawn_among == ("A", "B")
    assert tie.chosen == lot_order[-1]  # the last in the lot order is excluded
    assert result.elected == (lot_order[0],)
    assert result.lots.order == tuple(lot_order)
    assert (result.lots.seed, result.lots.generated) == ("alv-2026", False)


def test_the_same_seed_gives_the_same_result_and_other_seeds_may_not():
    tied = ballots((2, "A"), (2, "B"), (2, "C"))

    winners = {instant_runoff(tied, "ABC", seed=seed).elected for seed in range(30)}
    again = [instant_runoff(tied, "ABC", seed=7).elected for _ in range(3)]

    assert winners == {("A",), ("B",), ("C",)}
    assert len(set(again)) == 1


def test_a_seed_drawn_by_the_system_is_recorded_and_reproduces_the_count():
    tied = ballots((3, "AB"), (3, "BA"), (1, "C"))

    drawn = scottish_stv(tied, "ABC", seats=1)
    redone = scottish_stv(tied, "ABC", seats=1, seed=drawn.lots.seed)

    assert drawn.lots.generated and len(drawn.lots.seed) == 32
    assert not redone.lots.generated
    assert result_to_data(redone)["stages"] == result_to_data(drawn)["stages"]
    assert redone.elected == drawn.elected


def test_a_number_seed_draws_like_the_same_seed_typed_on_the_command_line():
    tied = ballots((1, "A"), (1, "B"), (1, "C"))

    assert (
        instant_runoff(tied, "ABC", seed=42).elected
        == instant_runoff(tied, "ABC", seed="42").elected
    )


def test_no_lots_are_drawn_when_no_tie_needs_them():
    result = scottish_stv(ballots((5, "AB"), (3, "B"), (1, "C")), "ABC", seats=2)

    assert result.tie_breaks == () and result.lots is None


def test_stv_orders_equal_candidates_and_surpluses_by_the_earlier_stage():
    # Stage 1: A 8, B 7, X 5, Y 6, Z 7; quota floor(33 / 4) + 1 = 9. X is excluded and
    # gives A 2 and B 3: stage 2 has A and B at 10, both elected, with equal surpluses.
    # Stage 1 (A 8 > B 7) puts A first, for the order of election and of the transfers.
    result = scottish_stv(
        ballots((8, "A"), (7, "B"), (2, "XA"), (3, "XB"), (6, "YZ"), (7, "ZY")),
        ["A", "B", "X", "Y", "Z"],
        seats=3,
    )

    assert result.quota == 9
    assert result.stages[1].elected == ("A", "B")
    order_tie, surplus_tie = result.tie_breaks[:2]
    assert (order_tie.purpose, order_tie.chosen, order_tie.rule, order_tie.stage) == (
        TiePurpose.ELECTION_ORDER,
        "A",
        TieRule.LOOK_BACK,
        1,
    )
    assert (surplus_tie.purpose, surplus_tie.chosen, surplus_tie.stage) == (
        TiePurpose.SURPLUS_ORDER,
        "A",
        1,
    )
    assert [stage.subject for stage in result.stages[2:4]] == ["A", "B"]


def test_equal_first_stage_winners_are_ordered_by_lots():
    result = scottish_stv(ballots((4, "A"), (4, "B"), (1, "C")), "ABC", seats=2, seed="s")

    [tie] = result.tie_breaks
    assert tie.purpose == TiePurpose.ELECTION_ORDER and tie.rule == TieRule.LOTS
    assert result.elected == tuple(c for c in result.lots.order if c in "AB")


def test_schulze_orders_unrelated_candidates_by_lots():
    result = schulze_order([["A", "B"], ["B", "A"], ["C"]], "ABC", seed=3)

    # C is ranked over A and B once, each of A and B over C twice: C comes last.
    assert result.order[2] == "C"
    [tie] = result.tie_breaks
    assert tie.purpose == TiePurpose.PLACE and set(tie.tied) == {"A", "B"}
    assert result.order[:2] == tuple(c for c in result.lots.order if c != "C")
