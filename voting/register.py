"""The voter register of a meeting and check-in: who is entitled to vote (filled from the
member register as it stood on the cut-off date), and who is present (a teller checks them
in, or an online voter logs in)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import ServiceError
from core.services import audit_log
from core.text import clean_name
from members.models import Member
from voting.models import CheckInLog, Meeting, PollStatus, Voter


def _months_before(day, months: int):
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    from calendar import monthrange

    return day.replace(year=year, month=month + 1, day=min(day.day, monthrange(year, month + 1)[1]))


def entitled_members(meeting: Meeting):
    """Members in good standing on the cut-off date, long enough, with dues paid if asked."""
    cutoff = meeting.eligibility_cutoff
    members = Member.objects.filter(
        status=Member.Status.ACTIVE,
        joined_on__lte=_months_before(cutoff, meeting.min_membership_months),
    )
    if meeting.dues_required:
        members = members.filter(dues_paid_until__gte=cutoff)
    return members


@transaction.atomic
def register_snapshot(*, meeting: Meeting, actor) -> int:
    """Fill the voter register from the member register as it stands on the cut-off date.
    Running it again adds newly entitled members and keeps everyone already in it."""
    # Two presses at once: the second waits, then sees the first one's voters. (A poll
    # opening locks the row as well: the register is frozen from its first poll on.)
    Meeting.objects.select_for_update(no_key=True).filter(pk=meeting.pk).first()
    if meeting.polls.exclude(status=PollStatus.DRAFT).exists():
        raise ServiceError(
            _(
                "The voter register is fixed since the first poll of this meeting opened: "
                "the quorum and the counts of every poll rest on it."
            )
        )
    existing = set(meeting.voters.values_list("member_id", flat=True))
    new = [
        Voter(
            meeting=meeting,
            member=member,
            user_id=member.user_id,
            name=clean_name(member.full_name),
            membership_number=member.membership_number,
        )
        for member in entitled_members(meeting).exclude(pk__in=existing)
    ]
    Voter.objects.bulk_create(new, batch_size=1000)
    audit_log(actor=actor, action="voting.register", target=meeting, data={"added": len(new)})
    return len(new)


@transaction.atomic
def check_in(*, voter: Voter, actor, online: bool = False, by_hand: bool = False) -> Voter:
    """A teller checks a voter in (scanning the QR code from the invitation, or searching),
    or an online voter logs in to take part. Idempotent.

    ``by_hand``: the teller found the member by name or number, without the member's own
    code. One teller could so vouch for someone who is not there, so the check-in row and
    the audit row say so, with the teller and the member, and the chair's console lists them."""
    voter = Voter.objects.select_for_update().get(pk=voter.pk)
    if voter.meeting.status == "closed":
        raise ServiceError(_("This meeting has ended."))
    if online and not voter.meeting.online:
        raise ServiceError(_("This meeting cannot be followed online."))
    if voter.checked_in_at is None:
        voter.checked_in_at = timezone.now()
        voter.online = online
        voter.save(update_fields=["checked_in_at", "online"])
        CheckInLog.objects.create(voter=voter, by=actor, arrived=True, by_hand=by_hand)
        data = {"voter": voter.pk, **({"by_hand": True} if by_hand else {})}
        audit_log(actor=actor, action="voting.check_in", target=voter.meeting, data=data)
    return voter


@transaction.atomic
def check_out(*, voter: Voter, actor) -> Voter:
    voter = Voter.objects.select_for_update().get(pk=voter.pk)
    if voter.checked_in_at is not None:
        voter.checked_in_at = None
        voter.save(update_fields=["checked_in_at"])
        CheckInLog.objects.create(voter=voter, by=actor, arrived=False)
        audit_log(
            actor=actor, action="voting.check_out", target=voter.meeting, data={"voter": voter.pk}
        )
    return voter
