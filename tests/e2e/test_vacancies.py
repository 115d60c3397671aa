from datetime import timedelta

import pytest
from django.utils import timezone
from icalendar import Calendar

from tests.e2e.conftest import serious_accessibility_violations
from tests.factories import MilestoneFactory, PortfolioFactory, VacancyFactory
from vacancies.models import MilestoneDate, VacancyKind

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def vacancies():
    board = VacancyFactory(
        title="Landelijk bestuur",
        kind=VacancyKind.BOARD,
        members_only=True,
        hours_per_week_min=10,
        hours_per_week_max=10,
        deadline=timezone.now() + timedelta(days=9, hours=2),
        body="Wij zoeken **bestuursleden**.\n\n- met ervaring\n- met zin",
    )
    PortfolioFactory(vacancy=board, name="Penningmeester")
    PortfolioFactory(vacancy=board, name="Secretaris")
    interviews = MilestoneFactory(vacancy=board, description="Gesprekken met de commissie.")
    MilestoneDate.objects.create(
        milestone=interviews, date=timezone.localdate() + timedelta(days=20)
    )
    VacancyFactory(
        title="Programmasecretaris",
        kind=VacancyKind.STAFF,
        is_paid=True,
        salary_min=3662,
        salary_max=5586,
        location="Den Haag",
    )
    return board


def test_browse_filter_open_detail_and_download_the_calendar(page, console, vacancies, tmp_path):
    page.goto("/")
    assert page.get_by_role("heading", name="2 openstaande vacatures").is_visible()

    page.get_by_label("Soort").select_option("board")
    page.get_by_role("button", name="Toon vacatures").click()
    assert page.get_by_role("heading", name="1 openstaande vacature").is_visible()
    page.screenshot(path=tmp_path / "list-filtered.png", full_page=True)

    page.get_by_role("link", name="Landelijk bestuur").click()
    assert page.get_by_role("heading", level=1, name="Landelijk bestuur").is_visible()
    assert page.locator(".deadline-badge").first.inner_text() == "Nog 9 dagen"
    timeline = page.locator(".timeline")
    assert "Gespreksronde" in timeline.inner_text()
    assert "Gesprekken met de commissie." in timeline.inner_text()
    assert "Penningmeester" in page.locator("#portfolios-title + p + ul").inner_text()
    page.screenshot(path=tmp_path / "detail.png", full_page=True)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Zet deze data in je agenda (iCal)").click()
    calendar = Calendar.from_ical(download_info.value.path().read_bytes())
    assert len(calendar.walk("VEVENT")) == 2
    assert console.errors == []


@pytest.mark.parametrize("language", ["nl", "en"])
def test_list_and_detail_have_no_serious_accessibility_violations(
    page, vacancies, language, tmp_path
):
    page.goto("/")
    if language == "en":
        page.get_by_role("button", name="English").click()
        page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == language
    assert serious_accessibility_violations(page) == []
    page.screenshot(path=tmp_path / f"list-{language}.png", full_page=True)

    page.goto(vacancies.get_absolute_url())
    assert serious_accessibility_violations(page) == []
    page.screenshot(path=tmp_path / f"detail-{language}.png", full_page=True)


def test_phone_width_keeps_the_apply_button_in_view(page, vacancies):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(vacancies.get_absolute_url())

    apply = page.get_by_role("link", name="Solliciteer", exact=True).first
    assert apply.is_visible()
    box = apply.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
