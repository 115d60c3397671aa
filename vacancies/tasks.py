from celery import shared_task

from vacancies.services import vacancies_close_expired


@shared_task
def close_expired_vacancies() -> int:
    """Every minute from the beat schedule: close published vacancies past their deadline."""
    return vacancies_close_expired()
