"""Writes on meetings, the voter register, check-in, proxies, polls and ballots.

Nothing here logs or audits a member together with a choice: the audit trail records that a
poll was opened or closed, that someone checked in or gave a proxy, never what anyone voted.
"""

import json
import secrets
import uuid
from dataclasses import dataclass

import segno
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core.db import fetchone_hot
from core.errors import ServiceError
from core.services import audit_log
from core.text import clean_name
from counting.export import SEPARATOR as RANKING_SEPARATOR
from members.models import Member
from notifications.services import notification_queue
from voting import ballot_box, tally
from voting.ballot_box import BoxUnavailable
from voting.choices import clean_choices
from voting.list_services import list_result_apply
from voting.models import (
    Ballot,
    CheckInLog,
    Meeting,
    Option,
    Poll,
    PollKind,
    PollStatus,
    Proxy,
    Receipt,
    SealedBallot,
    Voter,
    VoteRecord,
    new_receipt,
)
from voting.selectors import present_count


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


@transaction.atomic
def proxy_give(*, principal: Voter, holder_number: str, actor) -> Proxy:
    """The principal lets another entitled member vote for them. At most N per holder; a
    holder cannot pass on proxies; the principal no longer votes themselves."""
    meeting = principal.meeting
    if not meeting.proxies_allowed:
        raise ServiceError(_("This meeting does not allow proxies."))
    if meeting.proxy_deadline and timezone.now() > meeting.proxy_deadline:
        raise ServiceError(_("The deadline for proxies has passed."))
    holder = meeting.voters.filter(membership_number=holder_number.strip()).first()
    if holder is None:
        raise ServiceError(_("No member with this number may vote at this meeting."))
    if holder.pk == principal.pk:
        raise ServiceError(_("You cannot give a proxy to yourself."))
    # Lock both, always in the same order, before any rule is read: two principals naming one
    # holder (the maximum), or two members naming each other (a chain), are then decided one
    # after the other, each reading what the one before wrote.
    list(Voter.objects.select_for_update().filter(pk__in=[principal.pk, holder.pk]).order_by("pk"))
    if Proxy.objects.filter(principal=holder).exists():
        raise ServiceError(_("%(name)s has given their own vote away.") % {"name": holder.name})
    if Proxy.objects.filter(holder=principal).exists():
        raise ServiceError(_("You hold proxies yourself and so cannot give yours away."))
    if Proxy.objects.filter(holder=holder).count() >= meeting.max_proxies_per_holder:
        raise ServiceError(
            _("%(name)s already holds the maximum of %(max)d proxies.")
            % {"name": holder.name, "max": meeting.max_proxies_per_holder}
        )
    if VoteRecord.objects.filter(voter=principal).exists():
        raise ServiceError(_("You have voted already in this meeting; a proxy comes too late."))
    try:
        with transaction.atomic():
            proxy = Proxy.objects.create(meeting=meeting, principal=principal, holder=holder)
    except IntegrityError as exc:
        raise ServiceError(_("You have given a proxy already.")) from exc
    audit_log(
        actor=actor,
        action="voting.proxy",
        target=meeting,
        data={"principal": principal.pk, "holder": holder.pk},
    )
    return proxy


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


@dataclass(frozen=True)
class Cast:
    """One ballot's outcome: its receipt, or the reason it was refused."""

    for_voter: str  # the name of whose vote it was (the holder sees it; the choice is not kept)
    receipt: str = ""
    problem: str = ""


@dataclass(frozen=True)
class CastFacts:
    """What casting needs to know, read in one query under the poll's shared lock."""

    poll_id: int
    status: str
    kind: str
    seats: int
    secret: bool
    ballot_key: str  # the key file of a secret poll's ballot box
    option_ids: frozenset[int]
    remote_open: bool
    voter_id: int | None  # the caster's entry in this meeting's register
    voter_name: str
    present: bool
    gave_proxy: bool
    holds_proxies: bool


def _validate_choices(facts: CastFacts, choices) -> dict | list:
    return clean_choices(
        kind=facts.kind, option_ids=facts.option_ids, seats=facts.seats, choices=choices
    )


def _as_int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def may_vote_for(*, voter: Voter) -> list[Voter]:
    """Whose votes this voter casts: their own (unless given away) and those they hold."""
    own = [] if Proxy.objects.filter(principal=voter).exists() else [voter]
    held = [proxy.principal for proxy in voter.proxies_held.select_related("principal")]
    return own + held


def ballot_cast(*, poll: Poll, voter: Voter, choices, on_behalf_of: Voter | None = None) -> Cast:
    """Cast one ballot, raising ServiceError with the reason when it may not be cast."""
    subject = on_behalf_of or voter
    [cast] = ballots_cast(
        poll_id=poll.pk, voter_id=voter.pk, choices_by_subject={subject.pk: choices}
    )
    if cast.problem:
        raise ServiceError(cast.problem)
    return cast


