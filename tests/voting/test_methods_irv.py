"""Instant-runoff: hand-checked rounds, and agreement with stvpoll's IRV.

stvpoll fixes its majority at the start (more than half of all non-blank ballots), where ours
is a majority of the continuing ballots. When stvpoll elects someone, that candidate also has
a majority of the continuing ballots and can never be excluded, so both elect the same one;
when exhausted ballots leave stvpoll without a winner, ours still elects one.
"""

from hypothesis import assume, given, settings
from stvpoll.irv import IRV
from stvpoll.types import SelectionMethod

from counting import instant_runoff
from counting.results import StageKind

from .ranked import OPA, WIKIPEDIA_CPO, WIKIPEDIA_STV, ballots, elections, expand


def stvpoll_irv(candidates, groups):
    poll = IRV(candidates=candidates)
    for ranking, count in groups:
        poll.add_ballot(list(ranking), count)
    return poll.calculate()


def test_rounds_exclude_the_lowest_until_a_majority_of_continuing_ballots():
    result = instant_runoff(ballots((4, "AB"), (3, "BA"), (2, "CB"), (1, "D")), "ABCD")

    first, second, third = result.stages
    assert first.kind == StageKind.FIRST_PREFERENCES
    assert first.votes == {"A": 4, "B": 3, "C": 2, "D": 1} and first.continuing == 10
    assert second.subject == "D" and second.continuing == 9  # D's ballot is exhausted
    assert [(t.source, t.target, t.papers) for t in second.transfers] == [("D", None, 1)]
    assert third.subject == "C" and third.votes["B"] == 5
    assert result.elected == ("B",) and third.elected == ("B",)  # 5 of 9
    assert result.excluded == ("D", "C")


def test_a_first_round_majority_wins_at_once():
    result = instant_runoff(ballots((3, "A"), (2, "B")), "AB")

    assert len(result.stages) == 1 and result.elected == ("A",)


def test_no_valid_ballot_elects_nobody():
    result = instant_runoff([[], ["A", "A"]], "AB")

    assert result.elected == () and (result.blank, result.invalid) == (1, 1)


def test_published_examples_elect_what_stvpoll_elects():
    for candidates, groups, _, _ in (OPA, WIKIPEDIA_STV):
        assert list(instant_runoff(expand(groups), candidates).elected) == list(
            stvpoll_irv(candidates, groups)
        )


def test_exhausted_ballots_leave_stvpoll_without_a_winner_but_not_us():
    # Carter 34, Scott 26, Andrea 25 ... after exclusions only 60 ballots continue.
    candidates, groups, _, _ = WIKIPEDIA_CPO

    result = instant_runoff(expand(groups), candidates)

    assert list(stvpoll_irv(candidates, groups)) == []
    assert result.elected == ("Carter",)
    assert result.stages[-1].continuing == 60 and result.stages[-1].votes["Carter"] == 34


@settings(max_examples=200, deadline=None)
@given(elections())
def test_random_elections_elect_what_stvpoll_elects(election):
    candidates, groups = election

    result = instant_runoff(expand(groups), candidates, seed=1)
    reference = stvpoll_irv(candidates, groups)

    tie_methods = {SelectionMethod.TiebreakHistory, SelectionMethod.TiebreakRandom}
    assume(not result.tie_breaks)
    assume(not any(r.selection_method in tie_methods for r in reference.rounds))
    if list(reference):
        assert list(result.elected) == list(reference)
    else:
        [winner] = result.elected
        assert result.stages[-1].votes[winner] * 2 <= result.valid
