"""Meek STV: several seats, with keep values (B. L. Meek 1969; the algorithm of Hill, Wichmann
and Woodall 1987, as in the New Zealand local-election rules).

Every candidate has a *keep value*: 1 while hopeful, 0 once excluded, and for an elected
candidate the share of each vote reaching them that they keep. Each valid ballot carries one
vote down its ranking: each candidate on it keeps ``weight * keep value`` and passes the rest
to the next; what is left after the last preference is *excess* (exhausted). So a surplus
flows on to every later preference at once, also through candidates elected before, and
nothing depends on the order of transfers.

- **Quota**: (valid votes - excess) / (seats + 1), so it falls as votes are exhausted.
- **Iteration**: after each distribution, every elected candidate's keep value becomes
  ``keep * quota / votes``; repeat until the elected candidates' surpluses together are
  below 10⁻⁶ (or stop falling), or a hopeful candidate reaches the quota.
- **Election**: hopeful candidates reaching the quota are elected, most votes first (ties:
  look back, then lots). **Exclusion**: otherwise the hopeful candidate with the fewest votes
  is excluded (same tie rules) and the count iterates again.
- **Last seats**: when no more hopeful candidates remain than seats are left, they are all
  elected.

Precision, as in the New Zealand rules: fractions with nine decimal places. A candidate's part
of a vote is rounded down to 10⁻⁹, a keep value is rounded up to 10⁻⁹, the quota is the total
rounded down to 10⁻⁹ plus 10⁻⁹ (so reaching it means having more than the exact share). All
other arithmetic is exact ``Fraction`` arithmetic; nothing is lost, since what a candidate
does not keep passes on.
"""

import math
from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

from counting.ballots import BallotBox, ballot_box
from counting.results import CountResult, Stage, StageKind, Transfer
from counting.ties import Lots, TieBreaker, TiePurpose

PLACES = 9
SCALE = 10**PLACES
TOLERANCE = Fraction(1, 10**6)
MAX_ITERATIONS = 1000

# The count works in whole *units* of 10⁻⁹. Every number it keeps is a multiple of the unit
# (a weight starts at 1 and loses parts rounded to the unit; keep values and the quota are
# rounded to it; votes, flows and the excess are sums of such numbers times whole numbers of
# ballots), so whole numbers give exactly the fractions of the rules above: for a weight w
# and a keep value k, in units, the part kept is floor(w * k / SCALE); the quota is
# floor((valid * SCALE - excess) / (seats + 1)) + 1; a new keep value is
# ceil(k * quota / votes). The result shows them as fractions again.
TOLERANCE_UNITS = int(TOLERANCE * SCALE)


@dataclass(frozen=True)
class Distribution:
    votes: dict
    excess: Fraction
    quota: Fraction
    flows: dict  # (from, to or None) -> [value, papers]: what passes on from a candidate


def _units(value: int) -> Fraction:
    return Fraction(value, SCALE)


def _distribute(groups, keep: list[int], size: int) -> tuple[list[int], int]:
    """Votes per candidate (by position) and the excess, in units; no flows."""
    votes = [0] * size
    excess = 0
    for ranking, count in groups:
        weight = SCALE
        for candidate in ranking:
            part = weight * keep[candidate] // SCALE
            votes[candidate] += part * count
            weight -= part
            if not weight:
                break
        else:
            excess += weight * count
    return votes, excess


def _quota(valid: int, excess: int, seats: int) -> int:
    return (valid * SCALE - excess) // (seats + 1) + 1


def _flows(groups, keep: list[int]) -> dict:
    """(from, to or None) -> [value, papers] by position, in units: what each candidate
    passed on to the next, as the distribution with these keep values leaves it."""
    flows: dict = defaultdict(lambda: [0, 0])
    for ranking, count in groups:
        weight = SCALE
        passer = None  # the candidate that passed the current weight on
        for candidate in ranking:
            if passer is not None:
                flow = flows[(passer, candidate)]
                flow[0] += weight * count
                flow[1] += count
            weight -= weight * keep[candidate] // SCALE
            if not weight:
                passer = None
                break
            passer = candidate
        if weight and passer is not None:
            flow = flows[(passer, None)]
            flow[0] += weight * count
            flow[1] += count
    return flows


def _walks(box: BallotBox, hopeful: set[int], excluded: set[int]) -> list[tuple]:
    """The groups as the distribution walks them while no candidate changes status: an
    excluded candidate (keep 0) keeps nothing and is left out, and the walk ends at the first
    hopeful candidate (keep 1), who keeps all. Equal walks are merged."""
    walks: dict = {}
    for ranking, count in box.coded:
        walk = []
        for candidate in ranking:
            if candidate not in excluded:
                walk.append(candidate)
                if candidate in hopeful:
                    break
        walk = tuple(walk)
        walks[walk] = walks.get(walk, 0) + count
    return list(walks.items())


def _distribution(box: BallotBox, keep: list[int], votes, excess: int, seats: int):
    candidates = box.candidates

    def candidate(position):
        return None if position is None else candidates[position]

    return Distribution(
        votes={c: _units(v) for c, v in zip(candidates, votes, strict=True)},
        excess=_units(excess),
        quota=_units(_quota(box.valid, excess, seats)),
        flows={
            (candidates[source], candidate(target)): [_units(value), papers]
            for (source, target), (value, papers) in _flows(box.coded, keep).items()
        },
    )


