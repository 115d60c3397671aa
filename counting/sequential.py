"""Sequential STV: one ranking of all candidates (a candidate list) from ranked ballots.

Place 1 goes to the instant-runoff winner (the one-seat STV winner). Place *k* goes to the
candidate that a Scottish STV count for *k* seats elects besides the candidates of places
1 ... k-1. Those earlier winners stay fixed: in the count for place *k* they are *protected*,
never excluded, and elected as soon as they reach the quota (their surplus passing on as
usual) or, at the latest, when the one free seat has been taken. The other candidates compete
for that free seat exactly as in Scottish STV: the first of them to reach the quota takes it
(several at once: most votes first), and when no more of them continue than free seats are
left, the last one takes it. So each place is decided by the count for that many seats, and a
candidate placed higher never drops, which a plain STV count for *k* seats does not promise.

Every place keeps its whole count (stages, transfers, tie-breaks). All counts draw ties from
one lot order, so a tie between the same candidates is drawn the same way at every place.
Should nobody cast a valid ballot, instant-runoff elects nobody; place 1 then comes from the
one-seat STV count, which fills its seat by exclusions decided by lots.
"""

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

from counting import irv
from counting.ballots import ballot_box
from counting.results import CountResult
from counting.stv import ScottishCount
from counting.ties import Lots, LotsRecord, TieBreak


@dataclass(frozen=True)
class SequentialResult:
    candidates: tuple
    order: tuple  # place 1 first
    counts: tuple[CountResult, ...]  # counts[k - 1] decided place k
    ballots: int
    valid: int
    blank: int
    invalid: int
    lots: LotsRecord | None
    method: str = "sequential"

    @property
    def tie_breaks(self) -> tuple[TieBreak, ...]:
        return tuple(tie for count in self.counts for tie in count.tie_breaks)


def sequential_stv(
    ballots: Iterable[Sequence[Hashable]],
    candidates: Sequence[Hashable],
    *,
    places: int | None = None,
    seed: str | int | None = None,
) -> SequentialResult:
    """Order ``candidates`` (the first ``places`` of them, default all) by sequential STV."""
    box = ballot_box(ballots, candidates)
    lots = Lots(box.candidates, seed)
    places = len(box.candidates) if places is None else min(places, len(box.candidates))
    order: list = []
    counts: list[CountResult] = []
    for place in range(1, places + 1):
        if place == 1:
            count = irv.count_box(box, lots)
            if not count.elected:
                count = ScottishCount(box, seats=1, lots=lots).run()
        else:
            count = ScottishCount(box, seats=place, lots=lots, protected=order).run()
        newcomers = [c for c in count.elected if c not in order]
        if len(newcomers) != 1:  # pragma: no cover - the count guarantees one free seat
            raise AssertionError(f"place {place}: expected one new candidate, got {newcomers}")
        order.append(newcomers[0])
        counts.append(count)
    return SequentialResult(
        candidates=box.candidates,
        order=tuple(order),
        counts=tuple(counts),
        ballots=box.total,
        valid=box.valid,
        blank=box.blank,
        invalid=box.invalid,
        lots=lots.record,
    )
