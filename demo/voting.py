"""A demo ALV today: the demo members are on the register, one vote is open and one waits, so
the ballot, the chair's console and the tellers' desk all have something to show. A ranked
vote (Scottish STV) is open to try the ranked ballot, and a trial vote on the order of a
candidate list (sequential STV) has been held, so its results page shows the count place by
place. The committee's candidate list for the Tweede Kamer is on the agenda, place by place,
with the vote on place 1 ready for the chair."""

from datetime import timedelta

from django.utils import timezone

from voting.models import Meeting, Option, Poll
from voting.services import ballot_cast, poll_close, poll_open, register_snapshot

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
    _seed_ranked_polls(meeting)
    _seed_list_vote(meeting)
    stdout.write(
        f"voting: demo meeting with {meeting.voters.count()} voters, two votes open, "
        "one ranked vote counted"
    )


# Fictitious candidates, and fictitious rankings by the demo members (who vote online: the
# demo meeting's online window is open).
COUNCIL = ["Naima Boukhari", "Ruben Koster", "Lotte Verhoef", "Dewi Wongsodikromo", "Ilse Mol"]
LIST_CANDIDATES = ["Naima Boukhari", "Ruben Koster", "Lotte Verhoef", "Dewi Wongsodikromo"]
LIST_RANKINGS = [
    ["Naima Boukhari", "Lotte Verhoef"],
    ["Naima Boukhari", "Ruben Koster"],
    ["Ruben Koster", "Naima Boukhari"],
    ["Ruben Koster", "Lotte Verhoef"],
    ["Lotte Verhoef", "Ruben Koster", "Naima Boukhari"],
]


def _ranked_poll(meeting, title: str, labels: list[str], **fields) -> Poll:
    poll = Poll.objects.create(meeting=meeting, title=title, kind="ranked", **fields)
    Option.objects.bulk_create(
        Option(poll=poll, label=label, order=n) for n, label in enumerate(labels)
    )
    return poll


def _seed_ranked_polls(meeting) -> None:
    council = _ranked_poll(
        meeting, "Afdelingsraad: drie zetels", COUNCIL, method="stv", seats=3, order=3
    )
    poll_open(poll=council, actor=None)
    trial = _ranked_poll(
        meeting,
        "Kandidatenlijst Tweede Kamer: proefstemming over de volgorde",
        LIST_CANDIDATES,
        method="sequential",
        seats=None,
        order=4,
    )
    poll_open(poll=trial, actor=None)
    ids = dict(trial.options.values_list("label", "pk"))
    voters = meeting.voters.order_by("membership_number")
    for voter, ranking in zip(voters, LIST_RANKINGS, strict=False):
        ballot_cast(poll=trial, voter=voter, choices=[ids[label] for label in ranking])
    poll_close(poll=trial, actor=None)


def _seed_list_vote(meeting) -> None:
    from review.models import ConceptListEntry
    from vacancies.models import Vacancy
    from voting.list_services import list_step_prepare
    from voting.models import ListVote

    vacancy = Vacancy.objects.filter(slug="kandidatenlijst-tweede-kamer").first()
    if (
        vacancy is None
        or not ConceptListEntry.objects.filter(concept_list__vacancy=vacancy).exists()
    ):
        return
    list_vote = ListVote.objects.create(meeting=meeting, vacancy=vacancy)
    list_step_prepare(list_vote=list_vote, actor=None)
