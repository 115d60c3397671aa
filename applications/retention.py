"""Retention (DESIGN §7): applications that did not lead anywhere are deleted four weeks after
their procedure ended, or after a year where the applicant agreed to be kept on file."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from applications.models import Application, ApplicationStatus, PurgeLog, Retention
from core.privacy import after_purge_hooks
from core.services import audit_log

PROCEDURE_RETENTION = timedelta(weeks=4)
ON_FILE_RETENTION = timedelta(days=365)
# Applications that did not lead anywhere; accepted ones stay (the board keeps its records).
PURGEABLE = [ApplicationStatus.DRAFT, ApplicationStatus.WITHDRAWN, ApplicationStatus.NOT_SELECTED]


@dataclass
class PurgePlan:
    applications: list[Application]

    def by_vacancy(self) -> dict:
        grouped = defaultdict(list)
        for application in self.applications:
            grouped[application.vacancy].append(application)
        return grouped


def purge_due(*, now: datetime | None = None) -> PurgePlan:
    """What the purge would delete now (the dry run shows this)."""
    now = now or timezone.now()
    due = Application.objects.filter(status__in=PURGEABLE, vacancy__ended_at__isnull=False).filter(
        Q(retention=Retention.PROCEDURE, vacancy__ended_at__lte=now - PROCEDURE_RETENTION)
        | Q(retention=Retention.ONE_YEAR, vacancy__ended_at__lte=now - ON_FILE_RETENTION)
    )
    return PurgePlan(list(due.select_related("vacancy").prefetch_related("files")))


@transaction.atomic
def purge_expired(*, now: datetime | None = None) -> list[PurgeLog]:
    """Delete what is due, files included, and log per vacancy how much went (no names)."""
    plan = purge_due(now=now)
    logs = []
    user_ids = set()
    for vacancy, applications in plan.by_vacancy().items():
        files = 0
        for application in applications:
            for attached in application.files.all():
                attached.file.delete(save=False)
                files += 1
            user_ids.add(application.applicant_id)
            application.delete()
        logs.append(
            PurgeLog.objects.create(
                vacancy=vacancy, applications_deleted=len(applications), files_deleted=files
            )
        )
    for hook in after_purge_hooks():
        hook(user_ids)
    if logs:
        audit_log(
            actor=None,
            action="applications.retention_purge",
            data={"applications": sum(log.applications_deleted for log in logs)},
        )
    return logs
