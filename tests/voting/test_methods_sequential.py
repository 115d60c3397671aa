"""Sequential STV: a list ordered place by place, earlier places kept in every later count."""

from hypothesis import given, settings

from counting import instant_runoff, scottish_stv, sequential_stv
from counting.results import StageKind

from .ranked import ballots, elections, expand

# IRV elects A (B's ballots give A 9 of 17), but a two-seat STV count elects C and B: C's
# surplus and D's ballots carry B to the quota of 6 before A can get there.
COMPROMISE = ballots((8, "CDB"), (4, "BAD"), (5, "A"))


def test_place_one_is_the_instant_runoff_winner_and_stays_first():
    result = sequential_stv(COMPROMISE, "ABCD")

    assert instant_runoff(COMPROMISE, "ABCD").elected == ("A",)
    assert set(scottish_stv(COMPROMISE, "ABCD", seats=2).elected) == {"B", "C"}
    assert result.order == ("A", "C", "B", "D")


def test_place_two_is_decided_by_a_two_seat_count_that_keeps_place_one():
    count = sequential_stv(COMPROMISE, "ABCD").counts[1]

    assert count.seats == 2 and count.protected == ("A",) and count.quota == 6
    first, kept = count.stages
    assert first.elected == ("C",)  # C reaches the quota and takes the one free seat
    assert kept.kind == StageKind.FILL and kept.elected == ("A",)
    assert count.elected == ("C", "A")


def test_place_three_excludes_only_candidates_without_a_place():
    count = sequential_stv(COMPROMISE, "ABCD").counts[2]

    assert count.protected == ("A", "C")
    assert count.excluded == ("D",)
    assert count.elected[-1] == "B"


def test_places_can_be_limited_and_ties_use_one_lot_order():
    result = sequential_stv(ballots((1, "A"), (1, "B"), (1, "C")), "ABC", places=2, seed="x")

    assert len(result.order) == 2
    assert result.order == result.lots.order[:2]
    assert all(count.lots in (None, result.lots) for count in result.counts)


@settings(max_examples=60, deadline=None)
@given(elections(min_candidates=2, max_candidates=6))
def test_each_count_elects_exactly_the_places_so_far(election):
    candidates, groups = election

    result = sequential_stv(expand(groups), candidates, seed=1)

    assert sorted(result.order) == sorted(candidates)
    assert result.order[0] == instant_runoff(expand(groups), candidates, seed=1).elected[0]
    for place, count in enumerate(result.counts, 1):
        assert set(count.elected) == set(result.order[:place])


def test_without_valid_ballots_the_places_are_drawn_by_lots():
    result = sequential_stv([[], ["Z"]], "ABC", seed="leeg")

    assert result.counts[0].method == "stv"  # instant-runoff elected nobody
    assert result.order == result.lots.order
