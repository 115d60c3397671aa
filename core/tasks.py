from celery import shared_task

from core.services import heartbeat_record


@shared_task
def record_worker_heartbeat() -> str:
    """Runs every minute from the beat schedule; returns the recorded time (ISO 8601)."""
    return heartbeat_record().isoformat()
