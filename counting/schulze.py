"""The Schulze method for a ballot of members: a full order of the candidates.

The widest-path computation is ``counting.schulze_paths`` (shared with the committee's
ordering); two things differ for members' ballots, and only those are done here:

- **Unranked candidates come last.** A member who ranks A and B and leaves C out prefers A
  and B to C (the usual reading of a ranked ballot, and the one that makes a candidate ranked
  first by a majority the winner). The committee's version instead reads a left-out
  application as "no opinion", because a member with a conflict of interest must leave it
  out. So the pairwise counts are the pairs ranked both (as ``counting.schulze_paths``) plus,
  per ballot, every ranked candidate over every unranked one: ``d[a, b]`` is the number of
  ballots that rank a, less those that rank b before a (``schulze_paths.precedence`` counts
  both in one pass over the grouped ballots).
- **Ties by lots.** Candidates are ordered by how many others they beat (``d[a, b]`` is the
  number of ballots preferring a to b, ``p[a, b]`` the strength of the strongest path from a
  to b; a beats b when p[a, b] > p[b, a]). Candidates that beat equally many are unrelated by
  the Schulze relation; their order is drawn by lots (``counting.ties``) and recorded.
"""

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

from counting.ballots import BallotBox, ballot_box
from counting.schulze_paths import precedence, widest_paths
from counting.ties import Lots, LotsRecord, TieBreak, TieBreaker, TiePurpose


@dataclass(frozen=True)
class SchulzeResult:
    candidates: tuple
    order: tuple
    pairwise: dict  # (a, b) -> ballots preferring a to b
    strongest: dict  # (a, b) -> strength of the strongest path from a to b
    wins: dict  # candidate -> how many candidates they beat
    ballots: int
    valid: int
    blank: int
    invalid: int
    tie_breaks: tuple[TieBreak, ...]
    lots: LotsRecord | None
    method: str = "schulze"


def members_pairwise(box: BallotBox) -> list[list[int]]:
    """``d[a][b]`` by candidate position: the ballots preferring a to b, an unranked b
    counting as below every ranked candidate."""
    upto = precedence(box.coded, len(box.candidates))
    return [
        [row[a] - row[b] if a != b else 0 for b in range(len(row))] for a, row in enumerate(upto)
    ]


def _by_pairs(matrix: list[list[int]], candidates: Sequence) -> dict:
    return {
        (a, b): matrix[i][j]
        for i, a in enumerate(candidates)
        for j, b in enumerate(candidates)
        if i != j
    }


def schulze_order(
    ballots: Iterable[Sequence[Hashable]],
    candidates: Sequence[Hashable],
    *,
    seed: str | int | None = None,
) -> SchulzeResult:
    box = ballot_box(ballots, candidates)
    candidates = list(box.candidates)
    d = members_pairwise(box)
    p = widest_paths(d)
    size = len(candidates)
    wins = {
        a: sum(1 for j in range(size) if i != j and p[i][j] > p[j][i])
        for i, a in enumerate(candidates)
    }
    lots = Lots(candidates, seed)
    breaker = TieBreaker(lots)
    order = breaker.order(candidates, wins, purpose=TiePurpose.PLACE)
    return SchulzeResult(
        candidates=box.candidates,
        order=tuple(order),
        pairwise=_by_pairs(d, candidates),
        strongest=_by_pairs(p, candidates),
        wins=wins,
        ballots=box.total,
        valid=box.valid,
        blank=box.blank,
        invalid=box.invalid,
        tie_breaks=tuple(breaker.records),
        lots=lots.record,
    )
