"""How long does a full conflict-of-interest sweep take?

Builds a throwaway database (SQLite in memory by default, or DATABASE_URL's server) with one
vacancy, a committee of 30 members and N sent applications; every person (applicant or
member) holds 5 positions, with contact details in the member register. Some pairs share a
surname and place, a phone number, a branch board or a body, so every signal has work to do.
Runs the sweep at 200 applicants and at N, twice at N (the second run finds nothing new), and
prints seconds, flags raised and queries for each.
The tables are freshly bulk-loaded and not analysed (the hard case for PostgreSQL's planner);
pass --analyze to refresh the statistics first, as the imports do.
Usage: python bench/conflicts.py [N] [--analyze]   (default 2000; goal ≤ 2 s, equal queries)
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

from datetime import date, timedelta  # noqa: E402

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

from applications.models import Application, ApplicationStatus  # noqa: E402
from core.db import refresh_statistics  # noqa: E402
from integrity.conflicts import conflicts_check  # noqa: E402
from integrity.models import ConflictFlag, Position  # noqa: E402
from members.models import Member, User  # noqa: E402
from review.models import Committee, CommitteeMember, CommitteeVacancy  # noqa: E402
from vacancies.models import Vacancy, VacancyKind, VacancyStatus  # noqa: E402

COMMITTEE_SIZE = 30
BRANCHES = 40


def _positions(email: str, i: int) -> list[Position]:
    branch = f"Afdeling {i % BRANCHES}"
    rows = [
        ("branch_board", f"Afdelingsbestuur {branch}", branch),
        ("committee_member", f"Werkgroep {i % 150}", ""),
        ("side_position", f"Vereniging {i}", ""),
        ("fraction_staff", f"Fractie {branch}", branch),
        ("list_candidate", f"Kandidatenlijst {i}", ""),
    ]
    return [
        Position(
            email=email, name=email, kind=kind, body=body, branch=b, starts_on=date(2020, 1, 1)
        )
        for kind, body, b in rows
    ]


def _people(prefix: str, start: int, count: int) -> list[User]:
    users = User.objects.bulk_create(
        User(email=f"{prefix}{i}@example.org", first_name="P", last_name=f"Naam{i % 500}")
        for i in range(start, start + count)
    )
    Member.objects.bulk_create(
        Member(
            membership_number=f"{prefix}{i}",
            first_name="P",
            last_name=f"Naam{i % 500}",
            email=user.email,
            user=user,
            place=f"Plaats {i % 97}",
            phone_key=f"6{i % 700:08d}",
            address_key=f"{1000 + i % 900}AB {i % 50}",
            joined_on=date(2020, 1, 1),
        )
        for i, user in zip(range(start, start + count), users, strict=True)
    )
    Position.objects.bulk_create(
        [
            p
            for i, user in zip(range(start, start + count), users, strict=True)
            for p in _positions(user.email, i)
        ],
        batch_size=5000,
    )
    return users


def fill(vacancy: Vacancy, start: int, count: int) -> None:
    applicants = _people("a", start, count)
    now = timezone.now()
    Application.objects.bulk_create(
        Application(
            vacancy=vacancy,
            applicant=user,
            status=ApplicationStatus.SUBMITTED,
            submitted_at=now,
            last_name=f"Naam{i % 500}",
            place_of_residence=f"Plaats {i % 97}",
            phone_key=f"6{i % 700:08d}",
        )
        for i, user in zip(range(start, start + count), applicants, strict=True)
    )


def sweep(label: str) -> None:
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        created = conflicts_check()
        elapsed = time.perf_counter() - started
    applications = Application.objects.count()
    print(
        f"{label}: {applications} applicants x {COMMITTEE_SIZE} committee members x 5 positions: "
        f"{elapsed:.3f} s, {created} new flags, {len(queries)} queries"
    )


def main() -> None:
    numbers = [arg for arg in sys.argv[1:] if arg.isdigit()]
    applicants = int(numbers[0]) if numbers else 2000
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        vacancy = Vacancy.objects.create(
            kind=VacancyKind.BOARD,
            title="Landelijk bestuur",
            slug="bestuur",
            status=VacancyStatus.PUBLISHED,
            deadline=timezone.now() + timedelta(days=10),
        )
        committee = Committee.objects.create(name="Kandidatencommissie", confidentiality_text=".")
        CommitteeVacancy.objects.create(committee=committee, vacancy=vacancy)
        members = _people("m", 0, COMMITTEE_SIZE)
        CommitteeMember.objects.bulk_create(
            CommitteeMember(committee=committee, user=user) for user in members
        )
        first = min(200, applicants)
        fill(vacancy, 0, first)
        sweep("first sweep ")
        ConflictFlag.objects.all().delete()
        fill(vacancy, first, applicants - first)
        if "--analyze" in sys.argv:
            refresh_statistics(Application, Member, Position, User)
        print(f"database: {connection.vendor}")
        sweep("full sweep  ")
        sweep("second sweep")
        print(f"flags in total: {ConflictFlag.objects.count()}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
