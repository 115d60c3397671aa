"""Breaking ties, deterministically and on the record.

Two rules, in this order:

1. **Look back** (Scottish STV rules 49(2) and 51(2)): go back through the earlier stages of the
   same count, most recent first. At the first stage where the tied candidates had unequal
   votes, the one with the fewest votes there is excluded (for an exclusion), or the one with
   the most votes there goes first (for the order of election or of surplus transfers). When
   more than two are tied, each earlier stage narrows the tie to those with the fewest (most)
   votes there, until one is left.
2. **Lots** when the candidates were equal at every stage (rules 49(3) and 51(2)(b)): once per
   tally, the candidates, in the order the caller lists them (the ballot-paper order, which
   the ballot export keeps), are shuffled by ``random.Random(seed)``. That *lot order* decides
   every tie left: the first of the tied in the lot order is favoured (elected or placed
   first), the last of them is excluded. Anyone with the seed and the list of candidates can
   draw the same order again. Without a seed, one is drawn (``secrets``) the first time lots
   are needed, and recorded in the result like a given one.

Every tie-break that was applied is recorded: what it decided, who was tied, who was chosen,
and by which rule (for a look-back, the stage that decided it).
"""

import random
import secrets
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction


class TiePurpose(StrEnum):
    EXCLUSION = "exclusion"
    ELECTION_ORDER = "election_order"
    SURPLUS_ORDER = "surplus_order"
    PLACE = "place"


class TieRule(StrEnum):
    LOOK_BACK = "look_back"
    LOTS = "lots"


@dataclass(frozen=True)
class TieBreak:
    purpose: TiePurpose
    tied: tuple
    chosen: Hashable
    rule: TieRule
    stage: int | None = None  # look-back: the earlier stage whose votes decided
    drawn_among: tuple = ()  # lots: those still tied after looking back


@dataclass(frozen=True)
class LotsRecord:
    seed: str
    generated: bool  # True when no seed was given and the tally drew one
    order: tuple  # the lot order: favoured first


class Lots:
    """The lot order of one tally, drawn only when a tie needs it."""

    def __init__(self, candidates: Iterable[Hashable], seed: str | int | None = None):
        self.candidates = tuple(candidates)
        # A seed is used as text, so ``42`` and ``"42"`` (from the command line) draw alike.
        self.seed = None if seed is None else str(seed)
        self._order: tuple | None = None
        self._generated = False

    @property
    def order(self) -> tuple:
        if self._order is None:
            if self.seed is None:
                self.seed = secrets.token_hex(16)
                self._generated = True
            order = list(self.candidates)
            random.Random(self.seed).shuffle(order)  # noqa: S311 - reproducible on purpose
            self._order = tuple(order)
        return self._order

    @property
    def record(self) -> LotsRecord | None:
        if self._order is None:
            return None
        return LotsRecord(seed=self.seed, generated=self._generated, order=self._order)

    def favourite(self, tied: Iterable[Hashable]) -> Hashable:
        tied = set(tied)
        return next(c for c in self.order if c in tied)

    def least(self, tied: Iterable[Hashable]) -> Hashable:
        tied = set(tied)
        return next(c for c in reversed(self.order) if c in tied)


class TieBreaker:
    """Keeps the vote totals of each stage of one count and breaks its ties."""

    def __init__(self, lots: Lots):
        self.lots = lots
        self.history: list[dict[Hashable, Fraction]] = []  # history[i]: totals after stage i+1
        self.records: list[TieBreak] = []

    def end_stage(self, votes: Mapping[Hashable, Fraction]) -> None:
        self.history.append(dict(votes))

    def pick(self, tied: Iterable[Hashable], *, lowest: bool, purpose: TiePurpose) -> Hashable:
        """One of ``tied`` (equal now, at the latest stage): the lowest or the highest."""
        tied = tuple(tied)
        if len(tied) == 1:
            return tied[0]
        remaining = tied
        for index in range(len(self.history) - 2, -1, -1):
            votes = self.history[index]
            values = {c: votes.get(c, 0) for c in remaining}
            target = min(values.values()) if lowest else max(values.values())
            remaining = tuple(c for c in remaining if values[c] == target)
            if len(remaining) == 1:
                chosen = remaining[0]
                self.records.append(
                    TieBreak(purpose, tied, chosen, TieRule.LOOK_BACK, stage=index + 1)
                )
                return chosen
        chosen = self.lots.least(remaining) if lowest else self.lots.favourite(remaining)
        self.records.append(TieBreak(purpose, tied, chosen, TieRule.LOTS, drawn_among=remaining))
        return chosen

    def order(
        self, candidates: Iterable[Hashable], votes: Mapping[Hashable, Fraction], *, purpose
    ) -> list:
        """``candidates`` by their votes, most first; equal votes ordered by ``pick``."""
        result: list = []
        ranked = sorted(candidates, key=lambda c: -votes[c])
        while ranked:
            level = votes[ranked[0]]
            group = [c for c in ranked if votes[c] == level]
            ranked = ranked[len(group) :]
            while len(group) > 1:
                first = self.pick(group, lowest=False, purpose=purpose)
                result.append(first)
                group.remove(first)
            result.extend(group)
        return result
