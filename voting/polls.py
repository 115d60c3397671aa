"""The life cycle of a poll: its candidates, opening (with the quorum), closing (opening the
ballot box, reconciling ballots with voters, the count by ``voting.tally``), a new round after
a tie, and lots after a tied new round.

Nothing here logs or audits a member together with a choice: the audit trail records that a
poll was opened or closed, never what anyone voted.
"""

import secrets

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.errors import ServiceError
from core.services import audit_log
from counting.export import SEPARATOR as RANKING_SEPARATOR
from voting import ballot_box, tally
from voting.ballot_box import BoxUnavailable
from voting.casting import lock_poll
from voting.list_services import list_result_apply
from voting.models import (
    Ballot,
    Option,
    Poll,
    PollKind,
    PollStatus,
    Receipt,
    SealedBallot,
    VoteRecord,
)
from voting.selectors import ballot_count, present_count

ADVISED_STATUSES = ("advised", "notified", "accepted")


@transaction.atomic
def poll_add_candidates(*, poll: Poll, actor) -> int:
    """Put the candidates the committee advised for the poll's vacancy on the ballot."""
    poll = Poll.objects.select_for_update().get(pk=poll.pk)
    if poll.status != PollStatus.DRAFT:
        raise ServiceError(_("Candidates can only be added before the poll opens."))
    if poll.vacancy_id is None:
        raise ServiceError(_("Link the poll to a vacancy first."))
    from applications.models import Application

    present = set(poll.options.values_list("application_id", flat=True))
    candidates = Application.objects.filter(
        vacancy_id=poll.vacancy_id, status__in=ADVISED_STATUSES
    ).exclude(pk__in=present)
    start = poll.options.count()
    Option.objects.bulk_create(
        Option(poll=poll, label=a.full_name, application=a, order=start + n)
        for n, a in enumerate(candidates.order_by("last_name"))
    )
    audit_log(actor=actor, action="voting.candidates_added", target=poll)
    return len(candidates)


@transaction.atomic
def poll_open(*, poll: Poll, actor) -> Poll:
    """Open a poll, if the quorum is present. The entitled and present counts are kept."""
    # Locks the meeting's row too: its settings freeze now (voting.record_services), and a
    # change saved at this moment is either seen here or refused there.
    poll = Poll.objects.select_for_update().select_related("meeting").get(pk=poll.pk)
    if poll.voided:
        raise ServiceError(_("This poll has been voided; it cannot be opened."))
    if poll.status != PollStatus.DRAFT:
        raise ServiceError(_("This poll has been opened already."))
    if not poll.options.exists():
        raise ServiceError(_("A poll needs at least one candidate."))
    if poll.kind == PollKind.RANKED:
        problem = ranked_labels_problem(list(poll.options.values_list("label", flat=True)))
        if problem:
            raise ServiceError(problem)
    present = present_count(poll.meeting)
    if present < poll.meeting.quorum:
        raise ServiceError(
            _("The quorum is not reached: %(present)d present, %(quorum)d needed.")
            % {"present": present, "quorum": poll.meeting.quorum}
        )
    poll.status, poll.opened_at = PollStatus.OPEN, timezone.now()
    poll.entitled_at_open, poll.present_at_open = poll.meeting.voters.count(), present
    poll.quorum_at_open = poll.meeting.quorum
    if poll.secret:
        try:
            poll.ballot_key = ballot_box.box_create()
        except OSError as exc:
            raise ServiceError(
                _("The ballot box of this poll could not be made (%(error)s); it stays closed.")
                % {"error": exc.strerror or exc}
            ) from exc
    poll.save()
    audit_log(actor=actor, action="voting.poll_opened", target=poll, data={"present": present})
    return poll


