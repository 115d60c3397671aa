"""Ballot papers in piles, one pile per candidate, moved on to the next available preference.

Shared by instant-runoff and Scottish STV. A paper stands for a group of identical ballots
(``counting.ballots``): their ranking (coded: candidate positions), how many they are
and the position on the ranking of the candidate whose pile holds them. The *next available
preference* is the next candidate on the ranking who is still continuing (neither elected
nor excluded).

Every paper also carries a value (1 until a surplus reduced it). Papers of equal value lie
together in a *parcel* of the pile, so a transfer computes each new value once per parcel,
not once per paper, and sums each candidate's share with whole numbers over one common
denominator. Each pile's total is kept as papers come and go. All of it is exact: the totals,
transfers and exhausted votes are the very fractions a paper-by-paper count gives.
"""

import math
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from fractions import Fraction
from operator import mul

from counting.ballots import BallotBox
from counting.results import Transfer

ZERO = Fraction(0)


@dataclass(frozen=True)
class Moved:
    transfers: tuple[Transfer, ...]  # to each candidate, then the exhausted ones (target None)
    exhausted: Fraction

    @property
    def total(self) -> Fraction:
        return sum((t.value for t in self.transfers), Fraction(0))


class Piles:
    def __init__(self, box: BallotBox):
        self.candidates = box.candidates
        self.continuing = set(box.candidates)
        self._index = {candidate: index for index, candidate in enumerate(box.candidates)}
        size = len(box.candidates)
        # _parcels[i]: (numerator, denominator) of a value -> [value, papers]; a paper is
        # (coded ranking, position of the holder on it, number of ballots).
        self._parcels: list[dict] = [{} for _ in range(size)]
        self._votes = [ZERO] * size
        first: list[list] = [[] for _ in range(size)]
        for ranking, count in box.coded:
            first[ranking[0]].append((ranking, 0, count))
        for index, papers in enumerate(first):
            if papers:
                self._parcels[index][(1, 1)] = [Fraction(1), papers]
                self._votes[index] = Fraction(sum(paper[2] for paper in papers))

    def votes(self, candidate: Hashable) -> Fraction:
        return self._votes[self._index[candidate]]

    def move(self, source: Hashable, value_of: Callable[[Fraction], Fraction]) -> Moved:
        """Move every paper of ``source`` (no longer continuing) to its next available
        preference; a paper of value v goes on at the value ``value_of(v)``. Papers without
        a next available preference are exhausted."""
        index = self._index[source]
        parcels = self._parcels[index]
        self._parcels[index] = {}
        self._votes[index] = ZERO
        size = len(self.candidates)
        open_ = [candidate in self.continuing for candidate in self.candidates]
        received = []  # per parcel: the new value, the papers and ballots each target gets
        for value, papers in parcels.values():
            piles: list[list] = [[] for _ in range(size)]
            ballots = [0] * (size + 1)  # the last: exhausted
            exhausted = 0
            for ranking, position, count in papers:
                for place in range(position + 1, len(ranking)):
                    target = ranking[place]
                    if open_[target]:
                        piles[target].append((ranking, place, count))
                        ballots[target] += count
                        break
                else:
                    exhausted += count
            ballots[size] = exhausted
            received.append((value_of(value), piles, ballots))
        transfers = self._transfers(source, received)
        for new_value, piles, _ in received:
            key = (new_value.numerator, new_value.denominator)
            for target, papers in enumerate(piles):
                if papers:
                    parcel = self._parcels[target].get(key)
                    if parcel is None:
                        self._parcels[target][key] = [new_value, papers]
                    else:
                        parcel[1].extend(papers)
        for transfer in transfers:
            if transfer.target is not None:
                target = self._index[transfer.target]
                self._votes[target] += transfer.value
        exhausted = transfers[-1].value if transfers and transfers[-1].target is None else ZERO
        return Moved(transfers=transfers, exhausted=exhausted)

    def _transfers(self, source: Hashable, received: list) -> tuple[Transfer, ...]:
        """What each target received: the sum of value x ballots over the parcels, in whole
        numbers over the least common denominator of the new values."""
        if not received:
            return ()
        denominator = math.lcm(*(new_value.denominator for new_value, _, _ in received))
        factors = [
            new_value.numerator * (denominator // new_value.denominator)
            for new_value, _, _ in received
        ]
        columns = zip(*(ballots for _, _, ballots in received), strict=True)
        targets = (*self.candidates, None)
        return tuple(
            Transfer(source, target, Fraction(sum(map(mul, factors, column)), denominator), papers)
            for target, column in zip(targets, columns, strict=True)
            if (papers := sum(column))
        )
