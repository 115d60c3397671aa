"""A tally as plain JSON data, for the results pages, the PDF report and ``tally --json``.

Every number that may be fractional becomes ``{"exact": "123/7", "approx": 17.5714}`` (the
exact value as a fraction string, and a float rounded to four decimals). Candidates stay the
ids they were counted with; a mapping of labels adds a ``label`` beside each id in the list of
candidates. Per-candidate numbers are lists in the order of the candidates, matrices are rows
and columns in that order. Descriptions are translated into the active language.
"""

from collections.abc import Mapping
from fractions import Fraction

from counting import report
from counting.results import CountResult, Stage
from counting.schulze import SchulzeResult
from counting.sequential import SequentialResult
from counting.ties import LotsRecord, TieBreak


def fraction_data(value: Fraction | int | None) -> dict | None:
    if value is None:
        return None
    value = Fraction(value)
    return {"exact": str(value), "approx": round(float(value), 4)}


def _ballots(result) -> dict:
    return {
        "total": result.ballots,
        "valid": result.valid,
        "blank": result.blank,
        "invalid": result.invalid,
    }


def _candidates(candidates, labels: Mapping | None) -> list[dict]:
    if labels:
        return [{"id": c, "label": str(labels.get(c, c))} for c in candidates]
    return [{"id": c} for c in candidates]


def tie_break_data(tie: TieBreak, label: report.Labeller = str) -> dict:
    return {
        "purpose": str(tie.purpose),
        "rule": str(tie.rule),
        "tied": list(tie.tied),
        "chosen": tie.chosen,
        "stage": tie.stage,
        "drawn_among": list(tie.drawn_among),
        "description": report.tie_break_text(tie, label),
    }


def lots_data(lots: LotsRecord | None) -> dict | None:
    if lots is None:
        return None
    return {"seed": lots.seed, "generated": lots.generated, "order": list(lots.order)}


def stage_data(stage: Stage, method: str, label: report.Labeller = str) -> dict:
    return {
        "number": stage.number,
        "kind": str(stage.kind),
        "title": report.stage_title(stage, method, label),
        "subject": stage.subject,
        "votes": [{"candidate": c, "votes": fraction_data(v)} for c, v in stage.votes.items()],
        "exhausted": fraction_data(stage.exhausted),
        "transfers": [
            {
                "from": t.source,
                "to": t.target,
                "value": fraction_data(t.value),
                "papers": t.papers,
                "description": report.transfer_text(t, label),
            }
            for t in stage.transfers
        ],
        "elected": list(stage.elected),
        "tie_breaks": [tie_break_data(tie, label) for tie in stage.tie_breaks],
        "surplus": fraction_data(stage.surplus),
        "transfer_value": fraction_data(stage.transfer_value),
        "lost": fraction_data(stage.lost),
        "continuing": fraction_data(stage.continuing),
        "quota": fraction_data(stage.quota),
        "keep_values": [
            {"candidate": c, "keep": fraction_data(k)} for c, k in stage.keep_values.items()
        ],
        "iterations": stage.iterations,
    }


def count_data(result: CountResult, labels: Mapping | None = None) -> dict:
    label = report.labeller(labels)
    return {
        "method": result.method,
        "method_name": str(report.METHOD_NAMES[result.method]),
        "candidates": _candidates(result.candidates, labels),
        "seats": result.seats,
        "ballots": _ballots(result),
        "quota": fraction_data(result.quota),
        "precision": result.precision,
        "protected": list(result.protected),
        "elected": list(result.elected),
        "excluded": list(result.excluded),
        "not_elected": list(result.not_elected),
        "exhausted": fraction_data(result.exhausted),
        "stages": [stage_data(stage, result.method, label) for stage in result.stages],
        "tie_breaks": [tie_break_data(tie, label) for tie in result.tie_breaks],
        "lots": lots_data(result.lots),
    }


def sequential_data(result: SequentialResult, labels: Mapping | None = None) -> dict:
    return {
        "method": result.method,
        "method_name": str(report.METHOD_NAMES[result.method]),
        "candidates": _candidates(result.candidates, labels),
        "ballots": _ballots(result),
        "order": list(result.order),
        "places": [
            {"place": place, "candidate": candidate, "count": count_data(count, labels)}
            for place, (candidate, count) in enumerate(
                zip(result.order, result.counts, strict=True), 1
            )
        ],
        "tie_breaks": [tie_break_data(tie, report.labeller(labels)) for tie in result.tie_breaks],
        "lots": lots_data(result.lots),
    }


def _matrix(values: dict, candidates) -> list[list[int | None]]:
    return [[None if a == b else values[(a, b)] for b in candidates] for a in candidates]


def schulze_data(result: SchulzeResult, labels: Mapping | None = None) -> dict:
    label = report.labeller(labels)
    return {
        "method": result.method,
        "method_name": str(report.METHOD_NAMES[result.method]),
        "candidates": _candidates(result.candidates, labels),
        "ballots": _ballots(result),
        "order": list(result.order),
        "wins": [{"candidate": c, "wins": result.wins[c]} for c in result.candidates],
        "pairwise": _matrix(result.pairwise, result.candidates),
        "strongest": _matrix(result.strongest, result.candidates),
        "tie_breaks": [tie_break_data(tie, label) for tie in result.tie_breaks],
        "lots": lots_data(result.lots),
    }


def result_to_data(result, labels: Mapping | None = None) -> dict:
    if isinstance(result, SchulzeResult):
        return schulze_data(result, labels)
    if isinstance(result, SequentialResult):
        return sequential_data(result, labels)
    return count_data(result, labels)
