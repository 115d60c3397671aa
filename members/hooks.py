"""The one extension point of ``members``: what the apps above it tell it at start-up (in their
``AppConfig.ready``), so that members never imports them (docs/architecture.md).

- ``register_read_source``: reads of a person's confidential data an app keeps its own way
  (integrity: the declaration views), listed on *Mijn gegevens* and in the export.
- ``register_staff_seat``: a place that makes someone staff without a flag or a group
  (review: a committee seat opens applications' files, so it asks for the second factor too).
"""

from collections.abc import Callable, Iterable

ReadSource = Callable[..., Iterable]
StaffSeat = Callable[..., bool]

_read_sources: list[ReadSource] = []
_staff_seats: list[StaffSeat] = []


def register_read_source(source: ReadSource) -> ReadSource:
    """An app above members adds the reads of a person's data it keeps itself: ``source(user)``
    returns ``members.selectors.DataRead`` entries."""
    if source not in _read_sources:
        _read_sources.append(source)
    return source


def read_sources() -> list[ReadSource]:
    return list(_read_sources)


def register_staff_seat(holds: StaffSeat) -> StaffSeat:
    """An app above members says whether a user holds a seat that makes them staff."""
    if holds not in _staff_seats:
        _staff_seats.append(holds)
    return holds


def holds_staff_seat(user) -> bool:
    return any(holds(user) for holds in _staff_seats)
