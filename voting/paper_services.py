"""Paper ballots beside the electronic ones (a member without a phone, a failing network).

The chair prints ballot papers for a poll, each with its own code on a tear-off receipt. A
teller hands a checked-in member a paper: that records *that* the member voted (so they cannot
vote again, electronically or on paper), never which paper they got. The tellers enter the
papers that come back: each becomes a ballot like any other, with the paper's code as its
receipt, so the member finds it on the receipt list after closing. For a poll on one candidate
the tellers may instead enter the counts of a stack of uncoded papers. Papers handed out but
not handed in are entered as invalid; the poll only closes when ballots and voters reconcile.
Whatever one teller enters counts only when a second teller confirms it.
"""

from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from core.errors import ServiceError
from core.services import audit_log
from voting import ballot_box
from voting.ballot_box import BoxUnavailable
from voting.casting import (
    ballot_seal,
    ballot_store,
    cast_facts,
    cast_refusal,
    proxy_principals,
    record_vote,
    validate_choices,
)
from voting.choices import ABSTAIN, INVALID, NO, YES
from voting.models import PaperBallot, PaperEntry, Poll, PollKind, PollStatus, Voter, VoteRecord
from voting.selectors import ballot_count

MAX_PAPERS = 2000


@transaction.atomic
def paper_ballots_prepare(*, poll: Poll, count: int, actor) -> list[str]:
    """New ballot papers for a poll that has not closed: their codes, to print."""
    poll = Poll.objects.select_for_update(no_key=True).get(pk=poll.pk)
    if poll.status == PollStatus.CLOSED:
        raise ServiceError(_("This poll is closed."))
    if poll.voided:
        raise ServiceError(_("This poll has been voided."))
    if not 1 <= count <= MAX_PAPERS:
        raise ServiceError(_("Print from 1 to %(max)d papers at a time.") % {"max": MAX_PAPERS})
    papers = PaperBallot.objects.bulk_create(PaperBallot(poll=poll) for _n in range(count))
    audit_log(actor=actor, action="voting.papers_printed", target=poll, data={"count": count})
    return [paper.code for paper in papers]


@transaction.atomic
def paper_ballot_issue(*, poll: Poll, voter: Voter, actor, on_behalf_of: Voter | None = None):
    """A teller hands a paper to a voter present in the hall (or to a proxy holder, for the
    member they vote for): the same rules as casting electronically, and the same record."""
    facts = cast_facts(poll.pk, voter_id=voter.pk)
    principals = proxy_principals(facts) if facts and facts.holds_proxies else {}
    subject = on_behalf_of or voter
    problem = cast_refusal(facts, subject.pk, principals)
    if not problem and not facts.present:  # as read under the poll's lock, not the caller's copy
        problem = _("A paper ballot is handed out in the hall: check the member in first.")
    if problem:
        raise ServiceError(problem)
    record_id = record_vote(poll_id=poll.pk, voter_id=subject.pk, by_proxy=subject != voter)
    if record_id is None:
        raise ServiceError(_("This vote has been cast already."))
    VoteRecord.objects.filter(pk=record_id).update(on_paper=True)
    # Who handed a paper to whom: one teller could otherwise vote for an absent member
    # unseen. The chair's console lists these rows. (Which paper is never recorded.)
    audit_log(
        actor=actor,
        action="voting.paper_issued",
        target=poll,
        data={"voter": subject.pk, "handed_to": voter.pk},
    )


def paper_progress(poll: Poll) -> dict:
    """Papers handed out, entered (coded and counted), awaiting a second teller, and still to
    enter."""
    issued = VoteRecord.objects.filter(poll=poll, on_paper=True).count()
    ballots = ballot_count(poll)
    voters = VoteRecord.objects.filter(poll=poll).count()
    papers = PaperBallot.objects.filter(poll=poll).aggregate(
        printed=Count("pk"), entered=Count("pk", filter=Q(entered=True))
    )
    pending = PaperEntry.objects.filter(poll=poll).aggregate(n=Sum("papers"))["n"] or 0
    return {
        **papers,
        "issued": issued,
        "pending": pending,
        "to_enter": voters - ballots - pending,
    }


