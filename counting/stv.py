"""Scottish STV: several seats, counted by the rules of the Scottish Local Government Elections
Order 2007 (SSI 2007/42, schedule 1, rules 45 to 52), with exact ``Fraction`` arithmetic.

- **Quota** (rule 46): the Droop quota, floor(valid ballots / (seats + 1)) + 1. Blank and
  invalid ballots are not valid ballots.
- **Election** (rule 47): a candidate whose votes reach the quota at the end of any stage is
  elected; several at once are elected in order of their votes (ties: look back, then lots).
- **Surplus** (rules 48 and 49): while seats remain, the candidate with the largest surplus
  (ties: look back, then lots) passes it on: *every* ballot paper they hold, including the
  ones they received by transfer, goes to its next continuing preference at the value
  ``surplus * value of the paper / total votes of the candidate``. The rules call this the
  transfer value and truncate it to five decimal places; this count keeps it exact unless
  ``precision=5`` is asked for, and then records the votes the truncation loses. (This is the
  weighted inclusive Gregory method of the Order: it transfers all papers of the candidate,
  not only the last parcel received, as the Irish and Northern Irish rules do.) One surplus
  per stage; a candidate is elected once and keeps exactly a quota.
- **Exclusion** (rules 50 and 51): when no surplus is left to transfer, the continuing
  candidate with the fewest votes is excluded (ties: the fewest votes at the most recent
  earlier stage where the tied had unequal votes, then lots) and all their papers move on at
  the value they carry.
- **Last seats** (rule 52): when no more candidates continue than seats are left, they are
  all elected and nothing more is transferred.

Papers with no further continuing preference are exhausted (non-transferable). ``protected``
serves sequential STV (``counting.sequential``): protected candidates are never
excluded, and the seats not reserved for them (the *free* seats) go to the others; once the
free seats are taken, the protected candidates fill the rest.
"""

import math
from collections.abc import Hashable, Iterable, Sequence
from fractions import Fraction

from counting.ballots import BallotBox, ballot_box
from counting.piles import Moved, Piles
from counting.results import CountResult, Stage, StageKind
from counting.ties import Lots, TieBreaker, TiePurpose


def droop_quota(valid: int, seats: int) -> int:
    return valid // (seats + 1) + 1


def truncate(value: Fraction, places: int) -> Fraction:
    scale = 10**places
    return Fraction(math.floor(value * scale), scale)


