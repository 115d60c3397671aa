"""Retention (docs/privacy.md): every application that did not lead to an
appointment goes four weeks after its procedure ended, or after a year where the applicant
agreed to be kept on file, whatever its status. An application under a legal hold (a place
on an adopted list, a candidate the ALV voted on) stays until the hold ends.

Each application is purged in a transaction of its own: one that cannot go (a reference
nobody foresaw) is logged and left, and never stops the others; its files leave the disk only
after its own transaction committed (core.files)."""

import logging
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from applications.erasure import erase_applications
from applications.models import Application, ApplicationStatus, PurgeLog, Retention
from core.privacy import after_purge_hooks
from core.retention import period
from core.services import audit_log

logger = logging.getLogger(__name__)

# The applications that led to an appointment stay: the board keeps its records of who holds
# which office.
KEPT_STATUSES = [ApplicationStatus.ACCEPTED]


@dataclass
class PurgePlan:
    applications: list[Application]

    def by_vacancy(self) -> dict:
        grouped = defaultdict(list)
        for application in self.applications:
            grouped[application.vacancy].append(application)
        return grouped


def _due(now: datetime) -> QuerySet:
    ended = Q(vacancy__ended_at__isnull=False)
    procedure_over = Q(
        retention=Retention.PROCEDURE,
        vacancy__ended_at__lte=now - period("application_procedure"),
    )
    on_file_over = Q(
        retention=Retention.ONE_YEAR, vacancy__ended_at__lte=now - period("application_on_file")
    )
    return (
        Application.objects.filter(ended & (procedure_over | on_file_over))
        .exclude(status__in=KEPT_STATUSES)
        .exclude(legal_holds__until__gt=now)
        .exclude(record_anonymised_at__isnull=False)
    )


def purge_due(*, now: datetime | None = None) -> PurgePlan:
    """What the purge would take now (the dry run shows this; a legal hold found at the
    moment of purging still keeps an application)."""
    now = now or timezone.now()
    return PurgePlan(list(_due(now).select_related("vacancy").order_by("pk")))


def purge_expired(*, now: datetime | None = None) -> list[PurgeLog]:
    """Purge what is due, one application at a time, and log per vacancy how many went and
    how many a legal hold kept (counts only, never who)."""
    now = now or timezone.now()
    deleted, kept, user_ids = Counter(), Counter(), set()
    vacancies = {}
    for application in purge_due(now=now).applications:
        vacancies[application.vacancy_id] = application.vacancy
        try:
            outcome = _purge_one(application.pk, now=now)
        except Exception:
            logger.exception("Retention: application %s could not be purged", application.pk)
            continue
        if outcome == "deleted":
            deleted[application.vacancy_id] += 1
            user_ids.add(application.applicant_id)
        elif outcome == "kept":
            kept[application.vacancy_id] += 1
    logs = [
        PurgeLog.objects.create(
            vacancy=vacancies[vacancy_id],
            applications_deleted=deleted[vacancy_id],
            applications_kept=kept[vacancy_id],
        )
        for vacancy_id in sorted(set(deleted) | set(kept))
    ]
    with transaction.atomic():
        for hook in after_purge_hooks():
            hook(user_ids)
    if logs:
        audit_log(
            actor=None,
            action="applications.retention_purge",
            data={"applications": sum(deleted.values()), "kept": sum(kept.values())},
        )
    return logs


@transaction.atomic
def _purge_one(application_id: int, *, now: datetime) -> str:
    """ "deleted", "kept" (a legal hold), or "" when it is no longer due (changed meanwhile)."""
    locked = _due(now).select_for_update(of=("self",)).filter(pk=application_id).first()
    if locked is None:
        return ""
    result = erase_applications([locked.pk], now=now)
    return "deleted" if result.deleted else "kept"