def _open_facts(poll: Poll):
    """The poll's facts for entering papers, read under its shared lock (as a cast), and then
    its row locked, so tellers entering papers at one desk or several go one at a time: each
    counts the papers still to enter after the one before has written its entry, and no more
    papers are entered than were handed out. (The row lock comes after the shared lock, the
    order closing takes them in too.)"""
    facts = cast_facts(poll.pk, voter_id=0)
    if facts is None or facts.status != PollStatus.OPEN:
        raise ServiceError(_("Paper ballots are entered while the poll is open."))
    Poll.objects.select_for_update(no_key=True).filter(pk=poll.pk).first()
    return facts


def _room_for(poll: Poll, papers: int) -> None:
    to_enter = paper_progress(poll)["to_enter"]
    if to_enter < 1:
        raise ServiceError(_("Every paper handed out has been entered."))
    if papers > to_enter:
        raise ServiceError(_("More papers are counted than were handed out and not entered."))


# Four eyes (issue #29): one teller enters what a paper or a stack says, a second teller
# confirms it, and only then does it count. One teller alone could otherwise hand a paper to
# an absent member's name and enter its vote.


@transaction.atomic
def paper_ballot_enter(*, poll: Poll, code: str, choices=None, invalid=False, actor) -> PaperEntry:
    """Enter one paper that came back, by the code on it: its choices (checked like an
    electronic ballot's) or, spoiled or not handed in, invalid. It counts once a second teller
    confirms it (``paper_entry_confirm``)."""
    facts = _open_facts(poll)
    _room_for(poll, 1)
    paper = (
        PaperBallot.objects.select_for_update().filter(poll=poll, code=code.strip().upper()).first()
    )
    if paper is None:
        raise ServiceError(_("No ballot paper of this poll has this code."))
    if paper.entered:
        raise ServiceError(_("This ballot paper has been entered already."))
    if PaperEntry.objects.filter(paper=paper).exists():
        raise ServiceError(_("This ballot paper has been entered and awaits a second teller."))
    cleaned = INVALID if invalid else validate_choices(facts, choices)
    # A secret poll's paper is sealed as a cast ballot is: the code is a public receipt.
    box = ballot_seal(facts, choices=cleaned, receipt=paper.code) if facts.secret else None
    entry = PaperEntry.objects.create(
        poll=poll, paper=paper, choices=None if box else cleaned, box=box, entered_by=actor
    )
    audit_log(actor=actor, action="voting.paper_proposed", target=poll)
    return entry


@transaction.atomic
def paper_counts_enter(
    *, poll: Poll, yes: int, no: int, abstain: int, invalid: int, actor
) -> PaperEntry:
    """Enter a counted stack of uncoded papers for a poll on one candidate; it counts once a
    second teller confirms it."""
    facts = _open_facts(poll)
    if facts.kind != PollKind.YES_NO_ABSTAIN or len(facts.option_ids) != 1:
        raise ServiceError(_("Counts can be entered only for a yes/no vote on one candidate."))
    counts = {YES: yes, NO: no, ABSTAIN: abstain, "invalid": invalid}
    total = sum(counts.values())
    if min(counts.values()) < 0 or total < 1:
        raise ServiceError(_("Enter the number of papers for each answer."))
    _room_for(poll, total)
    entry = PaperEntry.objects.create(poll=poll, counts=counts, papers=total, entered_by=actor)
    audit_log(actor=actor, action="voting.paper_proposed", target=poll, data={"total": total})
    return entry


def _pending(poll: Poll, entry_id: int) -> PaperEntry:
    entry = (
        PaperEntry.objects.select_for_update(of=("self",))
        .select_related("paper")
        .filter(poll=poll, pk=entry_id)
        .first()
    )
    if entry is None:
        raise ServiceError(_("This entry has been confirmed or withdrawn already."))
    return entry


