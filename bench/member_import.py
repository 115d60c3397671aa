"""How fast does the member register import run, first time and again (idempotent)?

Builds a throwaway database (SQLite in memory by default, or DATABASE_URL's server), imports
N generated rows from CSV, imports them again, and prints rows per second and query counts.
Usage: python bench/member_import.py [N]   (default 10000)
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

from members.services import member_import_csv  # noqa: E402

HEADER = "membership_number,first_name,name_prefix,last_name,email,branch,joined_on,status\n"


def generated_csv(rows: int) -> str:
    lines = [
        f"{500000 + i},Voornaam{i},{'van ' if i % 7 == 0 else ''},Achternaam{i},"
        f"lid{i}@example.org,Afdeling {i % 40},20{10 + i % 15}-0{1 + i % 9}-1{i % 9},actief\n"
        for i in range(rows)
    ]
    return HEADER + "".join(lines)


def timed_import(text: str) -> tuple[float, int, object]:
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        report = member_import_csv(text=text)
        elapsed = time.perf_counter() - start
    return elapsed, len(queries), report


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        text = generated_csv(rows)
        first, first_queries, report = timed_import(text)
        assert len(report.created) == rows, report.rejected[:3]
        again, again_queries, report = timed_import(text)
        assert len(report.unchanged) == rows
        print(f"database: {connection.vendor}")
        print(
            f"member import, {rows} new rows: {first:.2f} s ({rows / first:,.0f} rows/s, "
            f"{first_queries} queries)"
        )
        print(
            f"member import, {rows} unchanged rows: {again:.2f} s ({rows / again:,.0f} rows/s, "
            f"{again_queries} queries)"
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
