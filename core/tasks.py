from celery import shared_task

from core.services import heartbeat_record


@shared_task
def record_worker_heartbeat() -> str:
    """Runs every minute from the beat schedule; returns the recorded time (ISO 8601)."""
    return heartbeat_record().isoformat()


@shared_task
def retention_nightly() -> dict:
    """Nightly: everything personal that its period (core.retention) says must go, goes."""
    from core.retention import retention_run

    return retention_run()
