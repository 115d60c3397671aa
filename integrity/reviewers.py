"""Who judges which vacancy. Integrity sits below review in the dependency order
(docs/architecture.md), so review hands its committee seats in here, in its AppConfig.ready,
as a queryset of ``(user_id, vacancy_id)`` rows; the conflict checks join it into their SQL."""

from collections.abc import Callable

from django.db.models import QuerySet

SeatSource = Callable[[], QuerySet]
_seat_source: list[SeatSource] = []


def register_reviewer_seats(source: SeatSource) -> SeatSource:
    _seat_source[:] = [source]
    return source


def reviewer_seats() -> QuerySet | None:
    """Every current seat as ``values_list("user_id", "vacancy_id")``, or None when no app
    has committees."""
    return _seat_source[0]() if _seat_source else None


def reviewers_of(vacancy_id: int):
    """The people with a seat on the committee of this vacancy."""
    from members.models import User

    seats = reviewer_seats()
    if seats is None:
        return User.objects.none()
    return User.objects.filter(pk__in=seats.filter(vacancy_id=vacancy_id).values("user_id"))
