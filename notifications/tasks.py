from celery import shared_task

from notifications.services import notifications_send_due, reminders_sweep


@shared_task
def send_due_notifications() -> int:
    """Every minute from the beat schedule, and right after commit for immediate mail."""
    return notifications_send_due()


@shared_task
def sweep_reminders() -> int:
    """Every quarter of an hour: queue what the reminder rules say is due."""
    return reminders_sweep()
