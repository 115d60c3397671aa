from datetime import timedelta

import pytest
from django.utils import timezone

from core.errors import ServiceError
from tests.factories import VacancyFactory
from vacancies.models import VacancyStatus
from vacancies.services import (
    vacancy_archive,
    vacancy_close,
    vacancy_finish,
    vacancy_publish,
    vacancy_start_procedure,
)

S = VacancyStatus


@pytest.mark.django_db
def test_the_whole_life_cycle_in_order(user):
    vacancy = VacancyFactory(status=S.DRAFT, published_at=None)

    vacancy_publish(vacancy=vacancy, actor=user)
    vacancy.refresh_from_db()
    assert vacancy.status == S.PUBLISHED and vacancy.published_at is not None

    for service, expected in [
        (vacancy_close, S.CLOSED),
        (vacancy_start_procedure, S.IN_PROCEDURE),
        (vacancy_finish, S.FINISHED),
        (vacancy_archive, S.ARCHIVED),
    ]:
        service(vacancy=vacancy, actor=user)
        vacancy.refresh_from_db()
        assert vacancy.status == expected
    assert vacancy.ended_at is not None  # retention periods count from the procedure's end


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("start", "service"),
    [
        (S.DRAFT, vacancy_close),
        (S.DRAFT, vacancy_start_procedure),
        (S.PUBLISHED, vacancy_finish),
        (S.PUBLISHED, vacancy_start_procedure),
        (S.IN_PROCEDURE, vacancy_publish),
        (S.FINISHED, vacancy_publish),
        (S.ARCHIVED, vacancy_publish),
        (S.ARCHIVED, vacancy_close),
    ],
)
def test_refused_transitions_change_nothing(user, start, service):
    vacancy = VacancyFactory(status=start)

    with pytest.raises(ServiceError, match=r"Een vacature die .* is, kan niet .* worden\."):
        service(vacancy=vacancy, actor=user)

    vacancy.refresh_from_db()
    assert vacancy.status == start


@pytest.mark.django_db
def test_a_draft_past_its_deadline_cannot_be_published(user):
    vacancy = VacancyFactory(status=S.DRAFT, deadline=timezone.now() - timedelta(minutes=1))

    with pytest.raises(ServiceError, match="sluitingsdatum is verstreken"):
        vacancy_publish(vacancy=vacancy, actor=user)
