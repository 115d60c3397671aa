"""The applicant's reminders, registered with the notifications sweep."""

from datetime import datetime, timedelta

from applications.models import IN_PROCEDURE, Application, ApplicationStatus
from applications.rules import submission_problems, withdrawal_deadline
from notifications.reminders import DueNotice
from vacancies.models import DeadlineExtension, Vacancy, VacancyStatus

TEMPLATES = "applications/email/"


def _notice(kind: str, application: Application, due_date, **context) -> DueNotice:
    user = application.applicant
    return DueNotice(
        kind=f"applications.{kind}",
        recipient=user.email,
        language=user.language or "nl",
        template=TEMPLATES + kind,
        target=application,
        due_date=due_date,
        context={"application": application, "vacancy": application.vacancy, **context},
    )


def unsent_drafts(now: datetime):
    """A draft not sent three days and one day before the deadline, with what is missing."""
    # (days before, window start): the 3-day reminder goes out when the deadline is 2 to 3 days
    # away, the 1-day reminder in the last day.
    for days, window_start in ((3, now + timedelta(days=2)), (1, now)):
        drafts = Application.objects.filter(
            status=ApplicationStatus.DRAFT,
            vacancy__status=VacancyStatus.PUBLISHED,
            vacancy__deadline__gt=window_start,
            vacancy__deadline__lte=now + timedelta(days=days),
        ).select_related("vacancy", "applicant")
        for application in drafts:
            due = (application.vacancy.local_deadline - timedelta(days=days)).date()
            yield _notice(
                f"draft_reminder_{days}d",
                application,
                due,
                problems=submission_problems(application),
                days=days,
            )


def deadline_extended(now: datetime):
    """Everyone with a draft or a sent application hears that the deadline moved."""
    recent = DeadlineExtension.objects.filter(decided_at__gte=now - timedelta(days=2))
    for extension in recent.select_related("vacancy"):
        applications = extension.vacancy.applications.filter(
            status__in=[ApplicationStatus.DRAFT, *IN_PROCEDURE]
        ).select_related("applicant", "vacancy")
        for application in applications:
            yield _notice(
                "deadline_extended", application, extension.decided_at.date(), extension=extension
            )


def withdrawal_deadline_near(now: datetime):
    """Two days before the last day to withdraw, those who sent an application hear it."""
    vacancies = Vacancy.objects.filter(
        applications__status__in=IN_PROCEDURE,
        milestones__kind="withdrawal_deadline",
    ).distinct()
    for vacancy in vacancies:
        last_moment = withdrawal_deadline(vacancy)
        if last_moment is None or not (now < last_moment <= now + timedelta(days=2)):
            continue
        for application in vacancy.applications.filter(status__in=IN_PROCEDURE).select_related(
            "applicant", "vacancy"
        ):
            yield _notice(
                "withdrawal_deadline", application, last_moment.date(), last_moment=last_moment
            )


def deadline_passed_summary(now: datetime):
    """The board hears, once, that a vacancy closed and how many applied (counts only: the
    board does not see applications while the procedure runs, docs/architecture.md, Roles)."""
    from django.contrib.auth import get_user_model
    from django.db.models import Count, Q

    from members.roles import BOARD

    board = list(get_user_model().objects.filter(groups__name=BOARD, is_active=True))
    if not board:
        return
    closed = Vacancy.objects.filter(
        deadline__lte=now, deadline__gt=now - timedelta(days=2)
    ).annotate(
        sent=Count("applications", filter=Q(applications__status__in=IN_PROCEDURE)),
        drafts=Count("applications", filter=Q(applications__status=ApplicationStatus.DRAFT)),
        withdrawn=Count("applications", filter=Q(applications__status=ApplicationStatus.WITHDRAWN)),
    )
    for vacancy in closed:
        for member in board:
            yield DueNotice(
                kind="applications.deadline_passed_summary",
                recipient=member.email,
                language=member.language or "nl",
                template=TEMPLATES + "deadline_passed_summary",
                target=vacancy,
                due_date=vacancy.local_deadline.date(),
                context={"vacancy": vacancy},
            )
