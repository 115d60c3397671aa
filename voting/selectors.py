"""Reads for the meeting pages. Counts only: nothing here joins a voter to a ballot."""

import hashlib
import json
from collections import defaultdict

from django.contrib.auth import get_user_model
from django.db.models import Count, Q, QuerySet

from core.models import AuditEntry
from members.permissions import in_group
from members.roles import ALV_CHAIR
from voting.models import (
    Ballot,
    CheckInLog,
    Meeting,
    Option,
    Poll,
    PollStatus,
    Receipt,
    SealedBallot,
    Voter,
    VoteRecord,
)


def voter_for(*, meeting: Meeting, user) -> Voter | None:
    if not user.is_authenticated:
        return None
    return Voter.objects.filter(meeting=meeting, member__user=user).first()


def meetings_of(*, user) -> QuerySet:
    return Meeting.objects.filter(voters__member__user=user).distinct()


def is_alv_chair(user) -> bool:
    return in_group(user, ALV_CHAIR)


def present_count(meeting: Meeting) -> int:
    return meeting.voters.filter(checked_in_at__isnull=False).count()


def ballot_count(poll: Poll) -> int:
    """The ballots in the box: those already written and those still sealed."""
    return Ballot.objects.filter(poll=poll).count() + SealedBallot.objects.filter(poll=poll).count()


def poll_counts(poll: Poll) -> dict:
    """How many have voted, of how many entitled and present: for the chair, the projector
    and everyone (never who, never what before closing)."""
    meeting = poll.meeting
    return {
        "poll": poll.pk,
        "status": poll.status,
        "voted": VoteRecord.objects.filter(poll=poll).count(),
        "entitled": meeting.voters.count(),
        "present": present_count(meeting),
    }


def receipts(poll: Poll) -> list[str]:
    """The receipt codes of a closed poll, sorted (stored apart from the ballots, so their
    order says nothing of anyone's vote)."""
    if poll.status != PollStatus.CLOSED:
        return []
    return list(Receipt.objects.filter(poll=poll).order_by("code").values_list("code", flat=True))


def open_polls(meeting: Meeting) -> QuerySet:
    return meeting.polls.filter(status=PollStatus.OPEN).prefetch_related("options")


def voted_polls(*, voter: Voter) -> set[int]:
    return set(VoteRecord.objects.filter(voter=voter).values_list("poll_id", flat=True))


def anonymous_ballots(poll: Poll) -> list:
    """The choices of every ballot of a closed poll, without receipts, in a fixed order of
    their content (the same file for everyone, and nothing to learn from the order)."""
    if poll.status != PollStatus.CLOSED:
        return []
    choices = Ballot.objects.filter(poll=poll).values_list("choices", flat=True)
    return sorted(choices, key=lambda c: json.dumps(c, sort_keys=True))


def closed_poll_counts(meeting: Meeting) -> dict[int, dict]:
    """Per closed poll of the meeting, in three queries: its ballots, the voters who voted, and
    the SHA-256 of its published receipt list (the codes sorted, one per line), which the
    results report prints so anyone can check the list they see online is the counted one."""
    closed = {"poll__meeting": meeting, "poll__status": PollStatus.CLOSED}
    codes = defaultdict(list)
    for poll_id, code in Receipt.objects.filter(**closed).values_list("poll_id", "code"):
        codes[poll_id].append(code)
    ballots = dict(
        Ballot.objects.filter(**closed)
        .values("poll_id")
        .annotate(number=Count("pk"))
        .values_list("poll_id", "number")
    )
    voters = dict(
        VoteRecord.objects.filter(**closed)
        .values("poll_id")
        .annotate(number=Count("pk"))
        .values_list("poll_id", "number")
    )
    return {
        poll_id: {
            "ballots": ballots.get(poll_id, 0),
            "receipts": len(codes[poll_id]),
            "voters": voters.get(poll_id, 0),
            "receipts_hash": hashlib.sha256("\n".join(sorted(codes[poll_id])).encode()).hexdigest(),
        }
        for poll_id in meeting.polls.filter(status=PollStatus.CLOSED).values_list("pk", flat=True)
    }


def checked_in_by_hand(meeting: Meeting) -> QuerySet:
    """Check-ins a teller made without the member's own code (found by name or number):
    who, by which teller, when — for the chair, since one teller could so vouch for someone
    who is not there."""
    return (
        CheckInLog.objects.filter(voter__meeting=meeting, by_hand=True, arrived=True)
        .select_related("voter", "by")
        .order_by("-at")
    )


def _poll_audit(meeting: Meeting, *actions: str) -> tuple[dict, list]:
    polls = dict(meeting.polls.values_list("pk", "title"))
    entries = list(
        AuditEntry.objects.filter(
            action__in=actions,
            object_type=Poll._meta.label_lower,
            object_id__in=[str(pk) for pk in polls],
        )
        .select_related("actor")
        .order_by("-at", "-id")
    )
    return polls, entries


def papers_entered(meeting: Meeting) -> list[dict]:
    """Paper results the tellers entered at this meeting, from the audit trail: who entered
    them and who confirmed them, when, in which poll, how many papers (one coded paper, or a
    counted stack)."""
    polls, entries = _poll_audit(meeting, "voting.paper_entered", "voting.paper_counts_entered")
    ids = {entry.data.get("entered_by") for entry in entries} - {None}
    entered_by = get_user_model().objects.in_bulk(ids)
    return [
        {
            "at": entry.at,
            "poll": polls.get(int(entry.object_id), ""),
            "papers": entry.data.get("total", 1),
            "stack": entry.action == "voting.paper_counts_entered",
            "teller": entered_by.get(entry.data.get("entered_by")),
            "confirmed_by": entry.actor,
        }
        for entry in entries
    ]


def papers_handed_out(meeting: Meeting) -> list[dict]:
    """The paper ballots tellers handed out at this meeting, from the audit trail: to whom
    (whose vote, and who took the paper when a proxy holder did), by whom, when, in which
    poll. Never which paper: that is not recorded anywhere."""
    polls, entries = _poll_audit(meeting, "voting.paper_issued")
    ids = {e.data.get(k) for e in entries for k in ("voter", "handed_to")} - {None}
    names = dict(Voter.objects.filter(meeting=meeting, pk__in=ids).values_list("pk", "name"))
    return [
        {
            "at": entry.at,
            "poll": polls.get(int(entry.object_id), ""),
            "voter": names.get(entry.data.get("voter"), ""),
            "handed_to": names.get(entry.data.get("handed_to"), ""),
            "teller": entry.actor,
        }
        for entry in entries
    ]


def ballot_candidates():
    """The applications a ballot may name: those the committee advised, and those already on a
    ballot (a challenger the ALV admitted)."""
    from applications.models import Application
    from voting.polls import ADVISED_STATUSES

    on_a_ballot = Option.objects.exclude(application=None).values("application_id")
    return Application.objects.filter(Q(status__in=ADVISED_STATUSES) | Q(pk__in=on_a_ballot))
