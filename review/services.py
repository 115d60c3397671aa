"""Writes on committees: seats, vacancies, the confidentiality agreement, and the chair's
decisions on conflicts of interest. Each runs in one transaction and leaves an audit row."""

from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import ServiceError
from core.services import audit_log
from core.tasks_util import enqueue_on_commit
from integrity.conflicts import conflicts_check
from integrity.models import ConflictFlag
from integrity.permissions import is_integrity_officer
from integrity.services import flag_resolve, relation_declare
from members.roles import CANDIDATE_COMMITTEE
from review.models import Committee, CommitteeMember, CommitteeRole, CommitteeVacancy
from review.selectors import (
    applied_in_committee,
    committee_of,
    is_acting_chair,
    may_review,
    seat_members_who_applied,
)


def _enqueue_seat_check(seat: CommitteeMember) -> None:
    from review.tasks import check_seat  # tasks import services

    enqueue_on_commit(check_seat, seat_id=seat.pk)


@transaction.atomic
def committee_seat_add(
    *, committee: Committee, user, role: str = CommitteeRole.MEMBER, actor
) -> CommitteeMember:
    """Give someone a seat. Refused for anyone who applied in one of the committee's
    procedures, and for a second chair or deputy. The new member gets staff access (with the
    second factor that brings) and sees no application before their conflicts are checked
    and they accepted the confidentiality agreement."""
    if applied_in_committee(committee=committee, user=user):
        raise ServiceError(
            _("%(name)s applied in a procedure of this committee and cannot sit on it.")
            % {"name": user}
        )
    try:
        with transaction.atomic():
            seat = CommitteeMember.objects.create(committee=committee, user=user, role=role)
    except IntegrityError as exc:
        raise ServiceError(
            _("%(name)s already has a seat, or this committee already has a %(role)s.")
            % {"name": user, "role": CommitteeRole(role).label}
        ) from exc
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    user.groups.add(Group.objects.get_or_create(name=CANDIDATE_COMMITTEE)[0])
    _enqueue_seat_check(seat)
    audit_log(
        actor=actor,
        action="review.seat_added",
        target=committee,
        data={"user": user.pk, "role": role},
    )
    return seat


@transaction.atomic
def committee_seat_change_role(*, seat: CommitteeMember, role: str, actor) -> CommitteeMember:
    try:
        with transaction.atomic():
            seat.role = role
            seat.save(update_fields=["role"])
    except IntegrityError as exc:
        raise ServiceError(
            _("This committee already has a %(role)s.") % {"role": CommitteeRole(role).label}
        ) from exc
    audit_log(actor=actor, action="review.seat_role", target=seat.committee, data={"role": role})
    return seat


@transaction.atomic
def committee_seat_remove(*, seat: CommitteeMember, actor) -> None:
    audit_log(
        actor=actor,
        action="review.seat_removed",
        target=seat.committee,
        data={"user": seat.user_id, "role": seat.role},
    )
    seat.delete()


@transaction.atomic
def committee_vacancy_add(*, committee: Committee, vacancy, actor) -> CommitteeVacancy:
    """Let the committee judge a vacancy. Refused when the vacancy has a committee already, or
    when a member applied for it."""
    existing = committee_of(vacancy_id=vacancy.pk)
    if existing is not None:
        raise ServiceError(
            _("%(vacancy)s is judged by %(committee)s already.")
            % {"vacancy": vacancy, "committee": existing}
        )
    applied = seat_members_who_applied(committee=committee, vacancy_id=vacancy.pk)
    if applied.exists():
        names = ", ".join(str(seat.user) for seat in applied.select_related("user"))
        raise ServiceError(
            _("These members applied for %(vacancy)s and cannot judge it: %(names)s.")
            % {"vacancy": vacancy, "names": names}
        )
    link = CommitteeVacancy.objects.create(committee=committee, vacancy=vacancy)
    for seat in committee.members.all():
        _enqueue_seat_check(seat)
    audit_log(
        actor=actor, action="review.vacancy_added", target=committee, data={"vacancy": vacancy.pk}
    )
    return link


@transaction.atomic
def seat_check(*, seat_id: int) -> int:
    """Run the conflict check for a seat's holder and mark the seat checked."""
    seat = CommitteeMember.objects.select_for_update().filter(pk=seat_id).first()
    if seat is None:
        return 0
    created = conflicts_check(person_ids=[seat.user_id])
    seat.conflicts_checked_at = timezone.now()
    seat.save(update_fields=["conflicts_checked_at"])
    return created


@transaction.atomic
def confidentiality_accept(*, seat: CommitteeMember, actor) -> CommitteeMember:
    if seat.user_id != actor.pk:
        raise ServiceError(_("Only the member themselves can accept the agreement."))
    if seat.confidentiality_accepted_at is None:
        seat.confidentiality_accepted_at = timezone.now()
        seat.save(update_fields=["confidentiality_accepted_at"])
        audit_log(actor=actor, action="review.confidentiality_accepted", target=seat.committee)
    return seat


def reviewer_declares_relation(*, reviewer, application, kind: str, note: str = ""):
    """A committee member says they know the applicant: they are recused at once."""
    if not may_review(user=reviewer, application=application):
        raise ServiceError(_("You cannot reach this application."))
    return relation_declare(person=reviewer, other=application.applicant, kind=kind, note=note)


def may_resolve_flag(*, user, flag: ConflictFlag) -> bool:
    if user.pk == flag.person_id:
        return False
    return is_integrity_officer(user) or is_acting_chair(user=user, application=flag.application)


def conflict_resolve(*, flag: ConflictFlag, status: str, reason: str, actor) -> ConflictFlag:
    """The acting chair (the deputy, when the chair has a conflict with the application) or
    an integrity officer confirms, dismisses or waives a flag."""
    if not may_resolve_flag(user=actor, flag=flag):
        raise ServiceError(_("Only the acting chair or an integrity officer can decide this."))
    return flag_resolve(flag=flag, status=status, reason=reason, actor=actor)
