"""No seat in one's own contest: nobody judges a procedure they compete in.

Three doors lead to the same conflict, and each is closed here under the same locks:

- a committee member starts an application (a draft counts) for a vacancy their committee
  judges: refused by the start check applications calls before it makes the draft;
- someone with a draft or an application takes a seat on the committee judging it, or a
  committee takes a vacancy one of its members applied for: ``committee_seat_add`` and
  ``committee_vacancy_add`` refuse it, and the ``pre_save`` checks below repeat their look
  under the locks, so two requests at once cannot both pass;
- a draft made before this check existed is refused when it is sent.

The locks are PostgreSQL advisory locks on the person, the committee and the vacancy (taken
in that order everywhere, so they cannot deadlock): whoever comes second waits and then reads
what the first committed."""

from django.db import connection
from django.db.models.signals import pre_save
from django.utils.translation import gettext as _

from applications.models import Application
from core.errors import ServiceError
from core.locks import hold
from review.models import CommitteeMember, CommitteeVacancy


def _hold_person(user_id: int) -> None:
    hold(f"review.own_contest.person:{user_id}")


def _hold_committee(committee_id: int) -> None:
    hold(f"review.own_contest.committee:{committee_id}")


def _hold_vacancy(vacancy_id: int) -> None:
    hold(f"review.own_contest.vacancy:{vacancy_id}")


def seats_judging(*, user_id: int, vacancy_id: int):
    """The person's seats on the committee that judges this vacancy."""
    return CommitteeMember.objects.filter(
        user_id=user_id, committee__vacancy_links__vacancy_id=vacancy_id
    )


def start_problems(*, vacancy, applicant) -> list[str]:
    """Registered with applications: refuse a first draft from someone who sits on the
    committee judging the vacancy. Inside the transaction that makes the draft it locks the
    person and the vacancy, so a seat or a committee link given at the same moment waits."""
    if connection.in_atomic_block:
        _hold_person(applicant.pk)
        _hold_vacancy(vacancy.pk)
    if seats_judging(user_id=applicant.pk, vacancy_id=vacancy.pk).exists():
        return [_own_contest_message()]
    return []


def submission_problems(application: Application) -> list[str]:
    """Registered with applications: a draft made before the start check existed (or by
    any other path) is not sent while its applicant sits on the committee judging it."""
    if seats_judging(user_id=application.applicant_id, vacancy_id=application.vacancy_id).exists():
        return [_own_contest_message()]
    return []


def _own_contest_message() -> str:
    return _(
        "You sit on the committee that judges this vacancy, so you cannot apply for it. "
        "Give up your seat first (ask the board) if you want to apply."
    )


def _seat_may_be_saved(sender, instance: CommitteeMember, update_fields=None, **kwargs) -> None:
    """Before a seat is written (the service already checked without a lock): lock the
    committee and the person, then look again at what is committed."""
    if update_fields is not None and not {"user", "committee"} & set(update_fields):
        return
    if not connection.in_atomic_block:  # saved outside any service: nothing to lock against
        return
    _hold_committee(instance.committee_id)
    _hold_person(instance.user_id)
    applied = Application.objects.filter(
        applicant_id=instance.user_id,
        vacancy_id__in=CommitteeVacancy.objects.filter(committee_id=instance.committee_id).values(
            "vacancy_id"
        ),
    )
    if applied.exists():
        raise ServiceError(
            _("%(name)s applied in a procedure of this committee and cannot sit on it.")
            % {"name": instance.user}
        )


def _vacancy_link_may_be_saved(
    sender, instance: CommitteeVacancy, update_fields=None, **kwargs
) -> None:
    """Before a committee takes a vacancy: lock the committee and the vacancy, then look again
    at whether one of its members has an application for it."""
    if update_fields is not None and not {"vacancy", "committee"} & set(update_fields):
        return
    if not connection.in_atomic_block:
        return
    _hold_committee(instance.committee_id)
    _hold_vacancy(instance.vacancy_id)
    applied = CommitteeMember.objects.filter(
        committee_id=instance.committee_id,
        user__applications__vacancy_id=instance.vacancy_id,
    ).select_related("user")
    names = ", ".join(sorted({str(seat.user) for seat in applied}))
    if names:
        raise ServiceError(
            _("These members applied for %(vacancy)s and cannot judge it: %(names)s.")
            % {"vacancy": instance.vacancy, "names": names}
        )


def register_own_contest() -> None:
    from applications.hooks import register_start_check, register_submission_check

    register_start_check(start_problems)
    register_submission_check(submission_problems)
    pre_save.connect(_seat_may_be_saved, sender=CommitteeMember, dispatch_uid="own_contest_seat")
    pre_save.connect(
        _vacancy_link_may_be_saved, sender=CommitteeVacancy, dispatch_uid="own_contest_vacancy"
    )
