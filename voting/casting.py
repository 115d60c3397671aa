"""Casting a ballot: the one set of rules for who may cast which ballot, and how it is written.

Everything that casts (the member's ballot screen, a proxy holder's, the tellers handing out
or entering paper ballots) reads the same facts (``cast_facts``, under the poll's shared
lock), asks the same rules (``standing_refusal``, ``cast_refusal``; for the ballot screen
``ballot_refusal``, ``may_vote_for`` and ``ballots_due``), checks the choices the same way
(``validate_choices``) and writes through ``record_vote`` (who voted) and ``ballot_store``
(what was voted), or both at once for an electronic ballot (``ballots_cast``).

Each ballot writes who voted and what was voted as two unlinked rows; nothing here logs or
audits a member together with a choice.
"""

import json
import uuid
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.db import fetchone_hot
from core.errors import ServiceError
from voting import ballot_box
from voting.ballot_box import BoxUnavailable
from voting.choices import clean_choices
from voting.models import (
    Ballot,
    Meeting,
    Option,
    Poll,
    PollStatus,
    Proxy,
    Receipt,
    SealedBallot,
    Voter,
    VoteRecord,
    new_receipt,
)

# --- The facts a cast reads, under the poll's shared lock ----------------------------------


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


# PostgreSQL advisory locks on (this number, poll id): casts share it, closing takes it alone.
POLL_LOCK_SPACE = 0x766F7465  # "vote"


def _lock_statement(poll_id: int, *, exclusive: bool) -> tuple[str, list]:
    function = "pg_advisory_xact_lock" if exclusive else "pg_advisory_xact_lock_shared"
    return f"SELECT {function}(%s, %s)", [POLL_LOCK_SPACE, poll_id]


def lock_poll(poll_id: int, *, exclusive: bool) -> None:
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


def cast_facts(
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


def proxy_principals(facts: CastFacts) -> dict[int, str]:
    """The voters whose proxy the caster holds: id -> name."""
    return dict(
        Proxy.objects.filter(holder_id=facts.voter_id).values_list(
            "principal_id", "principal__name"
        )
    )


# --- The rules: who may cast which ballot --------------------------------------------------


def standing_refusal(facts: CastFacts | None) -> str:
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


def cast_refusal(facts: CastFacts | None, subject_id: int | None, principals: dict) -> str:
    """Why this ballot may not be cast, or "" when it may: the rules of casting, in one place."""
    standing = standing_refusal(facts)
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


def ballot_refusal(*, poll: Poll, voter: Voter | None) -> str:
    """Why this voter gets no ballot for this poll now, or "": asked before the ballot screen
    is shown, by the same rules casting applies."""
    return standing_refusal(cast_facts(poll.pk, voter_id=voter.pk if voter else 0))


def may_vote_for(*, voter: Voter) -> list[Voter]:
    """Whose votes this voter casts: their own (unless given away) and those they hold (the
    rule ``cast_refusal`` applies to each ballot)."""
    own = [] if Proxy.objects.filter(principal=voter).exists() else [voter]
    held = [proxy.principal for proxy in voter.proxies_held.select_related("principal")]
    return own + held


def ballots_due(*, poll: Poll, voter: Voter) -> list[Voter]:
    """Whose ballots this voter still has to cast in this poll: those they vote for
    (``may_vote_for``) without a vote record in it yet. For the ballot screen; casting checks
    again (``ballots_cast``)."""
    candidates = may_vote_for(voter=voter)
    voted = set(poll.vote_records.filter(voter__in=candidates).values_list("voter_id", flat=True))
    return [subject for subject in candidates if subject.pk not in voted]


def validate_choices(facts: CastFacts, choices) -> dict | list:
    """The choices as they are stored, checked against the poll's kind, options and seats
    (``voting.choices.clean_choices``): ServiceError with the reason when they are not a
    ballot of this poll. The same check for an electronic ballot and an entered paper."""
    return clean_choices(
        kind=facts.kind, option_ids=facts.option_ids, seats=facts.seats, choices=choices
    )


# --- Writing: who voted, and what was voted ------------------------------------------------


def ballot_cast(*, poll: Poll, voter: Voter, choices, on_behalf_of: Voter | None = None) -> Cast:
    """Cast one ballot, raising ServiceError with the reason when it may not be cast."""
    subject = on_behalf_of or voter
    [cast] = ballots_cast(
        poll_id=poll.pk, voter_id=voter.pk, choices_by_subject={subject.pk: choices}
    )
    if cast.problem:
        raise ServiceError(cast.problem)
    return cast


def _as_int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


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
    insert per row; the rules themselves are in ``cast_refusal``. A poll that does not exist (or
    not in ``meeting_id``, when given) raises Poll.DoesNotExist before anything is written."""
    facts = cast_facts(poll_id, voter_id=voter_id, user_id=user_id, meeting_id=meeting_id)
    if facts is None:
        raise Poll.DoesNotExist
    principals = proxy_principals(facts) if facts and facts.holds_proxies else {}
    names = {**principals, facts.voter_id: facts.voter_name} if facts else {}
    outcomes = []
    for subject_id, choices in choices_by_subject.items():
        subject_id = _as_int(subject_id)
        name = names.get(subject_id, "")
        problem = cast_refusal(facts, subject_id, principals)
        if problem:
            outcomes.append(Cast(for_voter=name, problem=problem))
            continue
        try:
            cleaned = validate_choices(facts, choices)
        except ServiceError as exc:
            outcomes.append(Cast(for_voter=name, problem=exc.message))
            continue
        outcomes.append(_write_ballot(facts, subject_id, cleaned, name))
    return outcomes


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
    record_id = record_vote(poll_id=facts.poll_id, voter_id=subject_id, by_proxy=by_proxy)
    if record_id is None:
        return False
    if box is not None:
        SealedBallot.objects.create(poll_id=facts.poll_id, box=box)
        return True
    ballot = Ballot.objects.create(poll_id=facts.poll_id, choices=cleaned)
    Receipt.objects.create(poll_id=facts.poll_id, code=receipt)
    VoteRecord.objects.filter(pk=record_id).update(named_ballot=ballot)
    return True


def record_vote(*, poll_id: int, voter_id: int, by_proxy: bool) -> int | None:
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


def ballot_seal(facts: CastFacts, *, choices, receipt: str = "") -> bytes:
    """A secret poll's ballot sealed to its key, or ServiceError when the box is out of reach."""
    try:
        return _sealed(facts, receipt, choices)
    except BoxUnavailable as exc:
        raise ServiceError(str(BOX_UNAVAILABLE_TEXT)) from exc


def ballot_store(facts: CastFacts, *, choices=None, receipt: str = "", box=None) -> None:
    """Store a ballot that comes without a vote record of its own (a paper the tellers
    enter): sealed in a secret poll (``box`` when it was sealed already), as it is in a named
    one."""
    if facts.secret:
        if box is None:
            box = ballot_seal(facts, choices=choices, receipt=receipt)
        SealedBallot.objects.create(poll_id=facts.poll_id, box=box)
        return
    Ballot.objects.create(poll_id=facts.poll_id, choices=choices)
    if receipt:
        Receipt.objects.create(poll_id=facts.poll_id, code=receipt)
