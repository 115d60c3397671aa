"""Paper ballots beside the electronic ones (a member without a phone, a failing network).

The chair prints ballot papers for a poll, each with its own code on a tear-off receipt. A
teller hands a checked-in member a paper: that records *that* the member voted (so they cannot
vote again, electronically or on paper), never which paper they got. The tellers enter the
papers that come back: each becomes a ballot like any other, with the paper's code as its
receipt, so the member finds it on the receipt list after closing. For a poll on one candidate
the tellers may instead enter the counts of a stack of uncoded papers. Papers handed out but
not handed in are entered as invalid; the poll only closes when ballots and voters reconcile.
"""

from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from core.errors import ServiceError
from core.services import audit_log
from voting.choices import ABSTAIN, INVALID, NO, YES
from voting.models import PaperBallot, Poll, PollKind, PollStatus, Voter, VoteRecord
from voting.services import (
    _cast_facts,
    _principals,
    _record_vote,
    _refusal,
    _validate_choices,
    ballot_count,
    ballot_store,
)

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
    facts = _cast_facts(poll.pk, voter_id=voter.pk)
    principals = _principals(facts) if facts and facts.holds_proxies else {}
    subject = on_behalf_of or voter
    problem = _refusal(facts, subject.pk, principals)
    if not problem and not facts.present:  # as read under the poll's lock, not the caller's copy
        problem = _("A paper ballot is handed out in the hall: check the member in first.")
    if problem:
        raise ServiceError(problem)
    record_id = _record_vote(poll_id=poll.pk, voter_id=subject.pk, by_proxy=subject != voter)
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
    """Papers handed out, entered (coded and counted) and still to enter."""
    issued = VoteRecord.objects.filter(poll=poll, on_paper=True).count()
    ballots = ballot_count(poll)
    voters = VoteRecord.objects.filter(poll=poll).count()
    papers = PaperBallot.objects.filter(poll=poll).aggregate(
        printed=Count("pk"), entered=Count("pk", filter=Q(entered=True))
    )
    return {**papers, "issued": issued, "to_enter": voters - ballots}


def _open_facts(poll: Poll):
    """The poll's facts for entering papers, read under its shared lock (as a cast), and then
    its row locked, so tellers entering papers at one desk or several go one at a time: each
    counts the papers still to enter after the one before has written its ballots, and no
    more ballots are entered than papers were handed out. (The row lock comes after the
    shared lock, the order closing takes them in too.)"""
    facts = _cast_facts(poll.pk, voter_id=0)
    if facts is None or facts.status != PollStatus.OPEN:
        raise ServiceError(_("Paper ballots are entered while the poll is open."))
    Poll.objects.select_for_update(no_key=True).filter(pk=poll.pk).first()
    if paper_progress(poll)["to_enter"] < 1:
        raise ServiceError(_("Every paper handed out has been entered."))
    return facts


@transaction.atomic
def paper_ballot_enter(*, poll: Poll, code: str, choices=None, invalid=False, actor) -> None:
    """Enter one paper that came back, by the code on it: its choices (checked like an
    electronic ballot's) or, spoiled or not handed in, invalid."""
    facts = _open_facts(poll)
    paper = (
        PaperBallot.objects.select_for_update().filter(poll=poll, code=code.strip().upper()).first()
    )
    if paper is None:
        raise ServiceError(_("No ballot paper of this poll has this code."))
    if paper.entered:
        raise ServiceError(_("This ballot paper has been entered already."))
    cleaned = INVALID if invalid else _validate_choices(facts, choices)
    ballot_store(facts, choices=cleaned, receipt=paper.code)
    paper.entered = True
    paper.save(update_fields=["entered"])
    audit_log(actor=actor, action="voting.paper_entered", target=poll)


@transaction.atomic
def paper_counts_enter(*, poll: Poll, yes: int, no: int, abstain: int, invalid: int, actor):
    """Enter a counted stack of uncoded papers for a poll on one candidate."""
    facts = _open_facts(poll)
    if facts.kind != PollKind.YES_NO_ABSTAIN or len(facts.option_ids) != 1:
        raise ServiceError(_("Counts can be entered only for a yes/no vote on one candidate."))
    counts = {YES: yes, NO: no, ABSTAIN: abstain}
    total = sum(counts.values()) + invalid
    if min(*counts.values(), invalid) < 0 or total < 1:
        raise ServiceError(_("Enter the number of papers for each answer."))
    if total > paper_progress(poll)["to_enter"]:
        raise ServiceError(_("More papers are counted than were handed out and not entered."))
    (option_id,) = facts.option_ids
    stack = [{str(option_id): answer} for answer, number in counts.items() for _n in range(number)]
    for choices in stack + [INVALID] * invalid:
        ballot_store(facts, choices=choices)
    audit_log(actor=actor, action="voting.paper_counts_entered", target=poll, data={"total": total})
    return total