def ranked_labels_problem(labels: list[str]) -> str:
    """Why these candidate names cannot stand on a ranked ballot, or "" when they can. The
    anonymised ballots of a ranked poll are exported and recounted by name
    (``counting.export``), so every name must be unique, must not contain the ``>``
    that separates the places, and must not start or end with a space."""
    seen: set[str] = set()
    for label in labels:
        if not label or label != label.strip() or RANKING_SEPARATOR in label:
            return _(
                "The name “%(name)s” cannot stand on a ranked ballot: no “>” and no space at "
                "the start or the end."
            ) % {"name": label}
        if label in seen:
            return _(
                "Two candidates are called “%(name)s”: give each a name of their own, since "
                "a recount reads the ballots by name."
            ) % {"name": label}
        seen.add(label)
    return ""


# What an opened box that holds no ballot is counted as: unreadable, so invalid.
UNREADABLE = {"unreadable": True}


def _ballots_unseal(poll: Poll) -> None:
    """Open the poll's sealed ballots and write them anew in one transaction: the choices as
    ballots in a random order, the receipt codes apart from them in sorted order; then drop
    the sealed rows. Raises ServiceError (the poll stays open) when the key is missing."""
    boxes = list(SealedBallot.objects.filter(poll=poll).values_list("box", flat=True))
    if not boxes:
        return
    try:
        opened = ballot_box.unseal(poll.ballot_key, boxes)
    except BoxUnavailable as exc:
        raise ServiceError(
            _(
                "The key of this poll's ballot box (file %(name)s.key in the ballot key folder) "
                "cannot be read, so its ballots cannot be opened; the poll stays open. Put the "
                "file back and close again."
            )
            % {"name": poll.ballot_key}
        ) from exc
    choices = [payload["c"] if payload else UNREADABLE for payload in opened]
    codes = {payload.get("r") for payload in opened if payload}
    secrets.SystemRandom().shuffle(choices)
    Ballot.objects.bulk_create(Ballot(poll=poll, choices=c) for c in choices)
    Receipt.objects.bulk_create(
        Receipt(poll=poll, code=code)
        for code in sorted(c for c in codes if isinstance(c, str) and c)
    )
    SealedBallot.objects.filter(poll=poll).delete()


def _destroy_keys_of_closed_polls() -> None:
    """After a close commits: remove the keys of every closed poll (this one, and any whose
    removal an earlier crash interrupted), then vacuum away the old row versions: the sealed
    ballots, and the vote records as they were written (their transaction ids tell when each
    member voted)."""
    closed = Poll.objects.filter(status=PollStatus.CLOSED).exclude(ballot_key="")
    for key_id in closed.values_list("ballot_key", flat=True):
        ballot_box.box_destroy(key_id)
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM {SealedBallot._meta.db_table}, {VoteRecord._meta.db_table}")


@transaction.atomic
def poll_close(*, poll: Poll, actor) -> Poll:
    """Close the poll, open its ballot box, count, and keep the result with its explanation.
    Ties at the last seat need a new round (``poll_new_round``), then lots (``poll_draw_lots``)."""
    lock_poll(poll.pk, exclusive=True)
    poll = Poll.objects.select_for_update().select_related("meeting").get(pk=poll.pk)
    if poll.status != PollStatus.OPEN:
        raise ServiceError(_("Only an open poll can be closed."))
    ballots = ballot_count(poll)
    voters = VoteRecord.objects.filter(poll=poll).count()
    on_paper = VoteRecord.objects.filter(poll=poll, on_paper=True).count()
    awaiting = poll.paper_entries.count()
    if awaiting:
        raise ServiceError(
            ngettext(
                "%(n)d paper result awaits a second teller's confirmation; the poll stays open.",
                "%(n)d paper results await a second teller's confirmation; the poll stays open.",
                awaiting,
            )
            % {"n": awaiting}
        )
    if 0 < voters - ballots <= on_paper:
        raise ServiceError(
            _(
                "%(missing)d paper ballots that were handed out have not been entered yet "
                "(enter those not handed in as invalid); the poll stays open."
            )
            % {"missing": voters - ballots}
        )
    if ballots != voters:  # the two rows are written together; a difference is a defect
        raise ServiceError(
            _("Ballots (%(b)d) and voters (%(v)d) do not reconcile; the poll stays open.")
            % {"b": ballots, "v": voters}
        )
    _ballots_unseal(poll)
    poll.status, poll.closed_at = PollStatus.CLOSED, timezone.now()
    poll.entitled_at_close = poll.meeting.voters.count()
    poll.present_at_close = present_count(poll.meeting)
    if poll.kind == PollKind.RANKED and not poll.lots_seed:
        # A ranked count breaks its own ties (looking back, then lots): the seed of those
        # lots is drawn before counting and kept, so anyone can redo the count from the
        # exported ballots. No new round is needed.
        poll.lots_seed = secrets.token_hex(16)
    poll.result = {**tally.count(poll), "quorum": quorum_snapshot(poll)}
    poll.save()
    list_result_apply(poll=poll)
    # One later write of every vote record, so their transaction ids no longer tell when
    # each member voted.
    VoteRecord.objects.filter(poll=poll).update(by_proxy=F("by_proxy"))
    transaction.on_commit(_destroy_keys_of_closed_polls)
    audit_log(
        actor=actor,
        action="voting.poll_closed",
        target=poll,
        data={"ballots": ballots, "outcome": poll.result.get("outcome")},
    )
    return poll


