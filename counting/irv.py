"""Instant-runoff voting (IRV): one seat.

Round 1 counts every valid ballot for its first preference. A candidate with more than half
of the votes of the *continuing* ballots (those that still rank a continuing candidate) is
elected. Otherwise the candidate with the fewest votes is excluded (ties: look back, then
lots; see ``counting.ties``) and each of their ballots goes to its next continuing
preference, or is exhausted; then the next round. The last continuing candidate holds every
continuing ballot and so is elected, unless no valid ballot was cast: then nobody is.

Blank and invalid ballots never count. Because the majority is taken of the continuing
ballots, a ballot that ranks only excluded candidates no longer weighs against anyone.
"""

from collections.abc import Hashable, Iterable, Sequence
from fractions import Fraction

from counting.ballots import BallotBox, ballot_box
from counting.piles import Piles
from counting.results import CountResult, Stage, StageKind
from counting.ties import Lots, TieBreaker, TiePurpose


def count_box(box: BallotBox, lots: Lots) -> CountResult:
    """The count itself, on validated ballots and with the lots of the tally (shared by
    sequential STV, whose places all draw from one lot order)."""
    piles = Piles(box)
    breaker = TieBreaker(lots)
    stages: list[Stage] = []
    excluded: list = []
    exhausted = Fraction(0)
    kind, subject, transfers = StageKind.FIRST_PREFERENCES, None, ()
    records_before = 0
    while True:
        votes = {
            c: piles.votes(c) if c in piles.continuing else Fraction(0) for c in box.candidates
        }
        continuing = sum(votes.values(), Fraction(0))
        breaker.end_stage(votes)
        majority = [
            c for c in box.candidates if c in piles.continuing and votes[c] * 2 > continuing
        ]
        elected = tuple(majority)  # at most one candidate can hold more than half
        stages.append(
            Stage(
                number=len(stages) + 1,
                kind=kind,
                subject=subject,
                votes=votes,
                exhausted=exhausted,
                transfers=transfers,
                elected=elected,
                tie_breaks=tuple(breaker.records[records_before:]),
                continuing=continuing,
            )
        )
        if elected or continuing == 0:
            break
        records_before = len(breaker.records)  # the exclusion's ties go with its round
        subject = _exclude_lowest(piles, votes, breaker)
        excluded.append(subject)
        moved = piles.move(subject, lambda value: value)
        exhausted += moved.exhausted
        kind, transfers = StageKind.EXCLUSION, moved.transfers
    return CountResult(
        method="irv",
        candidates=box.candidates,
        seats=1,
        ballots=box.total,
        valid=box.valid,
        blank=box.blank,
        invalid=box.invalid,
        quota=None,
        elected=elected,
        excluded=tuple(excluded),
        stages=tuple(stages),
        tie_breaks=tuple(breaker.records),
        lots=lots.record,
    )


def _exclude_lowest(piles: Piles, votes: dict, breaker: TieBreaker) -> Hashable:
    lowest = min(votes[c] for c in piles.continuing)
    tied = [c for c in piles.candidates if c in piles.continuing and votes[c] == lowest]
    candidate = breaker.pick(tied, lowest=True, purpose=TiePurpose.EXCLUSION)
    piles.continuing.discard(candidate)
    return candidate


def instant_runoff(
    ballots: Iterable[Sequence[Hashable]],
    candidates: Sequence[Hashable],
    *,
    seed: str | int | None = None,
) -> CountResult:
    box = ballot_box(ballots, candidates)
    return count_box(box, Lots(box.candidates, seed))