class MeekCount:
    def __init__(self, box: BallotBox, *, seats: int, lots: Lots):
        if seats < 1:
            raise ValueError("An STV count needs at least one seat.")
        self.box = box
        self.seats = seats
        self.lots = lots
        self.keep = dict.fromkeys(box.candidates, Fraction(1))
        self.elected: list = []
        self.excluded: list = []
        self.stages: list[Stage] = []
        self.breaker = TieBreaker(lots)

    def hopeful(self) -> list:
        return [c for c in self.box.candidates if c not in self.elected and c not in self.excluded]

    def converge(self) -> tuple[Distribution, int]:
        """Distribute and adjust the keep values until they settle (in units, see above)."""
        candidates = self.box.candidates
        position = {c: index for index, c in enumerate(candidates)}
        keep = [math.floor(self.keep[c] * SCALE) for c in candidates]
        hopeful = [position[c] for c in self.hopeful()]
        elected = [position[c] for c in self.elected]
        # The statuses do not change while converging, so neither do the walks.
        walks = _walks(self.box, set(hopeful), {position[c] for c in self.excluded})
        previous_surplus = None
        for iteration in range(1, MAX_ITERATIONS + 1):  # noqa: B007 - reported below
            distributed = list(keep)  # the keep values of this distribution
            votes, excess = _distribute(walks, keep, len(candidates))
            quota = _quota(self.box.valid, excess, self.seats)
            if any(votes[c] >= quota for c in hopeful):
                break
            surplus = sum(max(votes[c] - quota, 0) for c in elected)
            settled = surplus < TOLERANCE_UNITS or (
                previous_surplus is not None and surplus >= previous_surplus
            )
            if not elected or settled:
                break
            previous_surplus = surplus
            for c in elected:
                if votes[c]:
                    keep[c] = min(SCALE, -(-keep[c] * quota // votes[c]))  # rounded up
        for c, value in zip(candidates, keep, strict=True):
            self.keep[c] = _units(value)
        distribution = _distribution(self.box, distributed, votes, excess, self.seats)
        return distribution, iteration

    def run(self) -> CountResult:
        distribution = None
        while len(self.elected) < self.seats and self.hopeful():
            records_before = len(self.breaker.records)
            distribution, iterations = self.converge()
            votes, keep_values = distribution.votes, dict(self.keep)
            self.breaker.end_stage(votes)
            seats_left = self.seats - len(self.elected)
            reaching = [c for c in self.hopeful() if votes[c] >= distribution.quota]
            if len(self.hopeful()) <= seats_left:
                kind, subject, elected = StageKind.FILL, None, self._elect(self.hopeful(), votes)
            elif reaching:
                kind, subject, elected = StageKind.ELECTION, None, self._elect(reaching, votes)
            else:
                kind, subject, elected = StageKind.EXCLUSION, self._exclude(votes), ()
            self.stages.append(
                Stage(
                    number=len(self.stages) + 1,
                    kind=kind,
                    subject=subject,
                    votes=votes,
                    exhausted=distribution.excess,
                    transfers=self._transfers(distribution),
                    elected=elected,
                    tie_breaks=tuple(self.breaker.records[records_before:]),
                    quota=distribution.quota,
                    keep_values=keep_values,
                    iterations=iterations,
                )
            )
        return self._result(distribution)

    def _elect(self, candidates: list, votes: dict) -> tuple:
        seats_left = self.seats - len(self.elected)
        ordered = self.breaker.order(candidates, votes, purpose=TiePurpose.ELECTION_ORDER)
        self.elected.extend(ordered[:seats_left])
        return tuple(ordered[:seats_left])

    def _exclude(self, votes: dict) -> Hashable:
        hopeful = self.hopeful()
        lowest = min(votes[c] for c in hopeful)
        tied = [c for c in hopeful if votes[c] == lowest]
        candidate = self.breaker.pick(tied, lowest=True, purpose=TiePurpose.EXCLUSION)
        self.excluded.append(candidate)
        self.keep[candidate] = Fraction(0)
        return candidate

    def _transfers(self, distribution: Distribution) -> tuple[Transfer, ...]:
        position = {c: index for index, c in enumerate(self.box.candidates)}

        def order(item):
            (source, target), _ = item
            return position[source], len(position) if target is None else position[target]

        return tuple(
            Transfer(source, target, value, papers)
            for (source, target), (value, papers) in sorted(distribution.flows.items(), key=order)
        )

    def _result(self, distribution: Distribution | None) -> CountResult:
        return CountResult(
            method="meek",
            candidates=self.box.candidates,
            seats=self.seats,
            ballots=self.box.total,
            valid=self.box.valid,
            blank=self.box.blank,
            invalid=self.box.invalid,
            quota=distribution.quota if distribution else None,
            elected=tuple(self.elected),
            excluded=tuple(self.excluded),
            stages=tuple(self.stages),
            tie_breaks=tuple(self.breaker.records),
            lots=self.lots.record,
            precision=PLACES,
        )


def meek_stv(
    ballots: Iterable[Sequence[Hashable]],
    candidates: Sequence[Hashable],
    *,
    seats: int,
    seed: str | int | None = None,
) -> CountResult:
    box = ballot_box(ballots, candidates)
    return MeekCount(box, seats=seats, lots=Lots(box.candidates, seed)).run()