class ScottishCount:
    def __init__(
        self,
        box: BallotBox,
        *,
        seats: int,
        lots: Lots,
        protected: Iterable[Hashable] = (),
        precision: int | None = None,
    ):
        if seats < 1:
            raise ValueError("An STV count needs at least one seat.")
        self.box = box
        self.seats = seats
        self.protected = frozenset(protected)
        if not self.protected.issubset(box.candidates) or len(self.protected) >= max(seats, 1):
            raise ValueError("Protected candidates must be candidates, fewer than the seats.")
        self.precision = precision
        self.quota = Fraction(droop_quota(box.valid, seats))
        self.piles = Piles(box)
        self.breaker = TieBreaker(lots)
        self.lots = lots
        self.elected: list = []
        self.excluded: list = []
        self.settled: set = set()  # elected candidates whose surplus has been transferred
        self.stages: list[Stage] = []
        self.exhausted = Fraction(0)
        self._records_before = 0

    # --- the state of the count -------------------------------------------------------

    def continuing(self) -> list:
        return [c for c in self.box.candidates if c in self.piles.continuing]

    def seats_left(self) -> int:
        return self.seats - len(self.elected)

    def free_seats(self) -> int:
        waiting = sum(1 for c in self.continuing() if c in self.protected)
        return self.seats_left() - waiting

    def votes(self) -> dict:
        def total(candidate) -> Fraction:
            if candidate in self.settled:
                return self.quota
            return self.piles.votes(candidate)

        return {c: total(c) for c in self.box.candidates}

    def _value(self, value: Fraction) -> Fraction:
        return value if self.precision is None else truncate(value, self.precision)

    # --- the count ----------------------------------------------------------------------

    def run(self) -> CountResult:
        self._end_stage(StageKind.FIRST_PREFERENCES)
        while self.seats_left() > 0 and self.continuing():
            self._records_before = len(self.breaker.records)
            unprotected = [c for c in self.continuing() if c not in self.protected]
            if self.free_seats() == 0:
                self._fill([c for c in self.continuing() if c in self.protected])
                break
            if len(unprotected) <= self.free_seats():
                self._fill(self.continuing())
                break
            votes = self.votes()
            pending = [c for c in self.elected if c not in self.settled and votes[c] > self.quota]
            if pending:
                self._transfer_surplus(pending, votes)
            else:
                self._exclude_lowest(unprotected, votes)
        return self._result()

    def _end_stage(
        self,
        kind: StageKind,
        *,
        subject: Hashable | None = None,
        moved: Moved | None = None,
        **details,
    ) -> None:
        votes = self.votes()
        self.breaker.end_stage(votes)
        elected = self._elect_reaching_quota(votes)
        self.stages.append(
            Stage(
                number=len(self.stages) + 1,
                kind=kind,
                subject=subject,
                votes=votes,
                exhausted=self.exhausted,
                transfers=moved.transfers if moved else (),
                elected=elected,
                tie_breaks=tuple(self.breaker.records[self._records_before :]),
                **details,
            )
        )

    def _elect(self, candidate: Hashable) -> None:
        self.elected.append(candidate)
        self.piles.continuing.discard(candidate)

    def _elect_reaching_quota(self, votes: dict) -> tuple:
        reaching = [c for c in self.continuing() if votes[c] >= self.quota]
        newly = []
        for candidate in self.breaker.order(reaching, votes, purpose=TiePurpose.ELECTION_ORDER):
            if self.seats_left() == 0:
                break
            if candidate not in self.protected and self.free_seats() == 0:
                continue  # sequential STV: the one open place is taken
            self._elect(candidate)
            newly.append(candidate)
        return tuple(newly)

    def _transfer_surplus(self, pending: list, votes: dict) -> None:
        largest = max(votes[c] for c in pending)
        tied = [c for c in pending if votes[c] == largest]
        candidate = self.breaker.pick(tied, lowest=False, purpose=TiePurpose.SURPLUS_ORDER)
        total = votes[candidate]
        surplus = total - self.quota

        def transfer_value(value: Fraction) -> Fraction:
            return self._value(value * surplus / total)

        moved = self.piles.move(candidate, transfer_value)
        self.settled.add(candidate)
        self.exhausted += moved.exhausted
        self._end_stage(
            StageKind.SURPLUS,
            subject=candidate,
            moved=moved,
            surplus=surplus,
            transfer_value=surplus / total,
            lost=surplus - moved.total,
        )

    def _exclude_lowest(self, unprotected: list, votes: dict) -> None:
        lowest = min(votes[c] for c in unprotected)
        tied = [c for c in unprotected if votes[c] == lowest]
        candidate = self.breaker.pick(tied, lowest=True, purpose=TiePurpose.EXCLUSION)
        self.piles.continuing.discard(candidate)
        self.excluded.append(candidate)
        moved = self.piles.move(candidate, lambda value: value)
        self.exhausted += moved.exhausted
        self._end_stage(StageKind.EXCLUSION, subject=candidate, moved=moved)

    def _fill(self, candidates: list) -> None:
        votes = self.votes()
        self.breaker.end_stage(votes)
        ordered = self.breaker.order(candidates, votes, purpose=TiePurpose.ELECTION_ORDER)
        for candidate in ordered:
            self._elect(candidate)
        self.stages.append(
            Stage(
                number=len(self.stages) + 1,
                kind=StageKind.FILL,
                subject=None,
                votes=votes,
                exhausted=self.exhausted,
                elected=tuple(ordered),
                tie_breaks=tuple(self.breaker.records[self._records_before :]),
            )
        )

    def _result(self) -> CountResult:
        return CountResult(
            method="stv",
            candidates=self.box.candidates,
            seats=self.seats,
            ballots=self.box.total,
            valid=self.box.valid,
            blank=self.box.blank,
            invalid=self.box.invalid,
            quota=self.quota,
            elected=tuple(self.elected),
            excluded=tuple(self.excluded),
            stages=tuple(self.stages),
            tie_breaks=tuple(self.breaker.records),
            lots=self.lots.record,
            protected=tuple(c for c in self.box.candidates if c in self.protected),
            precision=self.precision,
        )


def scottish_stv(
    ballots: Iterable[Sequence[Hashable]],
    candidates: Sequence[Hashable],
    *,
    seats: int,
    seed: str | int | None = None,
    precision: int | None = None,
) -> CountResult:
    """Count ``ballots`` for ``seats`` seats. ``precision=5`` truncates transfer values to five
    decimal places as the Order does; the default keeps them exact."""
    box = ballot_box(ballots, candidates)
    return ScottishCount(
        box, seats=seats, lots=Lots(box.candidates, seed), precision=precision
    ).run()
