from datetime import datetime

from core.models import WorkerHeartbeat
from core.services import HEARTBEAT_NAME


def worker_last_seen(*, name: str = HEARTBEAT_NAME) -> datetime | None:
    return WorkerHeartbeat.objects.filter(name=name).values_list("last_beat_at", flat=True).first()
