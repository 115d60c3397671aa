"""The Schulze method's maths: one order out of many rankings (Schulze 2011; the widest-path
form). The committee orders applications with ``schulze`` (``review.services``); the members'
ranked polls count with ``counting.schulze`` on ``precedence`` and ``widest_paths``.

A ranking lists candidates best first. A voter says nothing about a pair unless they ranked
both: a committee member never ranks an application they have a conflict with, and that must
not count against it. Ties in the final order are broken by the order of ``candidates``
(documented and deterministic: the caller passes them in a stable order).

The members' ballots can be tens of thousands: ``precedence`` adds up, in one pass over the
(grouped) rankings, how often each candidate is ranked at or after each other one, and
``widest_paths`` runs the strongest paths over plain lists. ``pairwise_preferences`` and
``strongest_paths`` give the same numbers keyed by pairs of candidates.
"""

from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class SchulzeResult:
    order: list
    candidates: list
    pairwise: dict  # (a, b) -> number of voters preferring a over b
    strongest: dict  # (a, b) -> strength of the strongest path from a to b


def precedence(groups: Iterable[tuple[Sequence[int], int]], size: int) -> list[list[int]]:
    """``upto[a][b]``: the number of ballots that rank ``a`` and rank ``b`` at or before it
    (so ``upto[a][a]`` is the number that rank ``a`` at all). ``groups`` are (ranking, number
    of ballots) with each ranking a sequence of distinct candidate positions 0 .. size - 1.

    Each row is one integer holding ``size`` counters side by side, each ``width`` bits wide
    (enough for every ballot): walking down a ranking, the set of candidates seen so far (one
    bit per counter) is added to the row of the candidate reached, so the work per ballot is
    one addition per preference."""
    groups = list(groups)
    width = max(sum(count for _, count in groups).bit_length(), 1)
    bits = [1 << (width * index) for index in range(size)]
    rows = [0] * size
    for ranking, count in groups:
        seen = 0
        if count == 1:
            for a in ranking:
                seen |= bits[a]
                rows[a] += seen
        else:
            for a in ranking:
                seen |= bits[a]
                rows[a] += seen * count
    field = (1 << width) - 1
    return [[(row >> (width * b)) & field for b in range(size)] for row in rows]


def widest_paths(d: list[list[int]]) -> list[list[int]]:
    """The strength of the strongest path between every two candidates (by position), from
    the pairwise matrix ``d``: the Floyd-Warshall form of Schulze's widest paths."""
    size = len(d)
    p = [[d[i][j] if i != j and d[i][j] > d[j][i] else 0 for j in range(size)] for i in range(size)]
    for i in range(size):
        via_i = p[i]
        for j in range(size):
            if j == i:
                continue
            row = p[j]
            to_i = row[i]
            # p[j][k] = max(p[j][k], min(p[j][i], p[i][k])); k = i changes nothing, and the
            # diagonal (k = j) is not a path: it is put back to 0.
            p[j] = [
                x if x >= y or x >= to_i else (y if y < to_i else to_i)
                for x, y in zip(row, via_i, strict=True)
            ]
            p[j][j] = 0
    return p


def _by_pairs(matrix: list[list[int]], candidates: Sequence[Hashable]) -> dict:
    return {
        (a, b): matrix[i][j]
        for i, a in enumerate(candidates)
        for j, b in enumerate(candidates)
        if a != b
    }


def pairwise_preferences(
    rankings: Sequence[Sequence[Hashable]], candidates: Sequence[Hashable]
) -> dict:
    """(a, b) -> the number of rankings that rank both and a before b. Entries that are not
    candidates are ignored; a candidate listed twice counts at its last place."""
    candidates = list(candidates)
    index = {candidate: position for position, candidate in enumerate(candidates)}
    groups: Counter = Counter()
    for ranking in rankings:
        last = {candidate: place for place, candidate in enumerate(ranking) if candidate in index}
        groups[tuple(index[c] for c in sorted(last, key=last.__getitem__))] += 1
    upto = precedence(groups.items(), len(candidates))
    # a before b: b is ranked and a at or before it (a != b)
    return _by_pairs([list(column) for column in zip(*upto, strict=True)], candidates)


def strongest_paths(d: dict, candidates: Sequence[Hashable]) -> dict:
    candidates = list(candidates)
    matrix = [[d[(a, b)] if a != b else 0 for b in candidates] for a in candidates]
    return _by_pairs(widest_paths(matrix), candidates)


def schulze(
    rankings: Sequence[Sequence[Hashable]], candidates: Sequence[Hashable]
) -> SchulzeResult:
    candidates = list(candidates)
    d = pairwise_preferences(rankings, candidates)
    p = strongest_paths(d, candidates)
    wins = {a: sum(1 for b in candidates if a != b and p[(a, b)] > p[(b, a)]) for a in candidates}
    order = sorted(candidates, key=lambda c: (-wins[c], candidates.index(c)))
    return SchulzeResult(order=order, candidates=candidates, pairwise=d, strongest=p)
