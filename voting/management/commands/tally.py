"""Recount a ranked poll from its anonymised ballot export (``counting.export``)."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, no_translations

from counting import METHODS, count_ranked
from counting.data import result_to_data
from counting.export import read_ballot_file
from counting.report import result_text


class Command(BaseCommand):
    help = (
        "Count an exported ballot file (CSV with a 'ballot' column of 'Anna>Bram>Chris' "
        "rankings, or JSON with candidates and ballots) and print the count round by round."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="the exported ballots, .csv or .json")
        parser.add_argument(
            "--method", choices=METHODS, help="counting method (default: the file's method)"
        )
        parser.add_argument(
            "--seats",
            type=int,
            help="seats (stv, meek) or places to fill (sequential); default: the file's seats",
        )
        parser.add_argument("--seed", help="seed of the lots (default: the file's seed)")
        parser.add_argument(
            "--candidate",
            action="append",
            dest="candidates",
            help="a candidate, in ballot-paper order; repeat for each (default: the file's)",
        )
        parser.add_argument("--json", action="store_true", help="print the result as JSON")

    @no_translations
    def handle(self, *args, file: Path, **options):
        try:
            ballot_file = read_ballot_file(file, candidates=options["candidates"])
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            raise CommandError(f"Cannot read {file}: {exc}") from exc
        method = options["method"] or ballot_file.method
        if method not in METHODS:
            raise CommandError(f"Give a --method: one of {', '.join(METHODS)}.")
        seats = options["seats"] if options["seats"] is not None else ballot_file.seats
        if seats is not None and seats < 1:
            raise CommandError("--seats must be at least 1.")
        seed = options["seed"] if options["seed"] is not None else ballot_file.seed
        try:
            result = count_ranked(
                method, ballot_file.ballots, ballot_file.candidates, seats=seats, seed=seed
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if options["json"]:
            self.stdout.write(json.dumps(result_to_data(result), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(result_text(result), ending="")
