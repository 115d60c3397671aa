"""The procedure of a vacancy as an iCalendar file, for applicants' own calendars."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from vacancies.models import DatePrecision, Vacancy


def vacancy_calendar(*, vacancy: Vacancy, base_url: str) -> bytes:
    """The deadline and every dated milestone as events. Month-only dates ('September') are
    left out: a calendar cannot hold them honestly."""
    calendar = Calendar()
    calendar.add("prodid", f"-//{settings.SITE_NAME}//bij1_recruit//NL")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", vacancy.title)
    url = base_url + vacancy.get_absolute_url()
    stamp = timezone.now()

    deadline = Event()
    deadline.add("uid", f"vacancy-{vacancy.pk}-deadline@bij1-recruit")
    deadline.add("dtstamp", stamp)
    deadline.add("summary", _("Deadline: %(title)s") % {"title": vacancy.title})
    deadline.add("dtstart", vacancy.deadline)
    deadline.add("dtend", vacancy.deadline)
    deadline.add("url", url)
    calendar.add_component(deadline)

    for milestone in vacancy.milestones.all():
        for date in milestone.dates.all():
            if date.precision != DatePrecision.DAY:
                continue
            event = Event()
            event.add(
                "uid", f"vacancy-{vacancy.pk}-milestone-{milestone.pk}-{date.pk}@bij1-recruit"
            )
            event.add("dtstamp", stamp)
            event.add("summary", f"{milestone.display_title} · {vacancy.title}")
            event.add("dtstart", date.date)
            event.add("dtend", date.date + timedelta(days=1))
            if milestone.description:
                event.add("description", milestone.description)
            event.add("url", url)
            calendar.add_component(event)
    return calendar.to_ical()
