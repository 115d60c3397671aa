"""The Schulze method: one order out of many rankings (Schulze 2011; the widest-path form).

A ranking lists candidates best first. A voter says nothing about a pair unless they ranked
both: a committee member never ranks an application they have a conflict with, and that must
not count against it. Ties in the final order are broken by the order of ``candidates``
(documented and deterministic: the caller passes them in a stable order).
"""

from collections.abc import Hashable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class SchulzeResult:
    order: list
    candidates: list
    pairwise: dict  # (a, b) -> number of voters preferring a over b
    strongest: dict  # (a, b) -> strength of the strongest path from a to b


def pairwise_preferences(
    rankings: Sequence[Sequence[Hashable]], candidates: Sequence[Hashable]
) -> dict:
    d = {(a, b): 0 for a in candidates for b in candidates if a != b}
    for ranking in rankings:
        position = {candidate: index for index, candidate in enumerate(ranking)}
        for a in position:
            for b in position:
                if a != b and (a, b) in d and position[a] < position[b]:
                    d[(a, b)] += 1
    return d


def strongest_paths(d: dict, candidates: Sequence[Hashable]) -> dict:
    p = {pair: (d[pair] if d[pair] > d[(pair[1], pair[0])] else 0) for pair in d}
    for i in candidates:
        for j in candidates:
            if i == j:
                continue
            for k in candidates:
                if k in (i, j):
                    continue
                p[(j, k)] = max(p[(j, k)], min(p[(j, i)], p[(i, k)]))
    return p


def schulze(
    rankings: Sequence[Sequence[Hashable]], candidates: Sequence[Hashable]
) -> SchulzeResult:
    candidates = list(candidates)
    d = pairwise_preferences(rankings, candidates)
    p = strongest_paths(d, candidates)
    wins = {a: sum(1 for b in candidates if a != b and p[(a, b)] > p[(b, a)]) for a in candidates}
    order = sorted(candidates, key=lambda c: (-wins[c], candidates.index(c)))
    return SchulzeResult(order=order, candidates=candidates, pairwise=d, strongest=p)
