"""Reads for the meeting pages. Counts only: nothing here joins a voter to a ballot."""

import hashlib

from django.db.models import QuerySet

from members.permissions import in_group
from members.roles import ALV_CHAIR
from voting.models import Ballot, Meeting, Poll, PollStatus, Voter, VoteRecord


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
    """The receipt codes of a closed poll, in random order (never in the order cast)."""
    if poll.status != PollStatus.CLOSED:
        return []
    return list(Ballot.objects.filter(poll=poll).order_by("?").values_list("receipt", flat=True))


def open_polls(meeting: Meeting) -> QuerySet:
    return meeting.polls.filter(status=PollStatus.OPEN).prefetch_related("options")


def voted_polls(*, voter: Voter) -> set[int]:
    return set(VoteRecord.objects.filter(voter=voter).values_list("poll_id", flat=True))


def anonymous_ballots(poll: Poll) -> list[tuple[str, object]]:
    """(receipt, choices) of every ballot of a closed poll, in random order."""
    if poll.status != PollStatus.CLOSED:
        return []
    return list(Ballot.objects.filter(poll=poll).order_by("?").values_list("receipt", "choices"))


def receipt_list_hash(poll: Poll) -> str:
    """SHA-256 of the published receipt list (the codes sorted, one per line): printed in the
    results report so anyone can check that the list they see online is the counted one."""
    codes = sorted(Ballot.objects.filter(poll=poll).values_list("receipt", flat=True))
    return hashlib.sha256("\n".join(codes).encode()).hexdigest()
