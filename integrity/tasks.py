"""Thin Celery tasks around the conflict-of-interest check (integrity.conflicts)."""

import logging

from celery import shared_task

from integrity.conflicts import conflicts_check, conflicts_check_unscanned

logger = logging.getLogger(__name__)


@shared_task
def check_application(application_id: int) -> int:
    return conflicts_check(application_ids=[application_id])


@shared_task
def check_person(user_id: int) -> int:
    """After someone's declaration or positions changed: as applicant and as judge."""
    from applications.selectors import application_ids_of

    created = conflicts_check(application_ids=application_ids_of(user_id=user_id))
    return created + conflicts_check(person_ids=[user_id])


@shared_task
def check_unscanned() -> int:
    """Catch up on applications whose check was never enqueued (a broker outage)."""
    return conflicts_check_unscanned()


@shared_task
def sweep_conflicts() -> int:
    created = conflicts_check()
    logger.info("Conflict-of-interest sweep raised %d new flags", created)
    return created
