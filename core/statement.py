"""What the privacy statement (``/privacy/``) and the applicant's portal say about retention,
read from ``core.retention.PERIODS`` at the moment they are shown: change a period there and
every page that quotes it changes with it."""

from dataclasses import dataclass
from datetime import timedelta

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core import retention

DAYS_IN_A_YEAR = 365  # as core.retention counts a year (365 days, leap years ignored)


@dataclass(frozen=True)
class StatedPeriod:
    """One row of the statement's table, in the words of the current language."""

    key: str
    what: Promise
    how_long: str
    counted_from: Promise
    ground: Promise


def duration_in_words(kept_for: timedelta | None) -> str:
    """The period as people say it (4 weeks, 1 year, 90 days): the largest whole unit that
    says it exactly."""
    if kept_for is None:
        return _("as long as the ground lasts")
    days = kept_for.days
    if days and days % DAYS_IN_A_YEAR == 0:
        years = days // DAYS_IN_A_YEAR
        return ngettext("%(count)d year", "%(count)d years", years) % {"count": years}
    if days and days % 7 == 0:
        weeks = days // 7
        return ngettext("%(count)d week", "%(count)d weeks", weeks) % {"count": weeks}
    if days:
        return ngettext("%(count)d day", "%(count)d days", days) % {"count": days}
    hours = max(kept_for.seconds // 3600, 1)
    return ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}


def stated_periods() -> list[StatedPeriod]:
    """Every retention period, in the order core.retention lists them."""
    return [
        StatedPeriod(
            key=period.key,
            what=period.what,
            how_long=duration_in_words(period.kept_for),
            counted_from=period.counted_from,
            ground=period.ground,
        )
        for period in retention.PERIODS
    ]


def stated_period(key: str) -> StatedPeriod | None:
    """The row of one period, or None when core.retention no longer has it (the page then
    leaves out the sentence that quotes it rather than failing)."""
    return next((row for row in stated_periods() if row.key == key), None)
