"""How long does the double-function check take over a large positions register?

Builds a throwaway database (SQLite in memory by default, or DATABASE_URL's server) with N
people holding 5 positions each (some of them forbidden pairs), runs the set-based check and
prints the time, the number of conflicts and the number of queries.
Usage: python bench/double_functions.py [N]   (default 2000)
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bij1_recruit.settings")
os.environ.setdefault("DEBUG", "1")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from integrity.models import Position  # noqa: E402
from integrity.selectors import position_conflicts  # noqa: E402

# Five positions per person; every tenth person also sits on the party council, which the
# national-board rule forbids.
PATTERN = [
    ("branch_board", "Afdelingsbestuur {branch}", "municipal"),
    ("fraction_member", "Fractie {branch}", "municipal"),
    ("committee_member", "Commissie {i}", ""),
    ("side_position", "Vereniging {i}", ""),
    ("list_candidate", "Kandidatenlijst TK", ""),
]


def fill(people: int) -> None:
    rows = []
    for i in range(people):
        branch = f"Afdeling {i % 40}"
        for kind, body, level in PATTERN:
            level = level if kind == "fraction_member" else ""
            rows.append(
                Position(
                    email=f"p{i}@example.org",
                    name=f"P {i}",
                    kind=kind,
                    body=body.format(branch=branch, i=i),
                    branch=branch,
                    level=level,
                )
            )
        if i % 10 == 0:
            rows[-1] = Position(
                email=f"p{i}@example.org", name=f"P {i}", kind="partijraad", body="Partijraad"
            )
    Position.objects.bulk_create(rows, batch_size=5000)


def main() -> None:
    people = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        fill(people)
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            conflicts = position_conflicts()
            elapsed = time.perf_counter() - start
        print(f"database: {connection.vendor}")
        print(
            f"double-function check, {people} people x 5 positions: {elapsed:.3f} s, "
            f"{len(conflicts)} conflicts, {len(queries)} queries"
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
