"""How long does the candidate-list PDF take for a list of 8 and of 80, and how much memory?

Builds a throwaway database (SQLite in memory by default, or DATABASE_URL's server) with one
candidate-list vacancy whose concept list holds N candidates (every consent in, every gender
marker set, the last two list pushers), then renders the members' PDF through the export
service (checks included), once to warm up and 3 times measured. Prints the median time, the
pages, the peak Python heap during a render (tracemalloc) and the process's peak resident
memory (which includes WeasyPrint's C libraries), for 8 and for 80 candidates, and the ratio.
Usage: python bench/pdf.py   (goal: 80 within 3 s, roughly linear)
"""

import io
import os
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bij1_recruit.settings")
os.environ.setdefault("DEBUG", "1")

import django

django.setup()

from datetime import date, timedelta  # noqa: E402

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from applications.models import Application, ApplicationStatus  # noqa: E402
from exports.services import ExportFormat, candidate_list_export  # noqa: E402
from members.models import User  # noqa: E402
from review.models import ConceptList, ConceptListEntry  # noqa: E402
from vacancies.models import Vacancy, VacancyKind, VacancyStatus  # noqa: E402

SIZES = (8, 80)
RUNS = 3
PREFIXES = ["", "", "van", "de", "van der", "", "el", ""]


def build_list(size: int) -> Vacancy:
    vacancy = Vacancy.objects.create(
        kind=VacancyKind.CANDIDATE_LIST,
        title=f"Kandidatenlijst Tweede Kamer ({size})",
        slug=f"lijst-{size}",
        status=VacancyStatus.PUBLISHED,
        deadline=timezone.now() + timedelta(days=10),
    )
    applicants = User.objects.bulk_create(
        User(email=f"kandidaat{size}-{i}@example.org") for i in range(size)
    )
    applications = Application.objects.bulk_create(
        Application(
            vacancy=vacancy,
            applicant=user,
            status=ApplicationStatus.ADVISED,
            initials="a b" if i % 3 else "m.e.j",
            first_name=f"Voornaam{i}",
            name_prefix=PREFIXES[i % len(PREFIXES)],
            last_name=f"Achternaam{i}",
            date_of_birth=date(1960 + i % 40, 1 + i % 12, 1 + i % 28),
            place_of_residence="Rotterdam" if i % 7 else "Antwerpen",
            country="NL" if i % 7 else "BE",
            list_gender="mv"[i % 2],
        )
        for i, user in enumerate(applicants)
    )
    concept_list = ConceptList.objects.create(vacancy=vacancy, max_size=80)
    ConceptListEntry.objects.bulk_create(
        ConceptListEntry(
            concept_list=concept_list,
            application=application,
            position=position,
            is_pusher=position > size - 2,
            consent_received_at=timezone.now(),
        )
        for position, application in enumerate(applications, 1)
    )
    return vacancy


def render(vacancy: Vacancy) -> bytes:
    return candidate_list_export(vacancy=vacancy, file_format=ExportFormat.PDF, actor=None).content


def measure(vacancy: Vacancy, size: int) -> float:
    render(vacancy)  # warm-up: fonts, templates
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        content = render(vacancy)
        timings.append(time.perf_counter() - started)
    tracemalloc.start()  # a separate run: tracing slows Python down
    render(vacancy)
    heap_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    median = statistics.median(timings)
    pages = len(PdfReader(io.BytesIO(content)).pages)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
    print(
        f"{size} candidates: {pages} pages, {len(content) / 1024:.0f} kB, median "
        f"{median * 1000:.0f} ms of {RUNS}, peak Python heap {heap_peak / 2**20:.1f} MB, "
        f"process peak RSS so far {rss_mb:.0f} MB"
    )
    return median


def main() -> None:
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        vacancies = {size: build_list(size) for size in SIZES}
        small, large = (measure(vacancies[size], size) for size in SIZES)
        per_candidate = (large - small) / (SIZES[1] - SIZES[0])
        print(
            f"database: {connection.vendor}; time ratio {SIZES[1]}/{SIZES[0]}: "
            f"{large / small:.1f} (list ratio {SIZES[1] / SIZES[0]:.0f}): a fixed "
            f"{(small - SIZES[0] * per_candidate) * 1000:.0f} ms plus "
            f"{per_candidate * 1000:.1f} ms per candidate; "
            f"goal: {SIZES[1]} within 3 s: {'met' if large <= 3 else 'NOT met'}"
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
