"""The fast counts equal plain ones, ballot by ballot, on random elections.

The counts group identical ballots, keep papers of equal value in parcels, sum transfers in
whole numbers over a common denominator (Scottish STV, instant-runoff), count Meek STV in
whole units of 10⁻⁹, and add up Schulze's pairwise matrix in one pass of packed counters.
Here each is compared with the plain way of the rules: one paper per ballot carrying its own
``Fraction``, totals summed afresh, Meek's keep values in fractions, pairwise counts pair by
pair. Every number of every stage must be the same.
"""

import random
from collections import Counter, defaultdict
from fractions import Fraction
from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st

from counting import (
    instant_runoff,
    irv,
    meek,
    meek_stv,
    schulze_order,
    scottish_stv,
    sequential_stv,
    stv,
)
from counting.ballots import ballot_box
from counting.data import result_to_data
from counting.piles import Moved
from counting.results import Transfer
from counting.schulze_paths import pairwise_preferences, strongest_paths

from .ranked import elections, expand


class PlainPiles:
    """One paper per ballot, each with its own value; a total is the sum of its papers."""

    def __init__(self, box):
        self.candidates = box.candidates
        self.continuing = set(box.candidates)
        self.papers = {c: [] for c in box.candidates}
        for ranking, count in box.groups:
            for _ in range(count):
                self.papers[ranking[0]].append((ranking, 0, Fraction(1)))

    def votes(self, candidate):
        return sum((value for _, _, value in self.papers[candidate]), Fraction(0))

    def move(self, source, value_of):
        value, papers = defaultdict(Fraction), defaultdict(int)
        for ranking, position, old in self.papers[source]:
            new = value_of(old)
            later = [p for p in range(position + 1, len(ranking)) if ranking[p] in self.continuing]
            target = ranking[later[0]] if later else None
            if target is not None:
                self.papers[target].append((ranking, later[0], new))
            value[target] += new
            papers[target] += 1
        self.papers[source] = []
        order = [c for c in self.candidates if c in papers] + ([None] if None in papers else [])
        transfers = tuple(Transfer(source, t, value[t], papers[t]) for t in order)
        return Moved(transfers=transfers, exhausted=value.get(None, Fraction(0)))


