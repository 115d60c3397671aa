from django.db.models import QuerySet

from applications.models import Application
from vacancies.selectors import milestones_with_dates


def applications_of(*, user) -> QuerySet:
    """An applicant's own applications with their vacancy and its timeline, for the portal."""
    return (
        Application.objects.filter(applicant=user)
        .select_related("vacancy")
        .prefetch_related(
            "files",
            "portfolios",
            milestones_with_dates("vacancy__milestones"),
        )
        .order_by("-created_at")
    )


def application_ids_of(*, user_id: int) -> list[int]:
    return list(Application.objects.filter(applicant_id=user_id).values_list("pk", flat=True))
