from django import template
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vacancies.models import Vacancy
from vacancies.selectors import vacancy_days_left

register = template.Library()


@register.inclusion_tag("vacancies/includes/deadline_badge.html")
def deadline_badge(vacancy: Vacancy):
    """'nog 9 dagen', 'sluit vandaag om 12:00', or 'gesloten', counted in the vacancy's own
    time zone on the server's clock."""
    days = vacancy_days_left(vacancy=vacancy)
    time = formats.time_format(vacancy.local_deadline, "H:i")
    if days is None:
        return {"text": _("Closed"), "tone": "closed"}
    if days == 0:
        return {"text": _("Closes today at %(time)s") % {"time": time}, "tone": "urgent"}
    if days == 1:
        return {"text": _("Closes tomorrow at %(time)s") % {"time": time}, "tone": "urgent"}
    text = ngettext("%(days)d day left", "%(days)d days left", days) % {"days": days}
    return {"text": text, "tone": "soon" if days <= 7 else "open"}


@register.simple_tag
def local_deadline(vacancy: Vacancy) -> str:
    """The deadline as '22 juni 2026 om 12:00', with the zone named when it is not the site's."""
    local = vacancy.local_deadline
    text = _("%(date)s at %(time)s") % {
        "date": formats.date_format(local, "j F Y"),
        "time": formats.time_format(local, "H:i"),
    }
    if vacancy.time_zone != "Europe/Amsterdam":
        text += f" ({local.tzname()}, {vacancy.time_zone})"
    return text
