from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from core.errors import ServiceError
from core.models import AuditEntry
from tests.factories import VacancyFactory
from vacancies.models import DeadlineExtension, VacancyStatus
from vacancies.selectors import vacancy_days_left
from vacancies.services import (
    deadline_from_local,
    vacancies_close_expired,
    vacancy_extend_deadline,
    vacancy_keeps_original_programme,
)

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
UTC = ZoneInfo("UTC")


def test_a_local_deadline_is_stored_in_utc_with_the_right_offset():
    winter = deadline_from_local(datetime(2026, 12, 15, 12, 0), "Europe/Amsterdam")
    summer = deadline_from_local(datetime(2026, 6, 15, 12, 0), "Europe/Amsterdam")
    copenhagen = deadline_from_local(datetime(2026, 12, 15, 12, 0), "Europe/Copenhagen")
    curacao = deadline_from_local(datetime(2026, 12, 15, 12, 0), "America/Curacao")

    assert winter.astimezone(UTC).hour == 11
    assert summer.astimezone(UTC).hour == 10
    assert copenhagen.astimezone(UTC) == winter.astimezone(UTC)
    assert curacao.astimezone(UTC).hour == 16


def test_a_time_skipped_by_the_clock_change_is_refused():
    # On 29 March 2026 the clocks in Amsterdam jump from 02:00 to 03:00.
    with pytest.raises(ServiceError, match="bestaat niet in Europe/Amsterdam"):
        deadline_from_local(datetime(2026, 3, 29, 2, 30), "Europe/Amsterdam")


def test_a_time_that_occurs_twice_means_the_first_occurrence():
    # On 25 October 2026 the clocks go back from 03:00 to 02:00: 02:30 happens twice.
    aware = deadline_from_local(datetime(2026, 10, 25, 2, 30), "Europe/Amsterdam")

    assert aware.astimezone(UTC) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)


@pytest.mark.django_db
def test_days_left_counts_calendar_days_in_the_vacancy_time_zone_across_dst():
    # Deadline on the Monday after the clocks go forward; "now" is the Friday before at 23:30.
    deadline = datetime(2026, 3, 30, 12, 0, tzinfo=AMSTERDAM)
    vacancy = VacancyFactory(deadline=deadline)

    friday_late = datetime(2026, 3, 27, 23, 30, tzinfo=AMSTERDAM)
    monday_morning = datetime(2026, 3, 30, 8, 0, tzinfo=AMSTERDAM)
    monday_noon = datetime(2026, 3, 30, 12, 0, tzinfo=AMSTERDAM)

    assert vacancy_days_left(vacancy=vacancy, now=friday_late) == 3
    assert vacancy_days_left(vacancy=vacancy, now=monday_morning) == 0
    assert vacancy_days_left(vacancy=vacancy, now=monday_noon) is None  # closed at 12:00 sharp


@pytest.mark.django_db
def test_days_left_uses_the_vacancy_zone_not_the_site_zone():
    # At 01:00 on 15 December in Amsterdam it is still 20:00 on the 14th in Curaçao: a
    # Curaçao deadline on the 15th is tomorrow there (Amsterdam's calendar would say today).
    deadline = datetime(2026, 12, 15, 12, 0, tzinfo=ZoneInfo("America/Curacao"))
    vacancy = VacancyFactory(deadline=deadline, time_zone="America/Curacao")

    now = datetime(2026, 12, 15, 1, 0, tzinfo=AMSTERDAM)

    assert vacancy_days_left(vacancy=vacancy, now=now) == 1


@pytest.mark.django_db
def test_the_server_clock_closes_a_vacancy_at_its_deadline():
    vacancy = VacancyFactory(deadline=timezone.now() + timedelta(minutes=5))

    assert vacancy.accepts_applications()
    assert not vacancy.accepts_applications(now=vacancy.deadline)
    assert vacancies_close_expired(now=vacancy.deadline - timedelta(seconds=1)) == 0
    assert vacancies_close_expired(now=vacancy.deadline) == 1

    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.CLOSED
    assert AuditEntry.objects.filter(action="vacancies.closed").count() == 1
    assert vacancies_close_expired(now=vacancy.deadline) == 0  # idempotent


@pytest.mark.django_db
def test_an_extension_records_history_and_reopens_a_closed_vacancy(user):
    original = timezone.now() - timedelta(hours=1)
    vacancy = VacancyFactory(deadline=original)
    vacancies_close_expired()
    new = timezone.now() + timedelta(days=14)

    extension = vacancy_extend_deadline(
        vacancy=vacancy,
        new_deadline=new,
        reason="Te weinig reacties.",
        early_applicants_keep_programme=True,
        actor=user,
    )

    vacancy.refresh_from_db()
    assert vacancy.deadline == new
    assert vacancy.status == VacancyStatus.PUBLISHED
    assert (extension.old_deadline, extension.new_deadline) == (original, new)
    assert extension.decided_by == user
    assert AuditEntry.objects.filter(action="vacancies.extend_deadline").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("shift", "reason", "message"),
    [
        (timedelta(days=-1), "reden", "later zijn dan de huidige"),
        (timedelta(days=3), "   ", "Geef de reden"),
    ],
)
def test_an_extension_must_move_later_and_give_a_reason(user, shift, reason, message):
    vacancy = VacancyFactory()

    with pytest.raises(ServiceError, match=message):
        vacancy_extend_deadline(
            vacancy=vacancy,
            new_deadline=vacancy.deadline + shift,
            reason=reason,
            early_applicants_keep_programme=True,
            actor=user,
        )
    assert DeadlineExtension.objects.count() == 0


@pytest.mark.django_db
def test_no_extension_once_the_procedure_has_started(user):
    vacancy = VacancyFactory(status=VacancyStatus.IN_PROCEDURE)

    with pytest.raises(ServiceError, match="procedure is al verder"):
        vacancy_extend_deadline(
            vacancy=vacancy,
            new_deadline=vacancy.deadline + timedelta(days=5),
            reason="x",
            early_applicants_keep_programme=True,
            actor=user,
        )


@pytest.mark.django_db
def test_early_applicants_keep_their_programme_only_when_the_extension_says_so(user):
    original = timezone.now() + timedelta(days=2)
    vacancy = VacancyFactory(deadline=original)
    vacancy_extend_deadline(
        vacancy=vacancy,
        new_deadline=original + timedelta(days=14),
        reason="Verlengd",
        early_applicants_keep_programme=True,
        actor=user,
    )
    other = VacancyFactory(deadline=original)
    vacancy_extend_deadline(
        vacancy=other,
        new_deadline=original + timedelta(days=14),
        reason="Verlengd",
        early_applicants_keep_programme=False,
        actor=user,
    )

    early = original - timedelta(days=1)
    late = original + timedelta(days=1)

    assert vacancy_keeps_original_programme(vacancy=vacancy, applied_at=early)
    assert not vacancy_keeps_original_programme(vacancy=vacancy, applied_at=late)
    assert not vacancy_keeps_original_programme(vacancy=other, applied_at=early)


def test_the_beat_schedule_sweeps_expired_vacancies_every_minute(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["close-expired-vacancies"]

    assert entry == {"task": "vacancies.tasks.close_expired_vacancies", "schedule": 60.0}
