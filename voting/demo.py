"""A demo ALV today: the demo members are on the register, one vote is open and one waits, so
the ballot, the chair's console and the tellers' desk all have something to show."""

from datetime import timedelta

from django.utils import timezone

from voting.models import Meeting, Option, Poll
from voting.services import poll_open, register_snapshot

TITLE = "ALV najaar (demo)"


def seed(*, stdout) -> None:
    if Meeting.objects.filter(title=TITLE).exists():
        stdout.write("voting: demo meeting in place")
        return
    now = timezone.now()
    meeting = Meeting.objects.create(
        title=TITLE,
        starts_at=now + timedelta(hours=1),
        place="Zaal De Rode Hoed (fictief), Amsterdam",
        online=True,
        remote_voting_opens_at=now - timedelta(days=1),
        eligibility_cutoff=timezone.localdate(),
        min_membership_months=3,
        dues_required=True,
        quorum=0,
    )
    register_snapshot(meeting=meeting, actor=None)
    chair = Poll.objects.create(
        meeting=meeting,
        title="Bestuur: voorzitter",
        kind="yes_no_abstain",
        majority="absolute",
        order=1,
    )
    Option.objects.create(poll=chair, label="Fatima El Amrani")
    board = Poll.objects.create(
        meeting=meeting,
        title="Bestuur: twee algemene bestuursleden",
        kind="approval",
        majority="absolute",
        seats=2,
        order=2,
    )
    for n, label in enumerate(["Daan de Wit", "Kwame Mensah", "Sanne Commissaris"]):
        Option.objects.create(poll=board, label=label, order=n)
    poll_open(poll=chair, actor=None)
    stdout.write(f"voting: demo meeting with {meeting.voters.count()} voters, one vote open")
