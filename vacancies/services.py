"""Writes on vacancies: the life-cycle transitions and deadline extensions.

Every status change goes through ``_transition``, which checks the allowed moves; nothing else
assigns ``Vacancy.status``.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import ServiceError
from core.services import audit_log
from vacancies.models import DeadlineExtension, Vacancy, VacancyStatus

S = VacancyStatus
ALLOWED_TRANSITIONS: dict[str, set[str]] = {
    S.DRAFT: {S.PUBLISHED, S.ARCHIVED},
    S.PUBLISHED: {S.CLOSED},
    S.CLOSED: {S.PUBLISHED, S.IN_PROCEDURE, S.FINISHED, S.ARCHIVED},
    S.IN_PROCEDURE: {S.FINISHED},
    S.FINISHED: {S.ARCHIVED},
    S.ARCHIVED: set(),
}


def deadline_from_local(local: datetime, time_zone: str) -> datetime:
    """Turn a wall-clock date and time in ``time_zone`` into an aware datetime.

    Raises ServiceError for a time that does not exist there (the hour skipped when summer
    time starts). A time that occurs twice (when summer time ends) means its first occurrence.
    """
    zone = ZoneInfo(time_zone)
    aware = local.replace(tzinfo=zone, fold=0)
    round_trip = aware.astimezone(ZoneInfo("UTC")).astimezone(zone)
    if round_trip.replace(tzinfo=None) != local.replace(tzinfo=None):
        raise ServiceError(
            _("%(time)s does not exist in %(zone)s: the clocks skip that hour.")
            % {"time": local.strftime("%Y-%m-%d %H:%M"), "zone": time_zone}
        )
    return aware


def _transition(vacancy: Vacancy, target: str, *, actor, reason: str = "") -> Vacancy:
    if target not in ALLOWED_TRANSITIONS[vacancy.status]:
        raise ServiceError(
            _("A vacancy that is %(current)s cannot become %(target)s.")
            % {
                "current": VacancyStatus(vacancy.status).label.lower(),
                "target": VacancyStatus(target).label.lower(),
            }
        )
    previous = vacancy.status
    vacancy.status = target
    update_fields = ["status", "updated_at"]
    if target == S.PUBLISHED and vacancy.published_at is None:
        vacancy.published_at = timezone.now()
        update_fields.append("published_at")
    if target in (S.FINISHED, S.ARCHIVED) and vacancy.ended_at is None:
        vacancy.ended_at = timezone.now()
        update_fields.append("ended_at")
    vacancy.save(update_fields=update_fields)
    audit_log(
        actor=actor,
        action=f"vacancies.{target}",
        target=vacancy,
        data={"from": previous, "reason": reason} if reason else {"from": previous},
    )
    return vacancy


def _locked(vacancy: Vacancy) -> Vacancy:
    return Vacancy.objects.select_for_update().get(pk=vacancy.pk)


@transaction.atomic
def vacancy_publish(*, vacancy: Vacancy, actor) -> Vacancy:
    """Publish a draft. Raises ServiceError when the deadline has already passed."""
    vacancy = _locked(vacancy)
    if vacancy.is_past_deadline():
        raise ServiceError(_("The deadline has passed: move it later before publishing."))
    return _transition(vacancy, S.PUBLISHED, actor=actor)


@transaction.atomic
def vacancy_close(*, vacancy: Vacancy, actor, reason: str = "") -> Vacancy:
    return _transition(_locked(vacancy), S.CLOSED, actor=actor, reason=reason)


@transaction.atomic
def vacancy_start_procedure(*, vacancy: Vacancy, actor) -> Vacancy:
    return _transition(_locked(vacancy), S.IN_PROCEDURE, actor=actor)


@transaction.atomic
def vacancy_finish(*, vacancy: Vacancy, actor) -> Vacancy:
    return _transition(_locked(vacancy), S.FINISHED, actor=actor)


@transaction.atomic
def vacancy_archive(*, vacancy: Vacancy, actor) -> Vacancy:
    return _transition(_locked(vacancy), S.ARCHIVED, actor=actor)


@transaction.atomic
def vacancy_extend_deadline(
    *,
    vacancy: Vacancy,
    new_deadline: datetime,
    reason: str,
    early_applicants_keep_programme: bool,
    actor,
) -> DeadlineExtension:
    """Move the deadline later and record the old one, the new one and why.

    A vacancy that had closed at its deadline opens again. Raises ServiceError when the new
    deadline is not later than the current one or not in the future, when no reason is given,
    or when the procedure has already moved on.
    """
    vacancy = _locked(vacancy)
    if vacancy.status not in (S.DRAFT, S.PUBLISHED, S.CLOSED):
        raise ServiceError(_("The procedure has moved on; the deadline can no longer change."))
    if new_deadline <= vacancy.deadline:
        raise ServiceError(_("The new deadline must be later than the current one."))
    if new_deadline <= timezone.now():
        raise ServiceError(_("The new deadline must lie in the future."))
    if not reason.strip():
        raise ServiceError(_("Give the reason for the extension; applicants will see it."))
    extension = DeadlineExtension.objects.create(
        vacancy=vacancy,
        old_deadline=vacancy.deadline,
        new_deadline=new_deadline,
        reason=reason.strip(),
        early_applicants_keep_programme=early_applicants_keep_programme,
        decided_by=actor if getattr(actor, "pk", None) else None,
    )
    vacancy.deadline = new_deadline
    vacancy.save(update_fields=["deadline", "updated_at"])
    audit_log(
        actor=actor,
        action="vacancies.extend_deadline",
        target=vacancy,
        data={"old": extension.old_deadline.isoformat(), "new": new_deadline.isoformat()},
    )
    if vacancy.status == S.CLOSED:
        _transition(vacancy, S.PUBLISHED, actor=actor, reason="deadline extended")
    return extension


def vacancy_keeps_original_programme(*, vacancy: Vacancy, applied_at: datetime) -> bool:
    """Whether someone who applied at ``applied_at`` keeps the programme announced before an
    extension: true when they applied before a deadline that was later extended with the
    'early applicants keep their programme' rule."""
    return any(
        extension.early_applicants_keep_programme and applied_at < extension.old_deadline
        for extension in vacancy.deadline_extensions.all()
    )


def vacancies_close_expired(*, now: datetime | None = None) -> int:
    """Close every published vacancy whose deadline has passed; returns how many closed.
    Runs every minute from the beat schedule; the pages never rely on it (they compare the
    deadline with the server's clock themselves)."""
    now = now or timezone.now()
    closed = 0
    expired_ids = list(
        Vacancy.objects.filter(status=S.PUBLISHED, deadline__lte=now).values_list("pk", flat=True)
    )
    for pk in expired_ids:
        with transaction.atomic():
            vacancy = Vacancy.objects.select_for_update().get(pk=pk)
            if vacancy.status == S.PUBLISHED and vacancy.deadline <= now:
                _transition(vacancy, S.CLOSED, actor=None, reason="deadline passed")
                closed += 1
    return closed
