from datetime import datetime
from typing import Any

from django.db import models, transaction
from django.db.models import F
from django.utils import timezone

from core.models import AuditEntry, WorkerHeartbeat

HEARTBEAT_NAME = "celery"


def audit_log(
    *, actor: Any | None, action: str, target: models.Model | None = None, data: dict | None = None
) -> AuditEntry:
    """Write one audit row. Call it inside the service's own transaction."""
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        object_type=target._meta.label_lower if target is not None else "",
        object_id=str(target.pk) if target is not None else "",
        data=data or {},
    )


@transaction.atomic
def heartbeat_record(*, name: str = HEARTBEAT_NAME) -> datetime:
    """Mark that a worker ran just now; returns the recorded time. Safe to run concurrently."""
    now = timezone.now()
    updated = WorkerHeartbeat.objects.filter(name=name).update(
        last_beat_at=now, beats=F("beats") + 1
    )
    if not updated:
        WorkerHeartbeat.objects.get_or_create(name=name, defaults={"last_beat_at": now, "beats": 1})
    return now
