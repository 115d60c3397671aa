"""The anonymised ballot export and ``manage.py tally``, which recounts it."""

import csv
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from counting import count_ranked
from counting.data import result_to_data
from counting.export import parse_csv, rankings_csv, rankings_json

from .ranked import elections, expand


def tally(path, *args) -> str:
    out = io.StringIO()
    call_command("tally", str(path), *args, stdout=out)
    return out.getvalue()


def test_a_csv_is_recounted_round_by_round(tmp_path):
    path = tmp_path / "stembiljetten.csv"
    path.write_text(
        'ballot;receipt\nAnna>Bram>Chris;K7P2Q-X9M4R\nBram > Anna;\nChris;\n"";\nAnna>Anna;\n'
        "Bram;\nAnna;\nAnna>Chris;\n",
        encoding="utf-8",
    )

    text = tally(path, "--method", "irv")

    assert "Instant-runoff voting" in text
    assert "Ballots: 8; valid 6, blank 1, invalid 1" in text
    assert "Round 1: first preferences" in text
    assert "Round 2: Chris excluded" in text
    assert "Chris → exhausted: 1 (ballots: 1)" in text
    assert "Majority: more than half of 5 votes on continuing ballots" in text
    assert text.rstrip().endswith("Elected: Anna")


def test_a_json_export_carries_method_seats_and_seed(tmp_path):
    path = tmp_path / "ballots.json"
    path.write_text(
        json.dumps(
            {
                "candidates": ["Anna", "Bram", "Chris", "Dewi"],
                "ballots": [["Anna", "Bram"]] * 5 + [["Bram"]] * 3 + [["Chris"], ["Dewi"], []],
                "method": "stv",
                "seats": 2,
            }
        ),
        encoding="utf-8",
    )

    data = json.loads(tally(path, "--json"))

    assert data["method"] == "stv" and data["seats"] == 2
    assert data["quota"] == {"exact": "4", "approx": 4.0}  # floor(10 / 3) + 1
    assert data["elected"] == ["Anna", "Bram"]
    assert data["ballots"] == {"total": 11, "valid": 10, "blank": 1, "invalid": 0}
    assert data["stages"][1]["title"] == "Stage 2: surplus of Anna transferred"
    assert data["stages"][1]["transfers"][0] == {
        "from": "Anna",
        "to": "Bram",
        "value": {"exact": "1", "approx": 1.0},
        "papers": 5,
        "description": "Anna → Bram: 1 (ballots: 5)",
    }


def test_the_method_and_seats_on_the_command_line_win_over_the_file(tmp_path):
    path = tmp_path / "ballots.json"
    path.write_text(
        json.dumps({"candidates": ["A", "B", "C"], "ballots": [["A", "B"], ["B"], ["C", "A"]]}),
        encoding="utf-8",
    )

    text = tally(path, "--method", "schulze", "--seed", "7")

    assert "Pairwise preferences" in text and "Strongest paths" in text
    assert "1. A (beats 2)" in text


def test_sequential_places_and_lots_are_printed(tmp_path):
    path = tmp_path / "ballots.csv"
    path.write_text("ballot\nA>B\nB>A\nC\n", encoding="utf-8")

    text = tally(path, "--method", "sequential", "--seed", "alv")

    assert "Place 1: " in text and "Place 3: " in text
    assert "Lots drawn with seed alv; lot order: " in text


def test_unreadable_files_and_missing_methods_are_command_errors(tmp_path):
    missing_column = tmp_path / "wrong.csv"
    missing_column.write_text("receipt\nX\n", encoding="utf-8")
    no_method = tmp_path / "ok.csv"
    no_method.write_text("ballot\nA\n", encoding="utf-8")

    with pytest.raises(CommandError, match="'ballot' column"):
        tally(missing_column, "--method", "irv")
    with pytest.raises(CommandError, match="--method"):
        tally(no_method)
    with pytest.raises(CommandError, match="Cannot read"):
        tally(tmp_path / "nothing.csv", "--method", "irv")


def test_the_csv_export_reads_back_to_the_same_ballots_in_another_order():
    rankings = [[1, 2, 3], [2], [], [3, 1]] * 10
    labels = {1: "Anna", 2: "Bram de Vries", 3: "Chris; jr."}

    text = rankings_csv(rankings, labels=labels)

    read = parse_csv(text, candidates=list(labels.values()))
    expected = [tuple(labels[c] for c in r) for r in rankings]
    assert sorted(read.ballots) == sorted(expected)
    assert read.ballots != expected  # shuffled (the chance of the same order is negligible)
    assert next(csv.reader(io.StringIO(text), delimiter=";")) == ["ballot"]


def test_labels_that_cannot_round_trip_are_refused():
    with pytest.raises(ValueError, match="unique"):
        rankings_csv([[1]], labels={1: "Anna", 2: "Anna"})
    with pytest.raises(ValueError, match="cannot be exported"):
        rankings_csv([[1]], labels={1: "A>B"})


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    elections(min_candidates=2, max_candidates=5),
    st.sampled_from(["irv", "stv", "meek", "sequential", "schulze"]),
    st.sampled_from(["csv", "json"]),
)
def test_export_then_tally_gives_the_same_result(tmp_path, election, method, form):
    candidates, groups = election
    rankings = expand(groups)
    labels = {c: c for c in candidates}
    seats = 2 if method in ("stv", "meek") else None
    path = tmp_path / f"ballots.{form}"
    if form == "csv":
        path.write_text(rankings_csv(rankings, labels=labels), encoding="utf-8")
        options = [f"--candidate={c}" for c in candidates] + ["--method", method]
        options += ["--seats", str(seats)] if seats else []
    else:
        path.write_text(
            rankings_json(
                rankings, labels=labels, candidates=candidates, method=method, seats=seats
            ),
            encoding="utf-8",
        )
        options = []

    recount = json.loads(tally(path, "--json", "--seed", "recount", *options))

    direct = count_ranked(method, rankings, candidates, seats=seats, seed="recount")
    assert recount == json.loads(json.dumps(result_to_data(direct)))
