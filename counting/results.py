"""What a count of ranked ballots returns: enough to explain every step of it.

A count (instant-runoff, Scottish STV, Meek STV) is a list of stages. Each stage says what
happened (first preferences, a surplus transferred, a candidate excluded, the last seats
filled), which votes moved from whom to whom, the totals of every candidate at its end, who
was elected or excluded at its end and which ties were broken on the way. All numbers are
exact ``Fraction`` values; ``counting.data`` turns a result into plain JSON data.
"""

from collections.abc import Hashable
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction

from counting.ties import LotsRecord, TieBreak


class StageKind(StrEnum):
    FIRST_PREFERENCES = "first_preferences"
    SURPLUS = "surplus"  # Scottish STV: one candidate's surplus transferred
    EXCLUSION = "exclusion"  # the lowest candidate excluded, their ballots transferred
    ELECTION = "election"  # Meek STV: a round that ends with candidates reaching the quota
    FILL = "fill"  # as many continuing candidates as seats left: all elected


@dataclass(frozen=True)
class Transfer:
    source: Hashable
    target: Hashable | None  # None: no further preference, the votes are exhausted
    value: Fraction
    papers: int  # the number of ballots carrying that value


@dataclass(frozen=True)
class Stage:
    number: int
    kind: StageKind
    subject: Hashable | None  # whose surplus was transferred or who was excluded
    votes: dict  # candidate -> total at the end of the stage (excluded: 0)
    exhausted: Fraction  # all exhausted votes so far
    transfers: tuple[Transfer, ...] = ()
    elected: tuple = ()  # elected at the end of this stage, in order of election
    tie_breaks: tuple[TieBreak, ...] = ()
    surplus: Fraction | None = None  # the surplus transferred (Scottish STV)
    transfer_value: Fraction | None = None  # surplus / total: the factor on each ballot's value
    lost: Fraction = Fraction(0)  # votes lost to rounding (only when a precision is set)
    continuing: Fraction | None = None  # IRV: the votes of the continuing ballots
    quota: Fraction | None = None  # Meek STV: the quota of this round
    keep_values: dict = field(default_factory=dict)  # Meek STV: candidate -> keep value
    iterations: int | None = None  # Meek STV: iterations until the keep values settled


@dataclass(frozen=True)
class CountResult:
    method: str  # "irv", "stv" or "meek"
    candidates: tuple
    seats: int
    ballots: int
    valid: int
    blank: int
    invalid: int
    quota: Fraction | None  # STV: the Droop quota; Meek: the quota of the last round
    elected: tuple  # in order of election
    excluded: tuple  # in order of exclusion
    stages: tuple[Stage, ...]
    tie_breaks: tuple[TieBreak, ...]
    lots: LotsRecord | None  # the seed and the lot order, when lots were drawn
    protected: tuple = ()  # sequential STV: earlier places, never excluded
    precision: int | None = None  # decimal places of transfer values; None: exact

    @property
    def exhausted(self) -> Fraction:
        return self.stages[-1].exhausted if self.stages else Fraction(0)

    @property
    def not_elected(self) -> tuple:
        return tuple(c for c in self.candidates if c not in self.elected)
