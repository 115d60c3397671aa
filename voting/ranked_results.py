"""The stored count of a ranked poll (``tally``), laid out for its results page.

The poll keeps its count as data (``counting.data``): numbers and candidate ids. Here
that data becomes tables (votes per candidate per stage; the pairwise and strongest-path
matrices) and sentences. The sentences are made again from the numbers with the words of
``counting.report``, so each reader gets them in their own language, whatever the
language of the chair who closed the poll.
"""

from decimal import Decimal
from fractions import Fraction

from django.utils import formats
from django.utils.translation import gettext as _

from counting import report
from counting.results import Stage, StageKind, Transfer
from counting.ties import LotsRecord, TieBreak, TiePurpose, TieRule


def _fraction(value: dict | None) -> Fraction | None:
    return None if value is None else Fraction(value["exact"])


def _number(value: dict | None) -> dict | None:
    """A number for a table cell: at most four decimals, in the reader's notation (5,5 in
    Dutch), and its exact value (a fraction) for the cell's title."""
    if value is None:
        return None
    short = f"{value['approx']:.4f}".rstrip("0").rstrip(".")
    return {"text": formats.number_format(Decimal(short)), "exact": value["exact"]}


def _tie_break(data: dict) -> TieBreak:
    return TieBreak(
        purpose=TiePurpose(data["purpose"]),
        tied=tuple(data["tied"]),
        chosen=data["chosen"],
        rule=TieRule(data["rule"]),
        stage=data["stage"],
        drawn_among=tuple(data["drawn_among"]),
    )


def _stage(data: dict) -> Stage:
    """The stage without its totals (the table shows those): enough for its sentences."""
    return Stage(
        number=data["number"],
        kind=StageKind(data["kind"]),
        subject=data["subject"],
        votes={},
        exhausted=_fraction(data["exhausted"]),
        transfers=tuple(
            Transfer(t["from"], t["to"], _fraction(t["value"]), t["papers"])
            for t in data["transfers"]
        ),
        elected=tuple(data["elected"]),
        tie_breaks=tuple(_tie_break(tie) for tie in data["tie_breaks"]),
        surplus=_fraction(data["surplus"]),
        transfer_value=_fraction(data["transfer_value"]),
        lost=_fraction(data["lost"]) or Fraction(0),
        continuing=_fraction(data["continuing"]),
        quota=_fraction(data["quota"]),
        iterations=data["iterations"],
    )


def _labeller(data: dict) -> report.Labeller:
    return report.labeller({c["id"]: c.get("label", c["id"]) for c in data["candidates"]})


def lots_sentence(lots: dict | None, label: report.Labeller) -> str:
    if not lots:
        return ""
    record = LotsRecord(seed=lots["seed"], generated=lots["generated"], order=tuple(lots["order"]))
    return report.lots_text(record, label)


def _candidate_rows(count: dict, label: report.Labeller) -> list[dict]:
    """Per candidate: the votes at the end of each stage, and the stage that decided them."""
    elected_at, excluded_at = {}, {}
    for stage in count["stages"]:
        for candidate in stage["elected"]:
            elected_at.setdefault(candidate, stage["number"])
        if stage["kind"] == StageKind.EXCLUSION:
            excluded_at[stage["subject"]] = stage["number"]
    rows = []
    for candidate in count["candidates"]:
        pk = candidate["id"]
        cells = []
        for stage in count["stages"]:
            votes = next(v["votes"] for v in stage["votes"] if v["candidate"] == pk)
            number = stage["number"]
            cells.append(
                {
                    **_number(votes),
                    "elected": elected_at.get(pk, number + 1) <= number,
                    "excluded": excluded_at.get(pk, number + 1) <= number,
                }
            )
        rows.append(
            {
                "label": label(pk),
                "cells": cells,
                "elected_at": elected_at.get(pk),
                "excluded_at": excluded_at.get(pk),
                "protected": pk in count["protected"],
            }
        )
    return rows