def plain_distribute(box, keep: dict, seats: int):
    def round_down(value):
        return Fraction(value.numerator * meek.SCALE // value.denominator, meek.SCALE)

    votes = dict.fromkeys(box.candidates, Fraction(0))
    flows: dict = defaultdict(lambda: [Fraction(0), 0])
    excess = Fraction(0)
    for ranking, count in box.groups:
        weight, passer = Fraction(1), None
        for candidate in ranking:
            if passer is not None:
                flows[(passer, candidate)][0] += weight * count
                flows[(passer, candidate)][1] += count
            part = round_down(weight * keep[candidate])
            votes[candidate] += part * count
            weight -= part
            if weight == 0:
                passer = None
                break
            passer = candidate
        if weight:
            excess += weight * count
            if passer is not None:
                flows[(passer, None)][0] += weight * count
                flows[(passer, None)][1] += count
    quota = round_down((box.valid - excess) / (seats + 1)) + Fraction(1, meek.SCALE)
    return meek.Distribution(votes=votes, excess=excess, quota=quota, flows=dict(flows))


def plain_converge(self):
    """Meek's iteration in fractions, as the rules state it."""
    previous_surplus = None
    for iteration in range(1, meek.MAX_ITERATIONS + 1):
        result = plain_distribute(self.box, self.keep, self.seats)
        if any(result.votes[c] >= result.quota for c in self.hopeful()):
            return result, iteration
        surplus = sum((max(result.votes[c] - result.quota, 0) for c in self.elected), Fraction(0))
        settled = surplus < meek.TOLERANCE or (
            previous_surplus is not None and surplus >= previous_surplus
        )
        if not self.elected or settled:
            return result, iteration
        previous_surplus = surplus
        for candidate in self.elected:
            if result.votes[candidate]:
                share = self.keep[candidate] * result.quota / result.votes[candidate]
                rounded = Fraction(-(-share.numerator * meek.SCALE // share.denominator))
                self.keep[candidate] = min(Fraction(1), rounded / meek.SCALE)
    return result, meek.MAX_ITERATIONS


def plainly(function, *args, **kwargs):
    with (
        mock.patch.object(stv, "Piles", PlainPiles),
        mock.patch.object(irv, "Piles", PlainPiles),
        mock.patch.object(meek.MeekCount, "converge", plain_converge),
    ):
        return function(*args, **kwargs)


def random_election(rng: random.Random, ballots: int, candidates: int) -> tuple[list, list]:
    """Ballots with structure: popular candidates, and many ballots alike."""
    ids = list(range(1, candidates + 1))
    weights = [rng.random() ** 2 + 0.05 for _ in ids]
    result = []
    for _ in range(ballots):
        order = sorted(ids, key=lambda c: rng.expovariate(weights[c - 1]))
        result.append(order[: rng.randint(1, candidates)])
    return ids, result


@settings(max_examples=150, deadline=None)
@given(elections(min_candidates=2), st.data())
def test_stv_and_irv_equal_the_paper_by_paper_count(election, data):
    candidates, groups = election
    seats = data.draw(st.integers(1, len(candidates)), label="seats")
    precision = data.draw(st.sampled_from([None, 5]), label="precision")
    ballots = expand(groups)

    fast = scottish_stv(ballots, candidates, seats=seats, seed=1, precision=precision)
    plain = plainly(scottish_stv, ballots, candidates, seats=seats, seed=1, precision=precision)

    assert result_to_data(fast) == result_to_data(plain)
    assert result_to_data(instant_runoff(ballots, candidates, seed=1)) == result_to_data(
        plainly(instant_runoff, ballots, candidates, seed=1)
    )


@settings(max_examples=60, deadline=None)
@given(elections(min_candidates=2, max_candidates=6), st.data())
def test_meek_and_sequential_equal_the_plain_count(election, data):
    candidates, groups = election
    seats = data.draw(st.integers(1, len(candidates)), label="seats")
    ballots = expand(groups)

    fast = meek_stv(ballots, candidates, seats=seats, seed=1)
    plain = plainly(meek_stv, ballots, candidates, seats=seats, seed=1)

    assert result_to_data(fast) == result_to_data(plain)
    assert result_to_data(sequential_stv(ballots, candidates, seed=1)) == result_to_data(
        plainly(sequential_stv, ballots, candidates, seed=1)
    )


def test_larger_elections_with_many_transfers_count_the_same():
    rng = random.Random(20260501)
    for size, count, seats in [(400, 12, 5), (300, 9, 1), (250, 16, 8)]:
        candidates, ballots = random_election(rng, size, count)
        for precision in (None, 5):
            fast = scottish_stv(ballots, candidates, seats=seats, seed=2, precision=precision)
            plain = plainly(
                scottish_stv, ballots, candidates, seats=seats, seed=2, precision=precision
            )
            assert result_to_data(fast) == result_to_data(plain)
        assert len({len(stage.transfers) for stage in fast.stages}) > 1
        assert result_to_data(meek_stv(ballots, candidates, seats=seats, seed=2)) == (
            result_to_data(plainly(meek_stv, ballots, candidates, seats=seats, seed=2))
        )


def plain_members_pairwise(ballots, candidates) -> dict:
    """d[a, b]: ballots ranking a above b, an unranked b below every ranked candidate."""
    d = {(a, b): 0 for a in candidates for b in candidates if a != b}
    for ballot in ballots:
        place = {c: i for i, c in enumerate(ballot)}
        for a, b in d:
            if a in place and place[a] < place.get(b, len(candidates)):
                d[(a, b)] += 1
    return d


def plain_strongest_paths(d: dict, candidates) -> dict:
    p = {(a, b): d[(a, b)] if d[(a, b)] > d[(b, a)] else 0 for (a, b) in d}
    for i in candidates:
        for j in candidates:
            for k in candidates:
                if len({i, j, k}) == 3:
                    p[(j, k)] = max(p[(j, k)], min(p[(j, i)], p[(i, k)]))
    return p


@settings(max_examples=100, deadline=None)
@given(elections(min_candidates=2))
def test_schulze_matrices_equal_the_pair_by_pair_count(election):
    candidates, groups = election
    ballots = expand(groups)

    result = schulze_order(ballots, candidates, seed=1)

    assert result.pairwise == plain_members_pairwise(ballots, candidates)
    assert result.strongest == plain_strongest_paths(result.pairwise, candidates)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.lists(st.sampled_from("ABCDEFxy"), max_size=9), max_size=12),
    st.permutations("ABCDEF"),
)
def test_committee_pairwise_counts_pairs_ranked_both_at_their_last_place(rankings, candidates):
    # Entries that are not candidates (x, y) are ignored; a repeated one counts where it is
    # last, as the committee's counting always did.
    expected = {(a, b): 0 for a in candidates for b in candidates if a != b}
    for ranking in rankings:
        place = {c: i for i, c in enumerate(ranking)}
        for a, b in expected:
            if a in place and b in place and place[a] < place[b]:
                expected[(a, b)] += 1

    d = pairwise_preferences(rankings, candidates)

    assert d == expected and list(d) == list(expected)
    assert strongest_paths(d, candidates) == plain_strongest_paths(d, candidates)


@settings(max_examples=100, deadline=None)
@given(elections(min_candidates=1))
def test_the_ballot_box_groups_like_a_plain_counter(election):
    candidates, groups = election
    ballots = expand(groups)
    position = {c: i for i, c in enumerate(candidates)}
    plain = Counter(tuple(b) for b in ballots)

    box = ballot_box(ballots, candidates)
    # A ballot that is not a list takes every ballot through the one-by-one check.
    checked_one_by_one = ballot_box([*ballots, "AB", ["A", "A"], [], ["Q"]], candidates)

    assert box.groups == tuple(sorted(plain.items(), key=lambda g: [position[c] for c in g[0]]))
    assert checked_one_by_one.groups == box.groups
    assert (checked_one_by_one.total, checked_one_by_one.blank) == (box.total + 4, 1)
    assert checked_one_by_one.invalid == 3


def test_more_than_255_candidates_are_coded_as_tuples():
    candidates = list(range(300))
    ballots = [[299, 0, 256], [299, 0, 256], [5], [256, 256]]

    box = ballot_box(ballots, candidates)

    assert box.groups == (((5,), 1), ((299, 0, 256), 2))
    assert box.invalid == 1
    assert scottish_stv(ballots, candidates, seats=1, seed=1).elected == (299,)
