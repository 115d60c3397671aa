"""Ballot papers in piles, one pile per candidate, moved on to the next available preference.

Shared by instant-runoff and Scottish STV. A paper stands for a group of identical ballots:
their ranking, how many they are, the value each carries (1 until a surplus reduced it) and
the position of the candidate whose pile holds them. The *next available preference* is the
next candidate on the ranking who is still continuing (neither elected nor excluded).
"""

from collections import defaultdict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from fractions import Fraction

from voting.methods.ballots import BallotBox
from voting.methods.results import Transfer


@dataclass(frozen=True)
class Paper:
    ranking: tuple
    count: int
    value: Fraction
    position: int

    @property
    def votes(self) -> Fraction:
        return self.value * self.count


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
        self.papers: dict[Hashable, list[Paper]] = {c: [] for c in box.candidates}
        for ranking, count in box.groups:
            self.papers[ranking[0]].append(Paper(ranking, count, Fraction(1), 0))

    def votes(self, candidate: Hashable) -> Fraction:
        return sum((paper.votes for paper in self.papers[candidate]), Fraction(0))

    def _next_preference(self, paper: Paper) -> int | None:
        for position in range(paper.position + 1, len(paper.ranking)):
            if paper.ranking[position] in self.continuing:
                return position
        return None

    def move(self, source: Hashable, value_of: Callable[[Paper], Fraction]) -> Moved:
        """Move every paper of ``source`` (no longer continuing) to its next available
        preference, each at the value ``value_of(paper)``; papers without one are exhausted."""
        value: dict = defaultdict(Fraction)
        papers: dict = defaultdict(int)
        for paper in self.papers[source]:
            new_value = value_of(paper)
            position = self._next_preference(paper)
            target = None if position is None else paper.ranking[position]
            if target is not None:
                self.papers[target].append(Paper(paper.ranking, paper.count, new_value, position))
            value[target] += new_value * paper.count
            papers[target] += paper.count
        self.papers[source] = []
        order = [c for c in self.candidates if c in papers]
        if None in papers:
            order.append(None)
        transfers = tuple(Transfer(source, t, value[t], papers[t]) for t in order)
        return Moved(transfers=transfers, exhausted=value.get(None, Fraction(0)))
