"""Reads that decide what a committee member may reach. Every path into an application —
admin list and detail, media, scores, panels, rankings, exports — starts from
``applications_for_reviewer`` or asks ``may_review``, so a conflict excludes everywhere."""

from django.db.models import Exists, F, OuterRef, QuerySet

from applications.models import Application, ApplicationStatus
from integrity.selectors import conflicted_application_ids, is_conflicted, scanned_application_ids
from review.models import Committee, CommitteeMember, CommitteeRole, CommitteeVacancy

CHAIR_ROLES = (CommitteeRole.CHAIR, CommitteeRole.DEPUTY_CHAIR)


def reviewer_seat_rows() -> QuerySet:
    """Every seat as (user_id, vacancy_id): what integrity's checks join against."""
    return (
        CommitteeMember.objects.annotate(vacancy_id=F("committee__vacancy_links__vacancy_id"))
        .filter(vacancy_id__isnull=False)
        .values_list("user_id", "vacancy_id")
    )


def seats_of(*, user) -> QuerySet:
    return CommitteeMember.objects.filter(user=user).select_related("committee")


def has_seat(*, user) -> bool:
    return user.is_authenticated and CommitteeMember.objects.filter(user=user).exists()


def committee_of(*, vacancy_id: int) -> Committee | None:
    link = CommitteeVacancy.objects.filter(vacancy_id=vacancy_id).select_related("committee")
    first = link.first()
    return first.committee if first else None


def _ready_seats(user) -> QuerySet:
    return CommitteeMember.objects.filter(
        user=user,
        confidentiality_accepted_at__isnull=False,
        conflicts_checked_at__isnull=False,
    )


def applications_for_reviewer(*, user) -> QuerySet:
    """The sent applications of the vacancies this person judges, once they accepted the
    confidentiality agreement and their seat was checked, minus every application they have
    an open or confirmed conflict with, and minus any the check has not covered yet."""
    if not user.is_authenticated:
        return Application.objects.none()
    vacancy_ids = CommitteeVacancy.objects.filter(
        committee__in=_ready_seats(user).values("committee")
    ).values("vacancy_id")
    return (
        Application.objects.filter(vacancy_id__in=vacancy_ids)
        .exclude(status=ApplicationStatus.DRAFT)
        .filter(pk__in=scanned_application_ids())
        .exclude(pk__in=conflicted_application_ids(person_id=user.pk))
    )


def may_review(*, user, application: Application) -> bool:
    return applications_for_reviewer(user=user).filter(pk=application.pk).exists()


def acting_chair(*, committee: Committee, application: Application):
    """Who chairs the committee for this application: the chair, or the deputy when the chair
    has a conflict with it. None when both have one (the board must appoint another)."""
    seats = {
        seat.role: seat.user
        for seat in committee.members.filter(role__in=CHAIR_ROLES).select_related("user")
    }
    for role in CHAIR_ROLES:
        person = seats.get(role)
        if person is not None and not is_conflicted(
            person_id=person.pk, application_id=application.pk
        ):
            return person
    return None


def is_acting_chair(*, user, application: Application) -> bool:
    committee = committee_of(vacancy_id=application.vacancy_id)
    if committee is None or not user.is_authenticated:
        return False
    chair = acting_chair(committee=committee, application=application)
    return chair is not None and chair.pk == user.pk


def chairs_applications(*, user) -> QuerySet:
    """Applications of committees where this person is chair or deputy chair, whatever their
    own conflicts: the chair's list of flags to resolve comes from here (filtered further by
    ``is_acting_chair`` per flag)."""
    committees = CommitteeMember.objects.filter(user=user, role__in=CHAIR_ROLES).values("committee")
    vacancy_ids = CommitteeVacancy.objects.filter(committee__in=committees).values("vacancy_id")
    return Application.objects.filter(vacancy_id__in=vacancy_ids).exclude(
        status=ApplicationStatus.DRAFT
    )


def applied_in_committee(*, committee: Committee, user) -> bool:
    """Whether the person has an application (even a draft) in one of the committee's
    vacancies: they cannot sit on it."""
    return Application.objects.filter(
        applicant=user,
        vacancy_id__in=CommitteeVacancy.objects.filter(committee=committee).values("vacancy_id"),
    ).exists()


def seat_members_who_applied(*, committee: Committee, vacancy_id: int) -> QuerySet:
    """Members of the committee who applied for this vacancy."""
    return CommitteeMember.objects.filter(committee=committee).filter(
        Exists(Application.objects.filter(applicant_id=OuterRef("user_id"), vacancy_id=vacancy_id))
    )