def quorum_snapshot(poll: Poll) -> dict:
    """Whether the quorum was reached, from what the poll kept when it opened: stored with
    the result, so no later change of the meeting's settings rewrites it."""
    needed = poll.quorum_at_open or 0
    present = poll.present_at_open or 0
    return {"needed": needed, "present": present, "reached": present >= needed}


@transaction.atomic
def poll_new_round(*, poll: Poll, actor) -> Poll:
    """A new round between the candidates tied at the last seat."""
    poll = Poll.objects.select_for_update().get(pk=poll.pk)
    tied = poll.result.get("tied") or []
    if poll.voided:
        raise ServiceError(_("This poll has been voided."))
    if poll.status != PollStatus.CLOSED or not tied:
        raise ServiceError(_("Only a closed poll with a tie gets a new round."))
    if poll.next_rounds.exists():
        raise ServiceError(_("This tie has a new round already."))
    seats_left = poll.result.get("seats_left", 1)
    new = Poll.objects.create(
        meeting=poll.meeting,
        title=_("%(title)s (new round)") % {"title": poll.title},
        kind=poll.kind if len(tied) > seats_left else PollKind.YES_NO_ABSTAIN,
        secret=poll.secret,
        majority=poll.majority,
        seats=seats_left,
        vacancy=poll.vacancy,
        previous_round=poll,
        order=poll.order,
    )
    options = {option.pk: option for option in poll.options.all()}
    Option.objects.bulk_create(
        Option(
            poll=new,
            label=options[int(pk)].label,
            application_id=options[int(pk)].application_id,
            order=n,
        )
        for n, pk in enumerate(tied)
    )
    audit_log(actor=actor, action="voting.new_round", target=poll, data={"new": new.pk})
    return new


@transaction.atomic
def poll_draw_lots(*, poll: Poll, actor) -> Poll:
    """After a tied new round: the system draws lots with a recorded random seed, so anyone
    can redo the draw (``tally.draw``) and see the same order."""
    poll = Poll.objects.select_for_update().get(pk=poll.pk)
    tied = poll.result.get("tied") or []
    if poll.voided:
        raise ServiceError(_("This poll has been voided."))
    if poll.status != PollStatus.CLOSED or not tied or poll.previous_round_id is None:
        raise ServiceError(_("Lots are drawn only for a tie after a new round."))
    if poll.lots_seed:
        raise ServiceError(_("Lots have been drawn already."))
    poll.lots_seed = secrets.token_hex(16)
    winners = tally.draw(tied, seed=poll.lots_seed, seats=poll.result.get("seats_left", 1))
    poll.result = {**poll.result, "drawn": winners, "elected": poll.result["elected"] + winners}
    poll.save(update_fields=["lots_seed", "result"])
    list_result_apply(poll=poll)
    audit_log(actor=actor, action="voting.lots", target=poll, data={"seed": poll.lots_seed})
    return poll