@transaction.atomic
def paper_entry_confirm(*, poll: Poll, entry_id: int, actor) -> int:
    """A second teller confirms what another entered: the paper or the stack becomes ballots.
    Returns the number of papers that now count."""
    facts = _open_facts(poll)
    entry = _pending(poll, entry_id)
    if actor is None or entry.entered_by_id == actor.pk:
        raise ServiceError(_("A second teller confirms what you entered."))
    if entry.paper_id:
        ballot_store(facts, choices=entry.choices, receipt=entry.paper.code, box=entry.box)
        PaperBallot.objects.filter(pk=entry.paper_id).update(entered=True)
        audit_log(
            actor=actor,
            action="voting.paper_entered",
            target=poll,
            data={"entered_by": entry.entered_by_id},
        )
    else:
        (option_id,) = facts.option_ids
        counts = entry.counts
        stack = [
            {str(option_id): answer}
            for answer in (YES, NO, ABSTAIN)
            for _n in range(counts.get(answer, 0))
        ]
        for choices in stack + [INVALID] * counts.get("invalid", 0):
            ballot_store(facts, choices=choices)
        audit_log(
            actor=actor,
            action="voting.paper_counts_entered",
            target=poll,
            data={"total": entry.papers, "entered_by": entry.entered_by_id},
        )
    entry.delete()
    return entry.papers


@transaction.atomic
def paper_entry_withdraw(*, poll: Poll, entry_id: int, actor) -> None:
    """Withdraw an entry before it is confirmed (a typing mistake, or a second teller who reads
    the paper otherwise): it is entered again from the paper."""
    _open_facts(poll)
    entry = _pending(poll, entry_id)
    audit_log(
        actor=actor,
        action="voting.paper_entry_withdrawn",
        target=poll,
        data={"papers": entry.papers, "entered_by": entry.entered_by_id},
    )
    entry.delete()


def paper_entries_pending(poll: Poll) -> list[PaperEntry]:
    """The entries awaiting a second teller, each with ``reading``: what it says, in words,
    for the second teller to compare with the paper or the stack."""
    entries = list(
        PaperEntry.objects.filter(poll=poll)
        .select_related("paper", "entered_by")
        .order_by("entered_at", "pk")
    )
    labels = {str(pk): label for pk, label in poll.options.values_list("pk", "label")}
    _open_sealed(poll, [entry for entry in entries if entry.box is not None])
    for entry in entries:
        entry.reading = _reading(entry, labels, ranked=poll.kind == PollKind.RANKED)
    return entries


def _open_sealed(poll: Poll, entries: list[PaperEntry]) -> None:
    """A secret poll's entries are read for the second teller with the poll's key, in memory
    only; while the key is out of reach they read as unreadable."""
    if not entries:
        return
    try:
        key = Poll.objects.values_list("ballot_key", flat=True).get(pk=poll.pk)
        opened = ballot_box.unseal(key, [entry.box for entry in entries])
    except BoxUnavailable:
        opened = [None] * len(entries)
    for entry, content in zip(entries, opened, strict=True):
        entry.choices = content["c"] if content else None


def _reading(entry: PaperEntry, labels: dict[str, str], *, ranked: bool) -> str:
    answers = {YES: _("Yes"), NO: _("No"), ABSTAIN: _("Abstain"), "invalid": _("Invalid")}
    if entry.counts is not None:
        return ", ".join(f"{answers[k]} {entry.counts.get(k, 0)}" for k in answers)
    choices = entry.choices
    if choices is None:
        return _("unreadable")
    if choices == INVALID:
        return _("Invalid")
    if isinstance(choices, dict):
        return ", ".join(f"{labels.get(k, k)}: {answers.get(v, v)}" for k, v in choices.items())
    if not choices:
        return _("blank")
    names = [labels.get(str(pk), str(pk)) for pk in choices]
    if ranked:
        return ", ".join(f"{n}. {name}" for n, name in enumerate(names, 1))
    return ", ".join(names)
