import json
import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from tests.factories import MilestoneFactory, PortfolioFactory, VacancyFactory
from vacancies.models import (
    DatePrecision,
    MilestoneDate,
    RequirementKind,
    VacancyKind,
    VacancyStatus,
)


@pytest.mark.django_db
def test_list_shows_open_vacancies_closing_soonest_first(client):
    later = VacancyFactory(title="Later", deadline=timezone.now() + timedelta(days=20))
    sooner = VacancyFactory(title="Sooner", deadline=timezone.now() + timedelta(days=2))
    VacancyFactory(title="Draft", status=VacancyStatus.DRAFT)
    VacancyFactory(title="Expired", deadline=timezone.now() - timedelta(minutes=1))

    response = client.get("/")

    titles = [vacancy.title for vacancy in response.context["page"].object_list]
    assert titles == [sooner.title, later.title]
    assert "2 openstaande vacatures" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=board", {"Bestuur"}),
        ("language=da", {"Sekretær"}),
        ("hours=upto16", {"Bestuur"}),
        ("hours=32plus", {"Fulltime"}),
        ("portfolio=Penningmeester", {"Bestuur"}),
        ("q=penning", {"Bestuur"}),
        ("q=aarhus", {"Sekretær"}),
        ("kind=nonsense", {"Bestuur", "Sekretær", "Fulltime"}),  # unknown values are ignored
    ],
)
def test_list_filters_and_search(client, query, expected):
    board = VacancyFactory(
        title="Bestuur", kind=VacancyKind.BOARD, hours_per_week_min=10, hours_per_week_max=10
    )
    PortfolioFactory(vacancy=board, name="Penningmeester")
    VacancyFactory(
        title="Sekretær",
        language="da",
        location="Aarhus",
        hours_per_week_min=28,
        hours_per_week_max=28,
    )
    VacancyFactory(title="Fulltime", hours_per_week_min=36, hours_per_week_max=40)

    response = client.get(f"/?{query}")

    assert {v.title for v in response.context["page"].object_list} == expected
    assert response.status_code == 200


@pytest.mark.django_db
def test_list_query_count_does_not_grow_with_the_number_of_vacancies(
    client, django_assert_num_queries
):
    def create(count):
        for _ in range(count):
            PortfolioFactory(vacancy=VacancyFactory(kind=VacancyKind.BOARD))

    create(3)
    with django_assert_num_queries(4):  # portfolio names, count, page, portfolios
        client.get("/")
    create(297)
    with django_assert_num_queries(4):
        response = client.get("/?page=2")
    assert len(response.context["page"].object_list) == 20


@pytest.mark.django_db
def test_empty_states(client):
    assert "Er zijn op dit moment geen openstaande vacatures." in client.get("/").content.decode()
    VacancyFactory()
    filtered = client.get("/?q=onvindbaar").content.decode()
    assert "Geen openstaande vacature past bij deze filters." in filtered


@pytest.mark.django_db
def test_detail_page_shows_facts_timeline_and_countdown(client):
    vacancy = VacancyFactory(
        deadline=timezone.now() + timedelta(days=9, hours=1),
        members_only=True,
        min_age=18,
        age_reference_date=date(2027, 3, 17),
        age_reference_label="verkiezingsdag",
        vog_required=True,
        is_paid=True,
        salary_min=3662,
        salary_max=5586,
        salary_scale="schaal 11",
    )
    vacancy.requirements.create(text="Kan samenwerken", kind=RequirementKind.MUST)
    vacancy.requirements.create(text="Heeft een netwerk", kind=RequirementKind.NICE)
    interviews = MilestoneFactory(vacancy=vacancy, description="Gesprekken in Utrecht.")
    MilestoneDate.objects.create(milestone=interviews, date=date(2027, 1, 8))
    alv = MilestoneFactory(vacancy=vacancy, kind="alv")
    MilestoneDate.objects.create(
        milestone=alv, date=date(2027, 9, 1), precision=DatePrecision.MONTH
    )

    page = client.get(vacancy.get_absolute_url()).content.decode()

    assert "Nog 9 dagen" in page
    assert "Kan samenwerken" in page and "Heeft een netwerk" in page
    assert "Alleen leden van BIJ1 kunnen solliciteren." in page
    assert "Je moet minstens 18 jaar oud zijn op verkiezingsdag (17 maart 2027)." in page
    assert "vrijdag 8 januari 2027" in page and "Gesprekken in Utrecht." in page
    assert "september 2027" in page
    assert "3.662" in page and "5.586" in page


