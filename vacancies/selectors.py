"""Reads that the public pages, the feed and the calendar share, without N+1 queries."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from vacancies.models import Milestone, MilestoneDate, Portfolio, Vacancy

HOURS_BUCKETS = {
    # bucket: (lowest, highest) hours per week a vacancy's range must overlap
    "upto16": (0, 16),
    "16to32": (16, 32),
    "32plus": (32, 999),
}


@dataclass(frozen=True)
class VacancyFilters:
    kind: str = ""
    portfolio: str = ""
    hours: str = ""
    language: str = ""
    query: str = ""


def _search(queryset: QuerySet, query: str) -> QuerySet:
    for word in query.split()[:8]:
        queryset = queryset.filter(
            Q(title__icontains=word)
            | Q(summary__icontains=word)
            | Q(body__icontains=word)
            | Q(location__icontains=word)
            | Q(portfolios__name__icontains=word)
        )
    return queryset


def vacancy_list_open(*, filters: VacancyFilters, now: datetime | None = None) -> QuerySet:
    """Open vacancies (published, before their deadline), closing soonest first."""
    queryset = Vacancy.objects.accepting_applications(now)
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.language:
        queryset = queryset.filter(language=filters.language)
    if filters.portfolio:
        queryset = queryset.filter(portfolios__name=filters.portfolio)
    if filters.hours in HOURS_BUCKETS:
        lowest, highest = HOURS_BUCKETS[filters.hours]
        queryset = queryset.annotate(
            hours_low=Coalesce("hours_per_week_min", "hours_per_week_max"),
            hours_high=Coalesce("hours_per_week_max", "hours_per_week_min"),
        ).filter(hours_low__lte=highest, hours_high__gte=lowest)
    if filters.query:
        queryset = _search(queryset, filters.query)
    if filters.portfolio or filters.query:
        queryset = queryset.distinct()
    return queryset.prefetch_related(
        Prefetch("portfolios", queryset=Portfolio.objects.only("id", "vacancy_id", "name"))
    ).order_by("deadline", "pk")


def portfolio_names_open(*, now: datetime | None = None) -> list[str]:
    """The portfolio names of open vacancies, for the list page's filter."""
    return list(
        Portfolio.objects.filter(vacancy__in=Vacancy.objects.accepting_applications(now))
        .order_by("name")
        .values_list("name", flat=True)
        .distinct()
    )


def vacancy_get_public(*, slug: str) -> Vacancy:
    """One vacancy with everything its page shows; raises Vacancy.DoesNotExist for drafts and
    archived vacancies (closed ones stay visible, marked closed)."""
    return vacancy_with_details(Vacancy.objects.public()).get(slug=slug)


def milestones_with_dates(lookup: str = "milestones") -> Prefetch:
    """Prefetch a vacancy's timeline with its dates in order, for any queryset that reaches
    vacancies through ``lookup``."""
    return Prefetch(
        lookup,
        queryset=Milestone.objects.prefetch_related(
            Prefetch("dates", queryset=MilestoneDate.objects.order_by("date"))
        ),
    )


def vacancy_with_details(queryset: QuerySet) -> QuerySet:
    return queryset.prefetch_related(
        "portfolios",
        "requirements",
        "representation_targets",
        "contacts",
        "faq_entries",
        "deadline_extensions",
        milestones_with_dates(),
    )


def vacancy_related(*, vacancy: Vacancy, limit: int = 3) -> list[Vacancy]:
    """Other open vacancies, those of the same kind first."""
    others = list(
        Vacancy.objects.accepting_applications()
        .exclude(pk=vacancy.pk)
        .order_by("deadline")[: limit * 3]
    )
    others.sort(key=lambda other: (other.kind != vacancy.kind, other.deadline))
    return others[:limit]


def vacancies_recently_published(*, limit: int = 30) -> QuerySet:
    return (
        Vacancy.objects.public()
        .exclude(published_at__isnull=True)
        .order_by("-published_at", "-pk")[:limit]
    )


def vacancy_days_left(*, vacancy: Vacancy, now: datetime | None = None) -> int | None:
    """Whole calendar days until the deadline in the vacancy's own time zone (0 = closes today);
    None once the deadline has passed or the vacancy no longer takes applications."""
    now = now or timezone.now()
    if not vacancy.accepts_applications(now):
        return None
    today = now.astimezone(vacancy.zone).date()
    return (vacancy.local_deadline.date() - today).days
