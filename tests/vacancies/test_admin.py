from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from tests.factories import VacancyFactory
from vacancies.models import DeadlineExtension, Vacancy, VacancyStatus


@pytest.mark.django_db
def test_the_board_extends_a_deadline_in_the_vacancy_time_zone(staff_client):
    vacancy = VacancyFactory(time_zone="Europe/Copenhagen")
    new_day = (timezone.now() + timedelta(days=30)).astimezone(vacancy.zone).date()

    response = staff_client.post(
        f"/admin/vacancies/vacancy/{vacancy.pk}/extend/",
        {
            "new_deadline_0": new_day.strftime("%d-%m-%Y"),
            "new_deadline_1": "12:00",
            "reason": "Meer tijd voor sollicitanten.",
            "early_applicants_keep_programme": "on",
        },
    )

    assert response.status_code == 302
    vacancy.refresh_from_db()
    assert vacancy.local_deadline.date() == new_day
    assert vacancy.local_deadline.strftime("%H:%M") == "12:00"
    extension = DeadlineExtension.objects.get()
    assert extension.decided_by == staff_client.user
    assert extension.early_applicants_keep_programme


@pytest.mark.django_db
def test_an_earlier_deadline_is_refused_with_a_message(staff_client):
    vacancy = VacancyFactory()
    earlier = (vacancy.deadline - timedelta(days=2)).astimezone(vacancy.zone)

    response = staff_client.post(
        f"/admin/vacancies/vacancy/{vacancy.pk}/extend/",
        {
            "new_deadline_0": earlier.strftime("%d-%m-%Y"),
            "new_deadline_1": "10:00",
            "reason": "Oeps.",
        },
    )

    assert response.status_code == 200
    assert "De nieuwe sluitingsdatum moet later zijn dan de huidige." in response.content.decode()
    assert not DeadlineExtension.objects.exists()


@pytest.mark.django_db
def test_creating_a_vacancy_reads_the_deadline_in_its_time_zone(staff_client):
    response = staff_client.post(
        "/admin/vacancies/vacancy/add/",
        {
            "kind": "staff",
            "title": "Regionssekretær",
            "slug": "regionssekretaer",
            "summary": "Kort.",
            "body": "",
            "language": "da",
            "deadline_local_0": "15-12-2030",
            "deadline_local_1": "12:00",
            "time_zone": "America/Curacao",
            "salary_currency": "EUR",
            "salary_period": "month",
            "fields": "[]",
            **{
                f"{prefix}-{key}": value
                for prefix in (
                    "portfolios",
                    "requirements",
                    "milestones",
                    "representation_targets",
                    "faq_entries",
                    "contacts",
                    "deadline_extensions",
                )
                for key, value in (
                    ("TOTAL_FORMS", "0"),
                    ("INITIAL_FORMS", "0"),
                    ("MIN_NUM_FORMS", "0"),
                    ("MAX_NUM_FORMS", "1000"),
                )
            },
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    vacancy = Vacancy.objects.get(slug="regionssekretaer")
    assert vacancy.status == VacancyStatus.DRAFT
    assert vacancy.deadline.isoformat() == "2030-12-15T16:00:00+00:00"


@pytest.mark.django_db
def test_publish_action_and_refused_transition_message(staff_client):
    draft = VacancyFactory(status=VacancyStatus.DRAFT, published_at=None)
    finished = VacancyFactory(status=VacancyStatus.FINISHED)

    response = staff_client.post(
        "/admin/vacancies/vacancy/",
        {"action": "vacancy_publish", "_selected_action": [draft.pk, finished.pk]},
        follow=True,
    )

    draft.refresh_from_db()
    finished.refresh_from_db()
    assert draft.status == VacancyStatus.PUBLISHED
    assert finished.status == VacancyStatus.FINISHED
    page = response.content.decode()
    assert "1 vacatures gewijzigd." in page
    assert "kan niet gepubliceerd worden" in page


@pytest.mark.django_db
def test_preview_shows_a_draft_to_the_board_but_not_to_the_public(staff_client):
    draft = VacancyFactory(status=VacancyStatus.DRAFT, title="Nog geheim")

    preview = staff_client.get(f"/admin/vacancies/vacancy/{draft.pk}/preview/")

    assert preview.status_code == 200
    assert "Voorbeeld: zo ziet de openbare pagina eruit." in preview.content.decode()
    assert "Nog geheim" in preview.content.decode()
    assert Client().get(draft.get_absolute_url()).status_code == 404
    assert Client().get(f"/admin/vacancies/vacancy/{draft.pk}/preview/").status_code == 302