@pytest.mark.django_db
def test_the_apply_button_leads_to_the_route_applications_registered(client):
    """vacancies links to no app above it: applications registers its form (vacancies.hooks)."""
    vacancy = VacancyFactory(deadline=timezone.now() + timedelta(days=3))
    page = client.get(vacancy.get_absolute_url()).content.decode()
    form = reverse("applications:apply", args=[vacancy.slug])
    assert page.count(f'href="{form}"') >= 1


@pytest.mark.django_db
def test_a_closed_vacancy_says_so_instead_of_a_404(client):
    vacancy = VacancyFactory(deadline=timezone.now() - timedelta(hours=2))

    response = client.get(vacancy.get_absolute_url())

    assert response.status_code == 200
    assert "Deze vacature sloot op" in response.content.decode()
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.CLOSED  # closed on the spot, not a minute later


@pytest.mark.django_db
@pytest.mark.parametrize("status", [VacancyStatus.DRAFT, VacancyStatus.ARCHIVED])
def test_drafts_and_archived_vacancies_are_not_public(client, status):
    vacancy = VacancyFactory(status=status)

    assert client.get(vacancy.get_absolute_url()).status_code == 404
    assert client.get(f"{vacancy.get_absolute_url()}procedure.ics").status_code == 404


@pytest.mark.django_db
def test_body_with_script_or_javascript_link_renders_inert(client):
    vacancy = VacancyFactory(
        body=(
            "Hallo <script>alert('x')</script>\n\n"
            "[klik](javascript:alert(1)) <img src=x onerror=alert(1)> "
            '<a href="https://bij1.org" onclick="steal()">site</a>'
        )
    )

    page = client.get(vacancy.get_absolute_url()).content.decode()
    body = page[page.index('class="vacancy-body') :]
    body = body[: body.index("</section>")]

    assert "<script" not in body
    assert "javascript:" not in body
    assert "onerror" not in body and "onclick" not in body
    assert 'href="https://bij1.org"' in body


@pytest.mark.django_db
def test_staff_jobs_carry_job_posting_json_ld(client):
    vacancy = VacancyFactory(
        kind=VacancyKind.STAFF,
        is_paid=True,
        location="Den Haag",
        salary_min=3662,
        salary_max=5586,
        reference_number="817",
        hours_per_week_min=40,
        hours_per_week_max=40,
    )
    board = VacancyFactory(kind=VacancyKind.BOARD)

    page = client.get(vacancy.get_absolute_url()).content.decode()
    data = json.loads(
        re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', page, re.S).group(1)
    )

    assert data["@type"] == "JobPosting"
    assert data["baseSalary"]["value"]["minValue"] == 3662
    assert data["jobLocation"]["address"]["addressLocality"] == "Den Haag"
    assert data["employmentType"] == "FULL_TIME"
    assert "ld+json" not in client.get(board.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_ical_download_has_deadline_and_dated_milestones(client):
    vacancy = VacancyFactory(title="Kandidatenlijst")
    round_one = MilestoneFactory(vacancy=vacancy, title="Eerste gespreksronde")
    for day in (17, 18, 19):
        MilestoneDate.objects.create(milestone=round_one, date=date(2027, 4, day))
    alv = MilestoneFactory(vacancy=vacancy, kind="alv")
    MilestoneDate.objects.create(
        milestone=alv, date=date(2027, 9, 1), precision=DatePrecision.MONTH
    )

    response = client.get(f"{vacancy.get_absolute_url()}procedure.ics")

    assert response["Content-Type"].startswith("text/calendar")
    events = Calendar.from_ical(response.content).walk("VEVENT")
    summaries = [str(event["SUMMARY"]) for event in events]
    assert summaries[0] == "Sluitingsdatum: Kandidatenlijst"
    assert summaries.count("Eerste gespreksronde · Kandidatenlijst") == 3
    assert len(events) == 4  # the month-only ALV date is not in the calendar
    assert events[0].decoded("DTSTART") == vacancy.deadline.replace(microsecond=0)


@pytest.mark.django_db
def test_atom_feed_lists_published_vacancies_newest_first(client):
    older = VacancyFactory(title="Ouder", published_at=timezone.now() - timedelta(days=3))
    newer = VacancyFactory(title="Nieuwer", published_at=timezone.now() - timedelta(days=1))
    VacancyFactory(title="Concept", status=VacancyStatus.DRAFT, published_at=None)

    response = client.get("/vacatures/feed/")

    body = response.content.decode()
    assert response["Content-Type"].startswith("application/atom+xml")
    assert body.index(newer.title) < body.index(older.title)
    assert "Concept" not in body
