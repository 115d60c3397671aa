"""Thin Celery tasks for the committees."""

from celery import shared_task

from review.models import CommitteeMember
from review.services import seat_check


@shared_task
def check_seat(seat_id: int) -> int:
    return seat_check(seat_id=seat_id)


@shared_task
def check_new_seats() -> int:
    """Catch up on seats whose check was never enqueued (a broker outage)."""
    pending = CommitteeMember.objects.filter(conflicts_checked_at__isnull=True)
    return sum(seat_check(seat_id=pk) for pk in pending.values_list("pk", flat=True))


@shared_task
def send_confidential_notices() -> int:
    from review.services import confidential_notices_due

    return confidential_notices_due()
