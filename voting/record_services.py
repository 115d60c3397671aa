"""Records of votes and decisions stay intact (issue #29).

Nothing that records a vote or a decision is deleted or rewritten: a meeting with polls,
list votes or check-ins, a poll, its ballots, receipts and vote records, a list vote and its
steps. The settings a poll rests on freeze when it opens — its own, and the meeting's quorum
and register rules once the meeting's first poll has opened — and a running list vote keeps
its vacancy, method and majority. A mistake is corrected by a decision that stays on the
record: the ALV chair voids the poll with a reason (``poll_void``), shown beside its result.

Every service here takes the acting user, runs in one transaction, re-reads its row under a
lock, raises ``ServiceError`` with the reason it refuses, and writes an audit row.
"""

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import ServiceError
from core.posted import posted_text
from core.services import audit_log
from core.text_limits import REASON_MAX_LENGTH
from voting.models import CheckInLog, ListVote, ListVoteStatus, Meeting, Poll, PollStatus
from voting.selectors import is_alv_chair

# The meeting's settings a poll's validity and counts rest on: who is on the register, and
# how many must be present.
MEETING_FROZEN_FIELDS = ("eligibility_cutoff", "min_membership_months", "dues_required", "quorum")

# A list vote's settings, fixed once it runs: what is voted on, and how.
LIST_VOTE_FROZEN_FIELDS = (
    "meeting",
    "vacancy",
    "method",
    "majority",
    "challenges_until",
    "amendment_supporters",
    "leader_first",
    "leader_method",
    "leader_supporters",
)


def _as_text(value) -> str:
    return "" if value is None else str(getattr(value, "pk", value))


def _changes(old, new, fields: Iterable[str]) -> dict[str, list[str]]:
    """Field: [before, after], for the audit row."""
    return {
        name: [_as_text(getattr(old, name)), _as_text(getattr(new, name))]
        for name in fields
        if getattr(old, name) != getattr(new, name)
    }


def _concrete(model, fields: Iterable[str]) -> list[str]:
    names = {f.name for f in model._meta.concrete_fields if f.editable and not f.primary_key}
    return [name for name in fields if name in names]


# --- Meetings ---------------------------------------------------------------------------


def meeting_first_opened(meeting: Meeting) -> Poll | None:
    """The meeting's first poll that opened (its settings froze then), or None."""
    return (
        meeting.polls.exclude(status=PollStatus.DRAFT).order_by("opened_at", "pk").first()
        if meeting.pk
        else None
    )


def meeting_frozen_refusal(*, meeting: Meeting, changed: Iterable[str]) -> str:
    """Why these settings of the meeting may not change now, or ""."""
    frozen = [name for name in changed if name in MEETING_FROZEN_FIELDS]
    if not frozen or meeting_first_opened(meeting) is None:
        return ""
    labels = ", ".join(str(Meeting._meta.get_field(name).verbose_name) for name in frozen)
    return _(
        "These settings are fixed since the first poll of this meeting opened: %(fields)s. "
        "The polls were opened, counted and reported under them; a mistake is corrected by "
        "voiding a poll, not by changing the settings under it."
    ) % {"fields": labels}


@transaction.atomic
def meeting_save(*, meeting: Meeting, changed: Iterable[str], actor) -> Meeting:
    """Create the meeting, or save the ``changed`` fields of an existing one. Refused
    (ServiceError) when a frozen setting changes after its first poll opened; every change is
    audited with the values before and after."""
    if meeting.pk is None:
        meeting.save()
        audit_log(actor=actor, action="voting.meeting_created", target=meeting)
        return meeting
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    changes = _changes(locked, meeting, _concrete(Meeting, changed))
    problem = meeting_frozen_refusal(meeting=locked, changed=changes)
    if problem:
        raise ServiceError(problem)
    if not changes:
        return locked
    for name in changes:
        setattr(locked, name, getattr(meeting, name))
    locked.save(update_fields=list(changes))
    audit_log(actor=actor, action="voting.meeting_changed", target=locked, data=changes)
    return locked


def meeting_delete_refusal(meeting: Meeting) -> str:
    """Why the meeting may not be deleted, or "": only one set up by mistake, without polls,
    list votes or check-ins, may go."""
    if meeting.polls.exists() or meeting.list_votes.exists():
        return _(
            "“%(meeting)s” has polls or votes on a candidate list: the records of an ALV are "
            "never deleted."
        ) % {"meeting": meeting}
    if CheckInLog.objects.filter(voter__meeting=meeting).exists():
        return _(
            "Members have checked in at “%(meeting)s”: the records of an ALV are never deleted."
        ) % {"meeting": meeting}
    return ""


@transaction.atomic
def meeting_delete(*, meeting: Meeting, actor) -> None:
    """Delete a meeting set up by mistake (with its register), or refuse (ServiceError)."""
    locked = Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
    if locked is None:
        return
    problem = meeting_delete_refusal(locked)
    if problem:
        raise ServiceError(problem)
    audit_log(
        actor=actor,
        action="voting.meeting_deleted",
        target=None,
        data={"meeting": locked.pk, "title": locked.title},
    )
    locked.delete()