@transaction.atomic
def ballots_cast(
    *,
    poll_id: int,
    choices_by_subject: dict[int, object],
    voter_id=None,
    user_id=None,
    meeting_id: int | None = None,
) -> list[Cast]:
    """Cast the ballots of one voter (found by ``voter_id`` or by ``user_id``): their own
    and those they hold as proxy, keyed by the voter id whose vote it is; per ballot its
    receipt or the reason it was refused. Each ballot writes who voted and what was
    voted as two unlinked rows; a second attempt for the same vote (a double click, a second
    tab) is refused by the database's unique key and changes nothing.

    Built for a hall voting at once: one query reads every fact the rules need, then one
    insert per row; the rules themselves are in ``_refusal``. A poll that does not exist (or
    not in ``meeting_id``, when given) raises Poll.DoesNotExist before anything is written."""
    facts = _cast_facts(poll_id, voter_id=voter_id, user_id=user_id, meeting_id=meeting_id)
    if facts is None:
        raise Poll.DoesNotExist
    principals = _principals(facts) if facts and facts.holds_proxies else {}
    names = {**principals, facts.voter_id: facts.voter_name} if facts else {}
    outcomes = []
    for subject_id, choices in choices_by_subject.items():
        subject_id = _as_int(subject_id)
        name = names.get(subject_id, "")
        problem = _refusal(facts, subject_id, principals)
        if problem:
            outcomes.append(Cast(for_voter=name, problem=problem))
            continue
        try:
            cleaned = _validate_choices(facts, choices)
        except ServiceError as exc:
            outcomes.append(Cast(for_voter=name, problem=exc.message))
            continue
        outcomes.append(_write_ballot(facts, subject_id, cleaned, name))
    return outcomes


def ballot_refusal(*, poll: Poll, voter: Voter | None) -> str:
    """Why this voter gets no ballot for this poll now, or "": asked before the ballot screen
    is shown, by the same rules casting applies."""
    return _standing_refusal(_cast_facts(poll.pk, voter_id=voter.pk if voter else 0))


def _standing_refusal(facts: CastFacts | None) -> str:
    """Why the caster may not vote in this poll at all now: the register, the poll's state,
    presence (or the online window)."""
    if facts is None:
        return _("This poll is not open.")
    if facts.voter_id is None:
        return _("You are not on the voter register of this meeting.")
    if facts.status == PollStatus.DRAFT:
        return _("This poll has not been opened yet.")
    if facts.status != PollStatus.OPEN:
        return _("This poll is closed.")
    if not facts.present and not facts.remote_open:
        return _("You have not been checked in. Report to the tellers' desk.")
    return ""


def _refusal(facts: CastFacts | None, subject_id: int | None, principals: dict) -> str:
    """Why this ballot may not be cast, or "" when it may: the rules of casting, in one place."""
    standing = _standing_refusal(facts)
    if standing:
        return standing
    if subject_id != facts.voter_id:
        if subject_id not in principals:
            return _("You hold no proxy for this member.")
        if not facts.present:
            return _("A proxy holder must be present at the meeting.")
    elif facts.gave_proxy:
        return _("You have given your vote to a proxy holder.")
    return ""


def _write_ballot(facts: CastFacts, subject_id: int, cleaned, name: str) -> Cast:
    """Write who voted and the ballot; for a secret poll the ballot goes in sealed, so
    nothing written now (rows, their order, transaction ids, the WAL) says what was voted."""
    receipt = new_receipt()
    try:
        box = _sealed(facts, receipt, cleaned) if facts.secret else None
    except BoxUnavailable:
        return Cast(for_voter=name, problem=BOX_UNAVAILABLE_TEXT)
    by_proxy = subject_id != facts.voter_id
    if connection.vendor == "postgresql":
        written = _write_rows(facts, subject_id, cleaned, by_proxy, receipt=receipt, box=box)
    else:
        written = _write_models(facts, subject_id, cleaned, by_proxy, receipt=receipt, box=box)
    if not written:
        return Cast(for_voter=name, problem=_("This vote has been cast already."))
    return Cast(for_voter=name, receipt=receipt)


BOX_UNAVAILABLE_TEXT = gettext_lazy(
    "The ballot box of this poll cannot be reached, so your vote was not recorded. Try again "
    "in a moment; if it keeps failing, tell the tellers."
)


def _sealed(facts: CastFacts, receipt: str, cleaned) -> bytes:
    return ballot_box.seal(
        facts.ballot_key, receipt=receipt, choices=cleaned, option_count=len(facts.option_ids)
    )


