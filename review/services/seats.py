"""Seats on a committee and what comes with them: adding, changing and removing seats and
the vacancies a committee judges, the conflict check of a seat's holder, the
confidentiality agreement, and the chair's decisions on conflicts of interest. Each write
runs in one transaction and leaves an audit row."""

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
from members.permissions import in_group
from members.roles import BOARD, CANDIDATE_COMMITTEE
from notifications.services import notification_queue
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
    board_member = in_group(user, BOARD)
    audit_log(
        actor=actor,
        action="review.seat_added",
        target=committee,
        data={"user": user.pk, "role": role, "board": board_member},
    )
    _tell_committee_of_newcomer(seat, board_member=board_member, actor=actor)
    return seat


def _tell_committee_of_newcomer(seat: CommitteeMember, *, board_member: bool, actor) -> None:
    """Whoever joins — the board included — is announced to the chair and every member
    already on the committee, so nobody reads the committee's files unseen."""
    others = (
        CommitteeMember.objects.filter(committee_id=seat.committee_id)
        .exclude(pk=seat.pk)
        .select_related("user")
    )
    for other in others:
        notification_queue(
            kind="review.seat_added",
            recipient=other.user.email,
            language=other.user.language or "nl",
            template="review/email/seat_added",
            context={
                "committee": seat.committee,
                "newcomer": str(seat.user),
                "role": CommitteeRole(seat.role).label,
                "board_member": board_member,
                "added_by": str(actor) if actor is not None else _("the system"),
            },
            target=seat,
        )


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
    when a member applied for it. The members see nothing of the committee's work until their
    seats are checked again, this vacancy included."""
    # Two boards adding the same vacancy at once: the second waits and then finds the first.
    type(vacancy).objects.select_for_update(no_key=True).filter(pk=vacancy.pk).first()
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
    # "Seat checked" means checked against every vacancy the committee judges: until the
    # check has covered this one, the members are behind the gate again (the beat's catch-up
    # runs it should the enqueued task be lost).
    committee.members.update(conflicts_checked_at=None)
    for seat in committee.members.all():
        _enqueue_seat_check(seat)
    audit_log(
        actor=actor, action="review.vacancy_added", target=committee, data={"vacancy": vacancy.pk}
    )
    return link


@transaction.atomic
def committee_vacancy_remove(*, link: CommitteeVacancy, actor) -> None:
    """The committee no longer judges the vacancy (the board's committee admin); the link is
    never re-pointed in place: a new one goes through ``committee_vacancy_add`` and its
    checks."""
    audit_log(
        actor=actor,
        action="review.vacancy_removed",
        target=link.committee,
        data={"vacancy": link.vacancy_id},
    )
    link.delete()


def seat_check(*, seat_id: int) -> int:
    """Run the conflict check for a seat's holder and mark the seat checked."""
    return _seats_check(CommitteeMember.objects.filter(pk=seat_id))


def seats_check_unchecked() -> int:
    """Catch up on seats whose check was never enqueued (a broker outage): one set-based
    check for all their holders."""
    return _seats_check(CommitteeMember.objects.filter(conflicts_checked_at__isnull=True))


@transaction.atomic
def _seats_check(seats) -> int:
    locked = list(seats.select_for_update())
    if not locked:
        return 0
    created = conflicts_check(person_ids=[seat.user_id for seat in locked])
    CommitteeMember.objects.filter(pk__in=[seat.pk for seat in locked]).update(
        conflicts_checked_at=timezone.now()
    )
    return created


@transaction.atomic
def confidentiality_accept(*, seat: CommitteeMember, actor) -> CommitteeMember:
    if seat.user_id != actor.pk:
        raise ServiceError(_("Only the member themselves can accept the agreement."))
    accepted = CommitteeMember.objects.filter(
        pk=seat.pk, confidentiality_accepted_at__isnull=True
    ).update(confidentiality_accepted_at=timezone.now())
    if accepted:
        audit_log(actor=actor, action="review.confidentiality_accepted", target=seat.committee)
    seat.refresh_from_db(fields=["confidentiality_accepted_at"])
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
