"""Ranked ballots: validation and grouping, shared by every ranked method.

A ballot is a sequence of candidate ids, best first, of any length. It is
- *blank* when it ranks nobody: reported, but not valid for the quota or a majority (blank
  and invalid votes do not count toward a majority, DESIGN §5);
- *invalid* when it names an unknown candidate, names one twice, or is not a sequence at
  all: reported, never counted;
- *valid* otherwise.

Identical valid ballots are grouped (ranking → number of ballots) and the groups are put in a
canonical order, so no count depends on the order in which the ballots arrive.
"""

from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

Candidate = Hashable


@dataclass(frozen=True)
class BallotBox:
    candidates: tuple
    groups: tuple[tuple[tuple, int], ...]  # (ranking, number of ballots with that ranking)
    total: int
    blank: int
    invalid: int

    @property
    def valid(self) -> int:
        return self.total - self.blank - self.invalid


def check_candidates(candidates: Iterable[Candidate]) -> tuple:
    candidates = tuple(candidates)
    if len(set(candidates)) != len(candidates):
        raise ValueError("Candidate ids must be unique.")
    return candidates


def _as_ranking(ballot, known: set) -> tuple | None:
    """The ballot as a tuple, or None when it is invalid."""
    if isinstance(ballot, str | bytes) or not isinstance(ballot, Sequence):
        return None
    ranking = tuple(ballot)
    try:
        if len(set(ranking)) != len(ranking) or not known.issuperset(ranking):
            return None
    except TypeError:  # an unhashable entry cannot be a candidate id
        return None
    return ranking


def ballot_box(ballots: Iterable, candidates: Iterable[Candidate]) -> BallotBox:
    candidates = check_candidates(candidates)
    known = set(candidates)
    counts: Counter = Counter()
    total = blank = invalid = 0
    for ballot in ballots:
        total += 1
        ranking = _as_ranking(ballot, known)
        if ranking is None:
            invalid += 1
        elif not ranking:
            blank += 1
        else:
            counts[ranking] += 1
    position = {candidate: index for index, candidate in enumerate(candidates)}
    groups = sorted(counts.items(), key=lambda item: [position[c] for c in item[0]])
    return BallotBox(
        candidates=candidates, groups=tuple(groups), total=total, blank=blank, invalid=invalid
    )