# PostgreSQL advisory locks on (this number, poll id): casts share it, closing takes it alone.
POLL_LOCK_SPACE = 0x766F7465  # "vote"


def _lock_statement(poll_id: int, *, exclusive: bool) -> tuple[str, list]:
    function = "pg_advisory_xact_lock" if exclusive else "pg_advisory_xact_lock_shared"
    return f"SELECT {function}(%s, %s)", [POLL_LOCK_SPACE, poll_id]


def _lock_poll(poll_id: int, *, exclusive: bool) -> None:
    """Casts hold the poll's lock shared until their ballot is written; closing takes it
    exclusively, so it waits for casts in flight, and a cast that comes after the close
    waits for it and then reads the poll closed. An advisory lock, not a row lock: hundreds
    of casts sharing one row lock would make PostgreSQL build a new multixact for each.
    (SQLite, the embedded mode, runs one writer at a time anyway.)"""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(*_lock_statement(poll_id, exclusive=exclusive))


# Primary keys are 32-bit integers on every database the app runs on.
MAX_ID = 2**31 - 1


def _cast_facts(
    poll_id: int, *, voter_id=None, user_id=None, meeting_id: int | None = None
) -> CastFacts | None:
    """The poll, its options and the caster's standing, read after taking the poll's shared
    lock (so the poll's status is read after any close that came first): one round trip.
    None for a poll id out of range or unknown, or of another meeting than ``meeting_id``."""
    if not 0 < poll_id <= MAX_ID or (meeting_id is not None and not 0 < meeting_id <= MAX_ID):
        return None
    postgres = connection.vendor == "postgresql"
    aggregate = "string_agg" if postgres else "group_concat"
    caster = "v.id = %s" if voter_id is not None else "v.user_id = %s"
    tables = {
        "poll": Poll._meta.db_table,
        "meeting": Meeting._meta.db_table,
        "option": Option._meta.db_table,
        "voter": Voter._meta.db_table,
        "proxy": Proxy._meta.db_table,
    }
    # Table names come from the models and every value is a parameter.
    sql = (
        "SELECT p.status, p.kind, p.seats, p.secret, p.ballot_key, "  # noqa: S608
        f"(SELECT {aggregate}(CAST(o.id AS TEXT), ',') FROM {tables['option']} o "
        "WHERE o.poll_id = p.id), "
        "m.online, m.remote_voting_opens_at IS NOT NULL AND m.remote_voting_opens_at <= %s, "
        "v.id, v.name, v.checked_in_at IS NOT NULL, "
        f"EXISTS (SELECT 1 FROM {tables['proxy']} x WHERE x.principal_id = v.id), "
        f"EXISTS (SELECT 1 FROM {tables['proxy']} x WHERE x.holder_id = v.id) "
        f"FROM {tables['poll']} p JOIN {tables['meeting']} m ON m.id = p.meeting_id "
        f"LEFT JOIN {tables['voter']} v ON v.meeting_id = p.meeting_id AND {caster} "
        "WHERE p.id = %s" + (" AND p.meeting_id = %s" if meeting_id is not None else "")
    )
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    row = fetchone_hot(
        sql,
        [now, voter_id if voter_id is not None else user_id, poll_id]
        + ([meeting_id] if meeting_id is not None else []),
        before=[_lock_statement(poll_id, exclusive=False)] if postgres else [],
    )
    if row is None:
        return None
    status, kind, seats, secret, key, options, online, opened, voter, name, present, gave, holds = (
        row
    )
    return CastFacts(
        poll_id=poll_id,
        status=status,
        kind=kind,
        seats=seats,
        secret=bool(secret),
        ballot_key=key or "",
        option_ids=frozenset(int(pk) for pk in (options or "").split(",") if pk),
        remote_open=bool(online) and bool(opened),
        voter_id=voter,
        voter_name=name or "",
        present=bool(present),
        gave_proxy=bool(gave),
        holds_proxies=bool(holds),
    )


def _principals(facts: CastFacts) -> dict[int, str]:
    """The voters whose proxy the caster holds: id -> name."""
    return dict(
        Proxy.objects.filter(holder_id=facts.voter_id).values_list(
            "principal_id", "principal__name"
        )
    )


