"""Does the committee's application list stay as cheap with 2,000 applications as with 20?

Builds a throwaway database (SQLite in memory by default, or DATABASE_URL's server) with one
vacancy (5 weighted requirements), a committee of 5, and applications that every member has
scored, then requests the admin changelist (the first page, 50 rows, with score columns,
filters and counts) as a committee member who signed in with a second factor. Prints the
queries and the median time of 5 requests at 20 and at 2,000 applications, and their ratio.
Usage: python bench/review_list.py [N]   (default 2000; goal: equal queries, time ratio ≤ 2)
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bij1_recruit.settings")
os.environ.setdefault("DEBUG", "1")

import django

django.setup()

from datetime import timedelta  # noqa: E402
from decimal import Decimal  # noqa: E402

from allauth.mfa.totp.internal.auth import TOTP  # noqa: E402
from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

from applications.models import Application, ApplicationStatus  # noqa: E402
from core.db import refresh_statistics  # noqa: E402
from integrity.conflicts import conflicts_check  # noqa: E402
from members.models import User  # noqa: E402
from members.totp import current_totp_code  # noqa: E402
from review.models import (  # noqa: E402
    Committee,
    CommitteeMember,
    CommitteeVacancy,
    CriterionScore,
    Scorecard,
)
from vacancies.models import Requirement, Vacancy, VacancyKind, VacancyStatus  # noqa: E402

SECRET = "BENCHBENCHBENCHBENCHBENCHBENCH23"  # noqa: S105 - throwaway database only
MEMBERS = 5


def build_committee() -> tuple[Vacancy, list[User], list[Requirement]]:
    vacancy = Vacancy.objects.create(
        kind=VacancyKind.CANDIDATE_LIST,
        title="Kandidatenlijst",
        slug="lijst",
        status=VacancyStatus.PUBLISHED,
        deadline=timezone.now() + timedelta(days=10),
    )
    requirements = [
        Requirement.objects.create(vacancy=vacancy, text=f"Eis {i}", weight=1 + i % 3)
        for i in range(5)
    ]
    committee = Committee.objects.create(name="Kandidatencommissie", confidentiality_text=".")
    CommitteeVacancy.objects.create(committee=committee, vacancy=vacancy)
    members = [
        User.objects.create_user(email=f"lid{i}@example.org", password="x", is_staff=True)
        for i in range(MEMBERS)
    ]
    CommitteeMember.objects.bulk_create(
        CommitteeMember(
            committee=committee,
            user=user,
            confidentiality_accepted_at=timezone.now(),
            conflicts_checked_at=timezone.now(),
        )
        for user in members
    )
    return vacancy, members, requirements


def add_applications(vacancy, members, requirements, start: int, count: int) -> None:
    applicants = User.objects.bulk_create(
        User(email=f"sollicitant{i}@example.org") for i in range(start, start + count)
    )
    applications = Application.objects.bulk_create(
        Application(
            vacancy=vacancy,
            applicant=user,
            status=ApplicationStatus.SUBMITTED,
            submitted_at=timezone.now(),
            first_name=f"Naam{i}",
            last_name=f"Achternaam{i}",
        )
        for i, user in zip(range(start, start + count), applicants, strict=True)
    )
    cards = Scorecard.objects.bulk_create(
        Scorecard(
            application=application,
            reviewer=member,
            round="screening",
            recommendation="yes",
            total=Decimal(1 + (application.pk + member.pk) % 5),
            submitted_at=timezone.now(),
        )
        for application in applications
        for member in members
    )
    CriterionScore.objects.bulk_create(
        CriterionScore(scorecard=card, requirement=requirement, value=1 + card.pk % 5)
        for card in cards
        for requirement in requirements
    )
    conflicts_check(application_ids=[a.pk for a in applications])
    refresh_statistics(Application, Scorecard, CriterionScore)


def signed_in_client(user: User) -> Client:
    TOTP.activate(user, SECRET)
    client = Client()
    client.force_login(user)
    client.post("/accounts/2fa/reauthenticate/", {"code": current_totp_code(SECRET)})
    return client


def measure(client: Client, label: str) -> float:
    url = "/admin/applications/application/"
    timings = []
    for _ in range(5):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            timings.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
    median = statistics.median(timings)
    rows = Application.objects.count()
    print(f"{label}: {rows} applications, {len(queries)} queries, median {median * 1000:.0f} ms")
    return median


def main() -> None:
    large = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    settings.ALLOWED_HOSTS = ["testserver"]
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        vacancy, members, requirements = build_committee()
        client = signed_in_client(members[0])
        add_applications(vacancy, members, requirements, 0, 20)
        small = measure(client, "small")
        add_applications(vacancy, members, requirements, 20, large - 20)
        big = measure(client, "large")
        print(f"database: {connection.vendor}; time ratio large/small: {big / small:.2f}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
