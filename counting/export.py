"""The anonymised ballots of a ranked poll, written for a recount and read back by ``tally``.

Two formats, both holding candidate *labels* (names), never ids or voters:

- **CSV**: ``;``-separated, a header row, one ballot per row. The ``ballot`` column holds the
  ranking as labels separated by ``>``, best first (``Anna>Bram>Chris``); an empty cell is a
  blank ballot. Other columns are ignored. The CSV does not list the candidates: a recount
  takes those named on some ballot (sorted), unless they are given. A cell that a
  spreadsheet would run as a formula (``-Anna>Bram``) is written with a quote in front
  (``core.spreadsheet_safe``), which reading takes off again.
- **JSON**: ``{"candidates": [...], "ballots": [[...], ...], "method": ..., "seats": ...}``,
  optionally with the ``seed`` of the lots. The candidates keep the order of the ballot paper,
  which is the base of the lot order (``counting.ties``): a recount from the JSON with
  the same seed draws the same lots.

The writers put the ballots in random order (``random.SystemRandom``), so the file keeps no
trace of the order in which they were cast. A label must be non-empty, unique, without
``>`` and without surrounding spaces, so that the CSV reads back to the same ballots.
"""

import csv
import io
import json
import random
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from core.spreadsheet_safe import read_cell, safe_csv_writer

SEPARATOR = ">"


@dataclass(frozen=True)
class BallotFile:
    candidates: tuple[str, ...]
    ballots: list[tuple]
    method: str | None = None
    seats: int | None = None
    seed: str | None = None


def _check_labels(labels: Mapping[Hashable, str]) -> None:
    texts = list(labels.values())
    if len(set(texts)) != len(texts):
        raise ValueError("Candidate labels must be unique to export ranked ballots.")
    for text in texts:
        if not text or text != text.strip() or SEPARATOR in text:
            raise ValueError(f"Candidate label {text!r} cannot be exported.")


def _shuffled_labels(rankings: Iterable[Sequence], labels: Mapping[Hashable, str]) -> list:
    _check_labels(labels)
    ballots = [[labels[candidate] for candidate in ranking] for ranking in rankings]
    random.SystemRandom().shuffle(ballots)
    return ballots


def rankings_csv(rankings: Iterable[Sequence], *, labels: Mapping[Hashable, str]) -> str:
    out = io.StringIO()
    writer = safe_csv_writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(["ballot"])
    for ballot in _shuffled_labels(rankings, labels):
        writer.writerow([SEPARATOR.join(ballot)])
    return out.getvalue()


def rankings_json(
    rankings: Iterable[Sequence],
    *,
    labels: Mapping[Hashable, str],
    candidates: Sequence[Hashable],
    method: str,
    seats: int | None = None,
    seed: str | None = None,
) -> str:
    """``seats``: the seats (stv, meek) or the places to fill (sequential); leave it out for
    irv and schulze, and for sequential to place every candidate."""
    data = {
        "candidates": [labels[candidate] for candidate in candidates],
        "ballots": _shuffled_labels(rankings, labels),
        "method": method,
    }
    if seats is not None:
        data["seats"] = seats
    if seed:
        data["seed"] = seed
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def _natural(label: str) -> tuple:
    return (label.casefold(), label)


def parse_csv(text: str, *, candidates: Sequence[str] | None = None) -> BallotFile:
    reader = csv.DictReader(io.StringIO(text), delimiter=";")
    if not reader.fieldnames or "ballot" not in [f.strip() for f in reader.fieldnames]:
        raise ValueError("The CSV needs a header row with a 'ballot' column.")
    column = next(f for f in reader.fieldnames if f.strip() == "ballot")
    ballots = []
    for row in reader:
        cell = read_cell((row.get(column) or "").strip())
        ballots.append(tuple(part.strip() for part in cell.split(SEPARATOR)) if cell else ())
    if candidates is None:
        named = {label for ballot in ballots for label in ballot if label}
        candidates = sorted(named, key=_natural)
    return BallotFile(candidates=tuple(candidates), ballots=ballots)


def parse_json(text: str) -> BallotFile:
    data = json.loads(text)
    if not isinstance(data, dict):
        raise ValueError("The JSON must be an object with 'candidates' and 'ballots'.")
    candidates, ballots = data.get("candidates"), data.get("ballots")
    if not isinstance(candidates, list) or not isinstance(ballots, list):
        raise ValueError("The JSON must hold a list of 'candidates' and a list of 'ballots'.")
    if not all(isinstance(c, str | int) and not isinstance(c, bool) for c in candidates):
        raise ValueError("Candidates must be names or numbers.")
    seats = data.get("seats")
    if seats is not None and (not isinstance(seats, int) or isinstance(seats, bool)):
        raise ValueError("'seats' must be a whole number.")
    seed = data.get("seed")
    return BallotFile(
        candidates=tuple(candidates),
        # a ballot that is not a list stays as it is and is counted as invalid
        ballots=[tuple(b) if isinstance(b, list) else b for b in ballots],
        method=data.get("method"),
        seats=seats,
        seed=None if seed is None else str(seed),
    )


def read_ballot_file(path: Path, *, candidates: Sequence[str] | None = None) -> BallotFile:
    """A ``.json`` file, or anything starting with ``{``, is JSON; anything else CSV."""
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix.lower() == ".json" or text.lstrip().startswith("{"):
        ballot_file = parse_json(text)
        if candidates is not None:
            ballot_file = BallotFile(
                tuple(candidates),
                ballot_file.ballots,
                ballot_file.method,
                ballot_file.seats,
                ballot_file.seed,
            )
        return ballot_file
    return parse_csv(text, candidates=candidates)
