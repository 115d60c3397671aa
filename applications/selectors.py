from django.db.models import Prefetch, QuerySet

from applications.models import Application
from vacancies.models import Milestone, MilestoneDate


def applications_of(*, user) -> QuerySet:
    """An applicant's own applications with their vacancy and its timeline, for the portal."""
    return (
        Application.objects.filter(applicant=user)
        .select_related("vacancy")
        .prefetch_related(
            "files",
            "portfolios",
            Prefetch(
                "vacancy__milestones",
                queryset=Milestone.objects.prefetch_related(
                    Prefetch("dates", queryset=MilestoneDate.objects.order_by("date"))
                ),
            ),
        )
        .order_by("-created_at")
    )
