"""Interviews: slots with their panels, invitations and rescheduling with a calendar
invitation, the disability-priority checklist, and purging old slots."""

from django.conf import settings
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from applications.models import Application, ApplicationStatus
from core.errors import ServiceError
from core.posted import posted_text
from core.retention import period
from core.services import audit_log
from core.text_limits import NOTE_MAX_LENGTH
from integrity.selectors import is_conflicted
from notifications.services import notification_queue
from review import selectors
from review.models import (
    Interview,
    InterviewSlot,
    InterviewStatus,
    PriorityInterviewCheck,
    ReviewRound,
)
from review.selectors import committee_of

S = ApplicationStatus
ROUND_STATUS = {ReviewRound.ROUND_1: S.ROUND_1, ReviewRound.ROUND_2: S.ROUND_2}


def _require_planner(*, user, vacancy) -> None:
    if not selectors.plans_interviews(user=user, vacancy=vacancy):
        raise ServiceError(_("Only the chair, the deputy or the secretary plans interviews."))


@transaction.atomic
def slot_create(
    *, vacancy, round_: str, starts_at, ends_at, location="", online_link="", panel=(), actor
) -> InterviewSlot:
    """A time for one interview and its panel, drawn from the committee's scoring members."""
    _require_planner(user=actor, vacancy=vacancy)
    if ends_at <= starts_at:
        raise ServiceError(_("An interview ends after it starts."))
    if not (location.strip() or online_link.strip()):
        raise ServiceError(_("Give a place or an online link."))
    committee = committee_of(vacancy_id=vacancy.pk)
    seats = set(selectors.scoring_members(committee=committee).values_list("pk", flat=True))
    panel = list(panel)
    if not panel or any(person.pk not in seats for person in panel):
        raise ServiceError(_("The panel consists of members of the committee."))
    slot = InterviewSlot.objects.create(
        vacancy=vacancy,
        round=round_,
        starts_at=starts_at,
        ends_at=ends_at,
        location=location.strip(),
        online_link=online_link.strip(),
    )
    slot.panel.set(panel)
    audit_log(actor=actor, action="review.slot_created", target=vacancy, data={"slot": slot.pk})
    return slot


def interview_problems(*, slot: InterviewSlot, application: Application) -> list[str]:
    """Why this application cannot have this slot; empty when it can."""
    problems = []
    if application.vacancy_id != slot.vacancy_id:
        problems.append(_("The slot belongs to another vacancy."))
    if application.status != ROUND_STATUS.get(slot.round):
        problems.append(
            _("%(name)s is not in %(round)s.")
            % {"name": application.full_name, "round": slot.get_round_display()}
        )
    taken = getattr(slot, "interview", None)
    if taken is not None and taken.application_id != application.pk:
        problems.append(_("This slot is taken."))
    conflicted = [
        str(person)
        for person in slot.panel.all()
        if is_conflicted(person_id=person.pk, application_id=application.pk)
    ]
    if conflicted:
        problems.append(
            _("Conflict of interest in the panel: %(names)s.") % {"names": ", ".join(conflicted)}
        )
    day = timezone.localtime(slot.starts_at).date()
    if application.availability.filter(date__date=day, available=False).exists():
        problems.append(
            _("%(name)s said they cannot come on %(day)s.")
            % {"name": application.full_name, "day": formats.date_format(day, "j F")}
        )
    if (
        slot.vacancy.disability_priority_interview
        and not PriorityInterviewCheck.objects.filter(
            vacancy_id=slot.vacancy_id, round=slot.round
        ).exists()
    ):
        problems.append(
            _(
                "First tick the checklist: every applicant with a disability among the best "
                "qualified has been invited."
            )
        )
    return problems


def _send_invitation(interview: Interview, *, kind: str, template: str) -> None:
    application = interview.application
    notification_queue(
        kind=f"{kind}.{interview.sequence}",
        recipient=application.applicant.email,
        language=application.applicant.language or "nl",
        template=template,
        context={"interview": interview, "slot": interview.slot, "application": application},
        target=interview,
        attachments=[
            {
                "filename": "uitnodiging.ics",
                "content_type": "text/calendar; method=REQUEST; charset=utf-8",
                "content": interview_calendar(interview).decode(),
            }
        ],
    )


