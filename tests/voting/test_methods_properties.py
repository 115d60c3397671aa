"""Properties every count must have, on random elections."""

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from counting import count_ranked, instant_runoff, schulze_order
from counting.data import result_to_data

from .ranked import elections, expand


@st.composite
def majority_elections(draw):
    """An election in which more than half of the ballots rank one candidate first."""
    candidates, others = draw(elections(min_candidates=2))
    favourite = draw(st.sampled_from(candidates))
    rest = [c for c in candidates if c != favourite]
    tails = st.permutations(rest).flatmap(
        lambda order: st.integers(0, len(order)).map(lambda n: tuple(order[:n]))
    )
    size = sum(count for _, count in others) + draw(st.integers(1, 5))
    majority = [(favourite, *draw(tails)) for _ in range(size)]
    return candidates, favourite, majority + expand(others)


@settings(max_examples=100, deadline=None)
@given(majority_elections())
def test_a_candidate_first_on_a_majority_of_ballots_wins_irv_and_tops_schulze(election):
    candidates, favourite, ballots = election

    assert instant_runoff(ballots, candidates, seed=1).elected == (favourite,)
    assert schulze_order(ballots, candidates, seed=1).order[0] == favourite


@settings(max_examples=100, deadline=None)
@given(
    elections(min_candidates=2, max_candidates=6),
    st.sampled_from(["irv", "stv", "meek", "sequential", "schulze"]),
    st.randoms(use_true_random=False),
)
def test_the_tally_does_not_depend_on_the_order_of_the_ballots(election, method, shuffler):
    candidates, groups = election
    ballots = expand(groups)
    shuffled = list(ballots)
    shuffler.shuffle(shuffled)
    seats = max(1, len(candidates) // 2) if method in ("stv", "meek") else None

    first = count_ranked(method, ballots, candidates, seats=seats, seed="order")
    second = count_ranked(method, shuffled, candidates, seats=seats, seed="order")

    assert result_to_data(first) == result_to_data(second)


@settings(max_examples=30, deadline=None)
@given(elections(min_candidates=2, max_candidates=5))
def test_every_result_is_plain_json(election):
    candidates, groups = election
    for method in ("irv", "stv", "meek", "sequential", "schulze"):
        result = count_ranked(method, expand(groups), candidates, seats=2, seed="json")
        data = result_to_data(result)
        assert json.loads(json.dumps(data)) == data