def count_table(count: dict, *, table_id: str = "count") -> dict:
    """An instant-runoff, Scottish STV or Meek STV count: the table and the story.
    ``table_id`` tells the tables of one page apart (sequential STV has one per place)."""
    label = _labeller(count)
    method = count["method"]
    stages = [_stage(stage) for stage in count["stages"]]
    return {
        "id": table_id,
        "method": method,
        "method_name": report.METHOD_NAMES[method],
        "seats": count["seats"],
        "quota": _number(count["quota"]) if method == "stv" else None,
        "stages": [
            {
                "number": stage.number,
                "title": report.stage_title(stage, method, label),
                "lines": report.stage_details(stage, method, label),
            }
            for stage in stages
        ],
        "rows": _candidate_rows(count, label),
        "exhausted": [_number(stage["exhausted"]) for stage in count["stages"]],
        "quotas": (
            [_number(stage["quota"]) for stage in count["stages"]] if method == "meek" else None
        ),
        "continuing": (
            [_number(stage["continuing"]) for stage in count["stages"]] if method == "irv" else None
        ),
        "stage_word": _("Stage") if method == "stv" else _("Round"),
        "caption": (
            _("Votes per candidate at the end of each stage")
            if method == "stv"
            else _("Votes per candidate at the end of each round")
        ),
        "protected": (
            _("Kept from earlier places: %(candidates)s")
            % {"candidates": report.names(count["protected"], label)}
            if count["protected"]
            else ""
        ),
    }


def _matrix(data: dict, key: str, label: report.Labeller) -> list[dict]:
    """Rows of a matrix; a cell is marked where the row's value beats the column's."""
    matrix = data[key]
    return [
        {
            "label": label(candidate["id"]),
            "cells": [
                {"value": value, "wins": value is not None and value > matrix[col][row]}
                for col, value in enumerate(cells)
            ],
        }
        for row, (candidate, cells) in enumerate(zip(data["candidates"], matrix, strict=True))
    ]


def schulze_tables(data: dict) -> dict:
    label = _labeller(data)
    wins = {w["candidate"]: w["wins"] for w in data["wins"]}
    return {
        "heads": [label(c["id"]) for c in data["candidates"]],
        "pairwise_title": _("Pairwise preferences: ballots preferring the row to the column"),
        "pairwise": _matrix(data, "pairwise", label),
        "strongest_title": _("Strongest paths from the row to the column"),
        "strongest": _matrix(data, "strongest", label),
        "order": [
            _("%(place)s. %(candidate)s (beats %(wins)s)")
            % {"place": place, "candidate": label(c), "wins": wins[c]}
            for place, c in enumerate(data["order"], 1)
        ],
    }


def ranked_explanation(result: dict) -> dict:
    """What the results page of a closed ranked poll shows below its outcome."""
    data = result["count"]
    label = _labeller(data)
    method = data["method"]
    explanation = {
        "method": method,
        "method_name": report.METHOD_NAMES[method],
        "ballots": data["ballots"],
        "outcome": [label(c) for c in result["elected"]],
        "tie_breaks": [report.tie_break_text(_tie_break(t), label) for t in data["tie_breaks"]],
        "lots": lots_sentence(data["lots"], label),
    }
    if method == "schulze":
        explanation["schulze"] = schulze_tables(data)
    elif method == "sequential":
        explanation["places"] = [
            {
                "place": place["place"],
                "label": label(place["candidate"]),
                "count": count_table(place["count"], table_id=f"count-place-{place['place']}"),
            }
            for place in data["places"]
        ]
        placed = set(data["order"])
        explanation["unplaced"] = [
            label(c["id"]) for c in data["candidates"] if c["id"] not in placed
        ]
    else:
        explanation["count"] = count_table(data)
    return explanation


def quota_share(result: dict) -> tuple[float, str] | None:
    """Where the chart of first preferences draws its line, as a share of the valid votes:
    the quota (STV: the Droop quota; Meek: the first round's), or for instant-runoff (and
    the first place of sequential STV) the majority of the first round."""
    data = result["count"]
    valid = data["ballots"]["valid"]
    if not valid:
        return None
    if data["method"] == "sequential" and data["places"]:
        data = data["places"][0]["count"]  # the first place: an instant-runoff count
    method = data["method"]
    if method == "stv":
        return data["quota"]["approx"] / valid, _("quota")
    if method == "meek" and data["stages"]:
        return data["stages"][0]["quota"]["approx"] / valid, _("quota")
    if method == "irv":
        return 0.5, _("majority")
    return None
