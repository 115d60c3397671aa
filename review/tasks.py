"""Thin Celery tasks for the committees."""

from celery import shared_task

from review.services import seat_check, seats_check_unchecked


@shared_task
def check_seat(seat_id: int) -> int:
    return seat_check(seat_id=seat_id)


@shared_task
def check_new_seats() -> int:
    """Catch up on seats whose check was never enqueued (a broker outage)."""
    return seats_check_unchecked()


@shared_task
def send_confidential_notices() -> int:
    from review.services import confidential_notices_due

    return confidential_notices_due()