# --- Polls ------------------------------------------------------------------------------


def poll_frozen_refusal(poll: Poll) -> str:
    """Why the poll's settings may not change now, or ""."""
    if poll.voided:
        return _("This poll has been voided; it stays as it was.")
    if poll.status != PollStatus.DRAFT:
        return _(
            "The settings of a poll are fixed once it has opened. A mistake is corrected by "
            "voiding the poll (on the chair's console) and holding a new one."
        )
    return ""


@transaction.atomic
def poll_save(*, poll: Poll, changed: Iterable[str], actor) -> Poll:
    """Create the poll, or save the ``changed`` fields of one that has not opened. Refused
    (ServiceError) once it has opened or been voided; every change is audited."""
    if poll.pk is None:
        poll.save()
        audit_log(actor=actor, action="voting.poll_created", target=poll)
        return poll
    locked = Poll.objects.select_for_update().get(pk=poll.pk)
    changes = _changes(locked, poll, _concrete(Poll, changed))
    if not changes:
        return locked
    problem = poll_frozen_refusal(locked)
    if problem:
        raise ServiceError(problem)
    for name in changes:
        setattr(locked, name, getattr(poll, name))
    locked.full_clean(validate_unique=False)
    locked.save(update_fields=list(changes))
    audit_log(actor=actor, action="voting.poll_changed", target=locked, data=changes)
    return locked


def poll_void_refusal(*, poll: Poll, actor) -> str:
    """Why this person may not void this poll now, or ""."""
    if actor is None or not is_alv_chair(actor):
        return _("Only the ALV chair can void a poll.")
    if poll.voided:
        return _("This poll has been voided already.")
    if poll.status == PollStatus.OPEN:
        return _("Close the poll before voiding it: its ballots are then counted and kept with it.")
    if part_of_list_vote(poll):
        return _(
            "This poll is part of a vote on a candidate list, whose list was built from its "
            "result: it cannot be voided on its own."
        )
    return ""


def part_of_list_vote(poll: Poll) -> bool:
    """Whether the poll is a step, an amendment, a leader's round or the final vote of a
    vote on a candidate list (whose list was built from its result)."""
    return ListVote.objects.filter(
        Q(final_poll_id=poll.pk)
        | Q(steps__poll_id=poll.pk)
        | Q(amendments__poll_id=poll.pk)
        | Q(leader_rounds__poll_id=poll.pk)
    ).exists()


@transaction.atomic
def poll_void(*, poll: Poll, reason: str, actor) -> Poll:
    """The ALV chair voids a poll that has not opened or has closed, with a reason: the poll,
    its ballots and its result stay, marked void (who, when, why) on the result page and in
    the results report, and it cannot be opened, get a new round or lots any more. Refused
    (ServiceError) for anyone but the ALV chair, without a reason, while the poll is open, or
    for a poll of a vote on a candidate list."""
    locked = Poll.objects.select_for_update().get(pk=poll.pk)
    problem = poll_void_refusal(poll=locked, actor=actor)
    if problem:
        raise ServiceError(problem)
    # Without NUL (PostgreSQL refuses it in text) and within the limit every reason has.
    reason = posted_text(reason, max_length=REASON_MAX_LENGTH).strip()
    if not reason:
        raise ServiceError(_("Give the reason for voiding the poll."))
    locked.voided_at, locked.voided_by, locked.void_reason = timezone.now(), actor, reason
    locked.save(update_fields=["voided_at", "voided_by", "void_reason"])
    audit_log(
        actor=actor,
        action="voting.poll_voided",
        target=locked,
        data={"reason": reason, "status": locked.status},
    )
    return locked


# --- Votes on a candidate list ----------------------------------------------------------


def list_vote_frozen_refusal(*, list_vote: ListVote, changed: Iterable[str]) -> str:
    frozen = [name for name in changed if name in LIST_VOTE_FROZEN_FIELDS]
    if not frozen or list_vote.status == ListVoteStatus.PREPARING:
        return ""
    return _(
        "The settings of a vote on a candidate list are fixed once it has started: %(fields)s."
    ) % {"fields": ", ".join(str(ListVote._meta.get_field(n).verbose_name) for n in frozen)}


@transaction.atomic
def list_vote_save(*, list_vote: ListVote, changed: Iterable[str], actor) -> ListVote:
    """Create the list vote, or save the ``changed`` settings of one still in preparation.
    Refused (ServiceError) once it runs; every change is audited."""
    if list_vote.pk is None:
        list_vote.save()
        audit_log(actor=actor, action="voting.list_vote_created", target=list_vote)
        return list_vote
    locked = ListVote.objects.select_for_update().get(pk=list_vote.pk)
    changes = _changes(locked, list_vote, _concrete(ListVote, changed))
    if not changes:
        return locked
    problem = list_vote_frozen_refusal(list_vote=locked, changed=changes)
    if problem:
        raise ServiceError(problem)
    for name in changes:
        setattr(locked, name, getattr(list_vote, name))
    locked.save(update_fields=list(changes))
    audit_log(actor=actor, action="voting.list_vote_changed", target=locked, data=changes)
    return locked