@transaction.atomic
def interview_invite(*, slot: InterviewSlot, application: Application, actor) -> Interview:
    """Invite the applicant to this slot, with a calendar invitation by e-mail."""
    _require_planner(user=actor, vacancy=slot.vacancy)
    # The application first, then the slot (as everywhere): two planners inviting one applicant
    # to two slots, or two applicants to one slot, are decided one after the other.
    application = Application.objects.select_for_update().get(pk=application.pk)
    slot = InterviewSlot.objects.select_for_update().get(pk=slot.pk)
    problems = interview_problems(slot=slot, application=application)
    if Interview.objects.filter(
        application=application, round=slot.round, status=InterviewStatus.INVITED
    ).exists():
        problems.append(_("Already invited in this round; reschedule instead."))
    if problems:
        raise ServiceError(" ".join(problems))
    Interview.objects.filter(application=application, round=slot.round).delete()
    interview = Interview.objects.create(slot=slot, application=application, round=slot.round)
    _send_invitation(interview, kind="review.interview", template="review/email/interview")
    audit_log(actor=actor, action="review.interview_invited", target=application)
    return interview


@transaction.atomic
def interview_reschedule(*, interview: Interview, slot: InterviewSlot, actor) -> Interview:
    """Move an interview to another slot: the same calendar event, a higher sequence."""
    _require_planner(user=actor, vacancy=slot.vacancy)
    interview = Interview.objects.select_for_update().get(pk=interview.pk)
    slot = InterviewSlot.objects.select_for_update().get(pk=slot.pk)
    if slot.round != interview.round:
        raise ServiceError(_("Choose a slot of the same round."))
    problems = interview_problems(slot=slot, application=interview.application)
    if problems:
        raise ServiceError(" ".join(problems))
    interview.slot = slot
    interview.sequence += 1
    interview.status = InterviewStatus.INVITED
    interview.save(update_fields=["slot", "sequence", "status", "updated_at"])
    _send_invitation(
        interview, kind="review.interview_moved", template="review/email/interview_moved"
    )
    audit_log(actor=actor, action="review.interview_rescheduled", target=interview.application)
    return interview


def interview_calendar(interview: Interview) -> bytes:
    slot = interview.slot
    calendar = Calendar()
    calendar.add("prodid", f"-//{settings.SITE_NAME}//bij1_recruit//NL")
    calendar.add("version", "2.0")
    calendar.add("method", "REQUEST")
    event = Event()
    event.add("uid", f"interview-{interview.pk}@bij1-recruit")
    event.add("sequence", interview.sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", slot.starts_at)
    event.add("dtend", slot.ends_at)
    event.add(
        "summary",
        _("Interview: %(title)s") % {"title": interview.application.vacancy.title},
    )
    if slot.location:
        event.add("location", slot.location)
    if slot.online_link:
        event.add("url", slot.online_link)
        event.add("description", slot.online_link)
    calendar.add_component(event)
    return calendar.to_ical()


@transaction.atomic
def priority_check_tick(*, vacancy, round_: str, note: str = "", actor) -> PriorityInterviewCheck:
    """The chair confirms that applicants with a disability among the best qualified are
    invited, as the vacancy promises."""
    if not selectors.holds_role(user=actor, vacancy_id=vacancy.pk, roles=selectors.CHAIR_ROLES):
        raise ServiceError(_("Only the chair or the deputy ticks this checklist."))
    if round_ not in ReviewRound.values:
        raise ServiceError(_("Choose the round."))
    note = posted_text(note, max_length=NOTE_MAX_LENGTH)
    check, _created = PriorityInterviewCheck.objects.get_or_create(
        vacancy=vacancy, round=round_, defaults={"ticked_by": actor, "note": note.strip()}
    )
    audit_log(actor=actor, action="review.priority_checked", target=vacancy, data={"round": round_})
    return check


def interview_slots_purge(now) -> int:
    """The slots (with their panels) of procedures that ended longer ago than their period
    (core.retention) go, with the interviews planned in them."""
    cutoff = now - period("interview_slots")
    old = InterviewSlot.objects.filter(
        vacancy__ended_at__isnull=False, vacancy__ended_at__lt=cutoff
    )
    interviews = Interview.objects.filter(slot__in=old).delete()[0]
    return interviews + old.delete()[0]
