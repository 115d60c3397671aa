"""The committee's reminders, registered with the notifications sweep."""

from datetime import datetime, timedelta

from django.utils import timezone

from notifications.reminders import DueNotice
from review.selectors import interviews_due


def interview_tomorrow(now: datetime):
    """The day before an interview, the applicant is reminded of time and place."""
    tomorrow = timezone.localtime(now).date() + timedelta(days=1)
    for interview in interviews_due(day=tomorrow):
        applicant = interview.application.applicant
        yield DueNotice(
            kind=f"review.interview_reminder.{interview.sequence}",
            recipient=applicant.email,
            language=applicant.language or "nl",
            template="review/email/interview_reminder",
            target=interview,
            due_date=tomorrow - timedelta(days=1),
            context={
                "interview": interview,
                "slot": interview.slot,
                "application": interview.application,
            },
        )