def _write_rows(facts, subject_id, cleaned, by_proxy, *, receipt: str, box) -> bool:
    """PostgreSQL: the vote record and the (sealed or named) ballot in one statement; False
    when this vote had been cast already."""
    record = (
        f"WITH record AS (INSERT INTO {VoteRecord._meta.db_table} "  # noqa: S608
        "(poll_id, voter_id, by_proxy, named_ballot_id) VALUES (%s, %s, %s, %s) "
        "ON CONFLICT (poll_id, voter_id) DO NOTHING RETURNING id)"
    )
    if box is not None:
        row = fetchone_hot(
            f"{record} INSERT INTO {SealedBallot._meta.db_table} (id, poll_id, box) "  # noqa: S608
            "SELECT %s, %s, %s FROM record RETURNING 1",
            [facts.poll_id, subject_id, by_proxy, None, uuid.uuid4(), facts.poll_id, box],
        )
        return row is not None
    ballot_id = uuid.uuid4()
    row = fetchone_hot(
        f"{record}, ballot AS (INSERT INTO {Ballot._meta.db_table} (id, poll_id, choices) "  # noqa: S608
        "SELECT %s, %s, %s::jsonb FROM record RETURNING id) "
        f"INSERT INTO {Receipt._meta.db_table} (id, poll_id, code) "
        "SELECT %s, %s, %s FROM ballot RETURNING 1",
        [
            facts.poll_id,
            subject_id,
            by_proxy,
            ballot_id,
            ballot_id,
            facts.poll_id,
            json.dumps(cleaned),
            uuid.uuid4(),
            facts.poll_id,
            receipt,
        ],
    )
    return row is not None


def _write_models(facts, subject_id, cleaned, by_proxy, *, receipt: str, box) -> bool:
    """Other databases (SQLite, the embedded mode): the same rows, one insert each."""
    record_id = _record_vote(poll_id=facts.poll_id, voter_id=subject_id, by_proxy=by_proxy)
    if record_id is None:
        return False
    if box is not None:
        SealedBallot.objects.create(poll_id=facts.poll_id, box=box)
        return True
    ballot = Ballot.objects.create(poll_id=facts.poll_id, choices=cleaned)
    Receipt.objects.create(poll_id=facts.poll_id, code=receipt)
    VoteRecord.objects.filter(pk=record_id).update(named_ballot=ballot)
    return True


def _record_vote(*, poll_id: int, voter_id: int, by_proxy: bool) -> int | None:
    """Write who voted; None when they had voted already (the unique key decides, so two
    clicks at the same moment cannot both pass)."""
    table = VoteRecord._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (poll_id, voter_id, by_proxy) VALUES (%s, %s, %s) "  # noqa: S608
            "ON CONFLICT (poll_id, voter_id) DO NOTHING RETURNING id",
            [poll_id, voter_id, by_proxy],
        )
        row = cursor.fetchone()
    return row[0] if row else None


def ballot_store(facts: CastFacts, *, choices, receipt: str = "") -> None:
    """Store a ballot that comes without a vote record of its own (a paper the tellers
    enter): sealed in a secret poll, as it is in a named one."""
    if facts.secret:
        try:
            box = _sealed(facts, receipt, choices)
        except BoxUnavailable as exc:
            raise ServiceError(str(BOX_UNAVAILABLE_TEXT)) from exc
        SealedBallot.objects.create(poll_id=facts.poll_id, box=box)
        return
    Ballot.objects.create(poll_id=facts.poll_id, choices=choices)
    if receipt:
        Receipt.objects.create(poll_id=facts.poll_id, code=receipt)


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
    _lock_poll(poll.pk, exclusive=True)
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


def ballot_count(poll: Poll) -> int:
    """The ballots in the box: those already written and those still sealed."""
    return Ballot.objects.filter(poll=poll).count() + SealedBallot.objects.filter(poll=poll).count()


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


@transaction.atomic
def invitations_send(*, meeting: Meeting, actor) -> int:
    """E-mail every voter with an address their invitation: the meeting, their personal
    check-in code (as a QR image) and the link to their meeting page."""
    from django.conf import settings
    from django.urls import reverse

    # A second press waits for the first and then finds every invitation queued already.
    Meeting.objects.select_for_update(no_key=True).filter(pk=meeting.pk).first()

    sent = 0
    for voter in meeting.voters.select_related("member", "user"):
        email = voter.user.email if voter.user else voter.member.email
        page = settings.SITE_URL + reverse("voting:meeting", args=[meeting.pk])
        checkin = settings.SITE_URL + reverse(
            "voting:teller_code", args=[meeting.pk, voter.checkin_code]
        )
        qr = segno.make(checkin, error="m").svg_inline(scale=6)
        _notification, created = notification_queue(
            kind="voting.invitation",
            recipient=email,
            language=(voter.user.language if voter.user else "nl") or "nl",
            template="voting/email/invitation",
            context={"meeting": meeting, "voter": voter, "page": page},
            target=voter,
            attachments=[
                {"filename": "inchecken.svg", "content_type": "image/svg+xml", "content": qr}
            ],
        )
        sent += created
    audit_log(actor=actor, action="voting.invitations", target=meeting, data={"sent": sent})
    return sent


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
