"""Ranked ballots: validation and grouping, shared by every ranked method.

A ballot is a sequence of candidate ids, best first, of any length. It is
- *blank* when it ranks nobody: reported, but not valid for the quota or a majority (blank
  and invalid votes do not count toward a majority, docs/architecture.md);
- *invalid* when it names an unknown candidate, names one twice, or is not a sequence at
  all: reported, never counted;
- *valid* otherwise.

Identical valid ballots are grouped (ranking → number of ballots) and the groups are put in a
canonical order, so no count depends on the order in which the ballots arrive. The counts
work on the groups *coded*: each ranking as the positions of its candidates in the list of
candidates, a ``bytes`` string when there are fewer than 256 candidates (compact, hashed and
compared in C) and a tuple of ints otherwise. ``groups`` gives the same groups with the
candidate ids, in the same order.
"""

from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import repeat

Candidate = Hashable
Coded = bytes | tuple  # a ranking as candidate positions


@dataclass(frozen=True)
class BallotBox:
    candidates: tuple
    coded: tuple[tuple[Coded, int], ...]  # (ranking as positions, number of ballots)
    total: int
    blank: int
    invalid: int

    @property
    def valid(self) -> int:
        return self.total - self.blank - self.invalid

    @cached_property
    def groups(self) -> tuple[tuple[tuple, int], ...]:
        """(ranking, number of ballots with that ranking), in the canonical order."""
        candidates = self.candidates
        return tuple((tuple(candidates[i] for i in ranking), n) for ranking, n in self.coded)


def check_candidates(candidates: Iterable[Candidate]) -> tuple:
    candidates = tuple(candidates)
    if len(set(candidates)) != len(candidates):
        raise ValueError("Candidate ids must be unique.")
    return candidates


def ballot_box(ballots: Iterable, candidates: Iterable[Candidate]) -> BallotBox:
    candidates = check_candidates(candidates)
    ballots = ballots if isinstance(ballots, list | tuple) else list(ballots)
    position = {candidate: index for index, candidate in enumerate(candidates)}.__getitem__
    code = bytes if len(candidates) < 256 else tuple
    counts: Counter | None = None
    if set(map(type, ballots)) <= {list, tuple}:
        try:  # the usual case, coded in C: lists of known candidates
            counts = Counter(map(code, map(map, repeat(position), ballots)))
        except (KeyError, TypeError):  # an unknown candidate; an unhashable entry is none
            counts = None
    invalid = 0
    if counts is None:
        counts, invalid = _count_one_by_one(ballots, position, code)
    blank = counts.pop(code(), 0)
    rankings = sorted(counts)  # positions in lexicographic order: the canonical order
    distinct = list(map(len, map(set, rankings)))
    coded = []
    for ranking, size in zip(rankings, distinct, strict=True):
        if size == len(ranking):
            coded.append((ranking, counts[ranking]))
        else:  # a candidate ranked twice
            invalid += counts[ranking]
    return BallotBox(
        candidates=candidates,
        coded=tuple(coded),
        total=len(ballots),
        blank=blank,
        invalid=invalid,
    )


def _count_one_by_one(ballots: Sequence, position, code) -> tuple[Counter, int]:
    counts: Counter = Counter()
    invalid = 0
    for ballot in ballots:
        if isinstance(ballot, str | bytes) or not isinstance(ballot, Sequence):
            invalid += 1
            continue
        try:
            counts[code(map(position, ballot))] += 1
        except (KeyError, TypeError):
            invalid += 1
    return counts, invalid
