"""A poll's life as a state machine (Hypothesis): opening, electronic votes, votes by proxy,
paper ballots printed, handed out and entered (one by one, or as counted stacks), members
arriving and leaving, proxies given, closing, a new round after a tie, lots after a tied new
round — in any order, also the orders that make no sense.

The test keeps its own model of what must have happened (who voted, the papers handed out
and not yet entered, the receipts handed out) and after every step checks the poll against
it:

- ballots (sealed and opened, ``ballot_count``) plus the papers still to enter equal the
  voters who voted, and nobody voted twice in one poll;
- each operation is refused (with a Dutch message) exactly when the rules say so, and a
  refused one changes nothing;
- closing always succeeds when ballots and voters reconcile (no paper left to enter);
- a closed poll always has its count, over every ballot, and no sealed ballot is left;
- the receipts published after closing are exactly those handed out: every electronic
  receipt and the code of every coded paper entered.

Marked ``fuzz``: a few derandomized runs in ``make test``, many more and longer ones under
HYPOTHESIS_PROFILE=fuzz (``make fuzz``).
"""

import os
from dataclasses import dataclass, field

import pytest
from django.db import connection, transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)

from core.errors import ServiceError
from tests.hardening.fuzz import is_dutch
from tests.voting.conftest import confirm_papers, make_meeting, make_poll, make_voters
from voting import paper_services
from voting.casting import ballot_cast
from voting.choices import ANSWERS, YES
from voting.models import (
    Ballot,
    Majority,
    PaperBallot,
    Poll,
    PollKind,
    PollStatus,
    Proxy,
    SealedBallot,
    Voter,
    VoteRecord,
)
from voting.polls import poll_close, poll_draw_lots, poll_new_round, poll_open
from voting.proxies import proxy_give
from voting.register import check_in, check_out
from voting.selectors import ballot_count, receipts

FUZZ = os.environ.get("HYPOTHESIS_PROFILE") == "fuzz"
VOTERS = 5
MAX_PROXIES = 2

# What can happen next, and how often, relatively: a hall mostly votes.
ACTIONS = {
    "open_": 2,
    "votes": 4,
    "print_papers": 1,
    "hand_out_papers": 2,
    "enter_papers": 2,
    "enter_counted_stack": 1,
    "give_proxy": 1,
    "arrive_or_leave": 1,
    "too_early_or_too_late": 1,
    "close": 2,
    "after_closing": 2,
}

# What a refused operation must leave as it was, read in one query.
SNAPSHOT = (
    "SELECT p.status, p.lots_seed, "  # noqa: S608 (table names from the models)
    f"(SELECT count(*) FROM {Poll._meta.db_table} WHERE meeting_id = %(meeting)s), "
    f"(SELECT count(*) FROM {VoteRecord._meta.db_table} r JOIN {Poll._meta.db_table} q "
    "ON q.id = r.poll_id WHERE q.meeting_id = %(meeting)s), "
    f"(SELECT count(*) FROM {Ballot._meta.db_table} WHERE poll_id = p.id), "
    f"(SELECT count(*) FROM {SealedBallot._meta.db_table} WHERE poll_id = p.id), "
    f"(SELECT count(*) FROM {Proxy._meta.db_table} WHERE meeting_id = %(meeting)s), "
    f"(SELECT count(*) FROM {PaperBallot._meta.db_table} WHERE poll_id = p.id AND entered) "
    f"FROM {Poll._meta.db_table} p WHERE p.id = %(poll)s"
)


@dataclass
class Round:
    """What the model knows of one poll (the first, or a new round)."""

    poll: Poll
    status: str = PollStatus.DRAFT
    voted: set[int] = field(default_factory=set)  # voter ids whose vote is in (or on paper)
    pending: int = 0  # papers handed out, not entered yet
    invalid: int = 0  # papers entered as invalid
    printed: list[str] = field(default_factory=list)
    entered: set[str] = field(default_factory=set)
    receipts: list[str] = field(default_factory=list)  # handed out: electronic and coded papers
    chair_done: bool = False  # a new round and lots asked for after closing
    out_of_time: set[str] = field(default_factory=set)  # statuses in which votes were tried

    @property
    def option_ids(self) -> list[int]:
        return list(self.poll.options.order_by("order").values_list("pk", flat=True))


class PollLife(RuleBasedStateMachine):
    """One rule picks what happens next, weighted (``ACTIONS``), among what can happen in
    the current state. (One rule per action would let Hypothesis' swarm testing switch off
    about half of them in each run, and ``make test`` makes only a few runs.)"""

    hall: dict = {}  # the meeting and its voters, set by the test

    def __init__(self):
        super().__init__()
        # Each run starts from the hall as the test made it, and is rolled back at its end.
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        self.meeting = self.hall["meeting"]
        self.voter_ids = [v.pk for v in self.hall["voters"]]
        self.present = set(self.voter_ids)
        self.proxies: dict[int, int] = {}  # principal -> holder
        self.voted_in_meeting: set[int] = set()
        self.rounds: list[Round] = []

    def teardown(self):
        transaction.set_rollback(True)
        self.atomic.__exit__(None, None, None)

    @property
    def round(self) -> Round:
        return self.rounds[-1]

    def voter(self, index: int) -> Voter:
        return Voter.objects.get(pk=self.voter_ids[index])

    def expect(self, allowed: bool, action) -> object:
        """Run ``action``: it must succeed when the rules allow it, and be refused with a
        Dutch message, changing nothing, when they do not."""
        before = self.snapshot()
        try:
            result = action()
        except ServiceError as exc:
            assert not allowed, f"refused, but the rules allow it: {exc.message}"
            assert is_dutch(str(exc.message)), exc.message
            assert self.snapshot() == before, "a refused operation changed something"
            return None
        assert allowed, "done, but the rules forbid it"
        return True if result is None else result

    def snapshot(self) -> tuple:
        with connection.cursor() as cursor:
            cursor.execute(SNAPSHOT, {"meeting": self.meeting.pk, "poll": self.round.poll.pk})
            return cursor.fetchone()

    # --- The steps ----------------------------------------------------------------------

    @initialize(
        kind=st.sampled_from([PollKind.YES_NO_ABSTAIN, PollKind.APPROVAL]),
        candidates=st.sampled_from([2, 2, 1, 3]),  # mostly two: ties, new rounds and lots
        majority=st.sampled_from([Majority.SIMPLE, Majority.ABSOLUTE]),
        secret=st.booleans(),
    )
    def a_poll(self, kind, candidates, majority, secret):
        labels = ["Amal", "Jayden", "Noor"][:candidates]
        poll = make_poll(self.meeting, labels, kind=kind, seats=1, majority=majority, secret=secret)
        self.rounds.append(Round(poll))

    @rule(data=st.data())
    def something_happens(self, data):
        possible = [name for name, weight in ACTIONS.items() for _ in range(weight)]
        possible = [name for name in possible if getattr(self, f"can_{name}")()]
        getattr(self, data.draw(st.sampled_from(possible), label="what happens"))(data)

    def is_(self, *statuses) -> bool:
        return self.round.status in statuses

    # --- The chair ----------------------------------------------------------------------

    def can_open_(self) -> bool:
        return self.is_(PollStatus.DRAFT)

    def open_(self, data):
        if self.expect(True, lambda: poll_open(poll=self.round.poll, actor=None)):
            self.round.status = PollStatus.OPEN

    def can_close(self) -> bool:
        # Once someone voted: closed empty, a run would end before anything happened.
        return self.is_(PollStatus.OPEN) and bool(self.round.voted)

    def close(self, data):
        current = self.round
        # Closing succeeds whenever the poll is open and ballots and voters reconcile.
        if self.expect(current.pending == 0, lambda: poll_close(poll=current.poll, actor=None)):
            current.status = PollStatus.CLOSED

    def can_after_closing(self) -> bool:
        return self.is_(PollStatus.CLOSED) and not self.round.chair_done

    def after_closing(self, data):
        """The chair's next steps after closing, each asked for twice: lots for a tie in a new
        round, and a new round for a tie (refused without a tie, and the second time)."""
        current = self.round
        current.chair_done = True
        current.poll.refresh_from_db()
        tied = bool(current.poll.result.get("tied"))
        in_new_round = len(self.rounds) > 1
        self.expect(tied and in_new_round, lambda: poll_draw_lots(poll=current.poll, actor=None))
        self.expect(False, lambda: poll_draw_lots(poll=current.poll, actor=None))
        new = self.expect(tied, lambda: poll_new_round(poll=current.poll, actor=None))
        self.expect(False, lambda: poll_new_round(poll=current.poll, actor=None))
        if new is not None:
            self.rounds.append(Round(new))

    # --- Presence and proxies -----------------------------------------------------------

    def can_arrive_or_leave(self) -> bool:
        return True

    def arrive_or_leave(self, data):
        index = data.draw(st.integers(0, VOTERS - 1), label="member")
        voter, voter_id = self.voter(index), self.voter_ids[index]
        if voter_id in self.present:
            check_out(voter=voter, actor=None)
            self.present.discard(voter_id)
        else:
            check_in(voter=voter, actor=None)
            self.present.add(voter_id)

    def can_give_proxy(self) -> bool:
        everyone = range(VOTERS)
        return any(self.may_give_proxy(*self.ids(p, h)) for p in everyone for h in everyone)

    def may_give_proxy(self, principal_id: int, holder_id: int) -> bool:
        """The rules of proxies: to another member who has not given their own vote away,
        not by someone who holds proxies or has voted, at most MAX_PROXIES per holder."""
        return (
            principal_id != holder_id
            and holder_id not in self.proxies
            and principal_id not in self.proxies.values()
            and list(self.proxies.values()).count(holder_id) < MAX_PROXIES
            and principal_id not in self.voted_in_meeting
            and principal_id not in self.proxies
        )

    def give_proxy(self, data):
        """Mostly a proxy the rules allow; now and then any (to be refused)."""
        everyone = range(VOTERS)
        pairs = [(p, h) for p in everyone for h in everyone]
        may = [(p, h) for p, h in pairs if self.may_give_proxy(*self.ids(p, h))]
        stray = data.draw(st.integers(0, 4), label="stray") == 4
        principal, holder = data.draw(st.sampled_from(pairs if stray or not may else may))
        allowed = self.may_give_proxy(*self.ids(principal, holder))
        principal_id, holder_id = self.ids(principal, holder)
        number = self.voter(holder).membership_number
        proxy = self.expect(
            allowed,
            lambda: proxy_give(principal=self.voter(principal), holder_number=number, actor=None),
        )
        if proxy is not None:
            self.proxies[principal_id] = holder_id

    # --- Votes ---------------------------------------------------------------------------

    def may_vote(self, caster_id: int, subject_id: int) -> bool:
        """The rules of casting: an open poll, the caster present, their own vote (not given
        away) or one they hold by proxy, not cast yet in this poll."""
        if self.round.status != PollStatus.OPEN or caster_id not in self.present:
            return False
        if subject_id == caster_id:
            own = caster_id not in self.proxies
        else:
            own = self.proxies.get(subject_id) == caster_id
        return own and subject_id not in self.round.voted

    def someone(self, data) -> tuple[int, int]:
        """A caster (voter index) and whose vote they cast (voter id): mostly a vote that may
        still be cast, now and then any (to be refused: voted already, given away, absent)."""
        pairs = [
            (caster, subject_id)
            for caster, caster_id in enumerate(self.voter_ids)
            for subject_id in [caster_id, *(p for p, h in self.proxies.items() if h == caster_id)]
        ]
        may = [(c, s) for c, s in pairs if self.may_vote(self.voter_ids[c], s)]
        stray = data.draw(st.integers(0, 4), label="stray") == 4
        return data.draw(st.sampled_from(pairs if stray or not may else may), label="who")

    def choices(self, data):
        ids = self.round.option_ids
        if self.round.poll.kind == PollKind.YES_NO_ABSTAIN:
            # Mostly one answer for every candidate: ties come up, and new rounds and lots.
            if data.draw(st.integers(0, 3), label="mixed answers") < 3:
                answer = data.draw(st.sampled_from([*ANSWERS, YES]), label="answer")
                return {str(pk): answer for pk in ids}
            return {str(pk): data.draw(st.sampled_from(ANSWERS)) for pk in ids}
        blank = data.draw(st.integers(0, 4), label="blank") == 4
        return [] if blank else [data.draw(st.sampled_from(ids), label="approve")]

    def record_vote(self, subject_id: int) -> None:
        self.round.voted.add(subject_id)
        self.voted_in_meeting.add(subject_id)

    def ids(self, *indexes: int) -> list[int]:
        return [self.voter_ids[index] for index in indexes]

    def principal(self, caster: int, subject_id: int) -> Voter | None:
        return Voter.objects.get(pk=subject_id) if subject_id != self.voter_ids[caster] else None

    def anyone_may_vote(self) -> bool:
        return any(
            self.may_vote(caster_id, subject_id)
            for caster_id in self.voter_ids
            for subject_id in [caster_id, *self.proxies]
        )

    def can_votes(self) -> bool:
        return self.is_(PollStatus.OPEN) and self.anyone_may_vote()

    def votes(self, data):
        """A few members vote on their phones, each their own vote or one they hold."""
        for _ in range(data.draw(st.integers(1, VOTERS), label="votes")):
            self.vote(*self.someone(data), self.choices(data))

    def vote(self, caster: int, subject_id: int, choices) -> None:
        cast = self.expect(
            self.may_vote(self.voter_ids[caster], subject_id),
            lambda: ballot_cast(
                poll=self.round.poll,
                voter=self.voter(caster),
                choices=choices,
                on_behalf_of=self.principal(caster, subject_id),
            ),
        )
        if cast is not None:
            self.record_vote(subject_id)
            self.round.receipts.append(cast.receipt)

    def can_too_early_or_too_late(self) -> bool:
        status = self.round.status
        return status != PollStatus.OPEN and status not in self.round.out_of_time

    def too_early_or_too_late(self, data):
        """A vote, a paper and a counted stack while the poll is not open (and printing
        papers once it is closed): refused."""
        self.round.out_of_time.add(self.round.status)
        caster = data.draw(st.integers(0, VOTERS - 1), label="member")
        choices = self.choices(data)
        poll, voter = self.round.poll, self.voter(caster)
        self.expect(False, lambda: ballot_cast(poll=poll, voter=voter, choices=choices))
        self.expect(
            False, lambda: paper_services.paper_ballot_issue(poll=poll, voter=voter, actor=None)
        )
        self.expect(
            False,
            lambda: paper_services.paper_counts_enter(
                poll=poll, yes=1, no=0, abstain=0, invalid=0, actor=None
            ),
        )
        if self.is_(PollStatus.CLOSED):
            self.expect(
                False, lambda: paper_services.paper_ballots_prepare(poll=poll, count=1, actor=None)
            )

    # --- Paper ballots ------------------------------------------------------------------

    def can_print_papers(self) -> bool:
        return len(self.round.printed) < 4 and not self.is_(PollStatus.CLOSED)

    def print_papers(self, data):
        current = self.round
        count = data.draw(st.integers(1, 2), label="papers printed")
        codes = self.expect(
            True,
            lambda: paper_services.paper_ballots_prepare(
                poll=current.poll, count=count, actor=None
            ),
        )
        if codes is not None:
            current.printed += codes

    def can_hand_out_papers(self) -> bool:
        return self.is_(PollStatus.OPEN) and self.anyone_may_vote()

    def hand_out_papers(self, data):
        """The tellers hand ballot papers to a few members in the hall."""
        for _ in range(data.draw(st.integers(1, 2), label="papers handed out")):
            self.hand_out_paper(*self.someone(data))

    def hand_out_paper(self, caster: int, subject_id: int) -> None:
        done = self.expect(
            self.may_vote(self.voter_ids[caster], subject_id),
            lambda: paper_services.paper_ballot_issue(
                poll=self.round.poll,
                voter=self.voter(caster),
                actor=None,
                on_behalf_of=self.principal(caster, subject_id),
            ),
        )
        if done:
            self.record_vote(subject_id)
            self.round.pending += 1

    def can_enter_papers(self) -> bool:
        return self.is_(PollStatus.OPEN) and bool(self.round.printed) and self.round.pending > 0

    def a_code(self, data) -> str:
        """Mostly a paper not entered yet; now and then any (entered already: refused)."""
        fresh = [code for code in self.round.printed if code not in self.round.entered]
        stray = data.draw(st.integers(0, 4), label="stray") == 4
        return data.draw(st.sampled_from(self.round.printed if stray or not fresh else fresh))

    def enter_papers(self, data):
        """The tellers enter papers that came back, by their code: filled in or invalid;
        sometimes one entered already, or one more than were handed out."""
        for _ in range(data.draw(st.integers(1, 2), label="papers entered")):
            code = self.a_code(data)
            invalid = data.draw(st.integers(0, 3), label="invalid") == 3
            self.enter_paper(code, invalid, None if invalid else self.choices(data))

    def enter_paper(self, code: str, invalid: bool, choices) -> None:
        current = self.round
        done = self.expect(
            current.pending > 0 and code not in current.entered,
            lambda: (
                paper_services.paper_ballot_enter(
                    poll=current.poll, code=code, choices=choices, invalid=invalid, actor=None
                ),
                confirm_papers(current.poll),  # a second teller confirms it at once
            ),
        )
        if done:
            current.entered.add(code)
            current.pending -= 1
            current.invalid += invalid
            current.receipts.append(code)

    def can_enter_counted_stack(self) -> bool:
        return self.is_(PollStatus.OPEN) and self.round.pending > 0

    def enter_counted_stack(self, data):
        current = self.round
        counts = {
            name: data.draw(st.integers(0, 2), label=name)
            for name in ("yes", "no", "abstain", "invalid")
        }
        total = sum(counts.values())
        allowed = (
            current.pending > 0
            and current.poll.kind == PollKind.YES_NO_ABSTAIN
            and len(current.option_ids) == 1
            and 1 <= total <= current.pending
        )
        done = self.expect(
            allowed,
            lambda: (
                paper_services.paper_counts_enter(poll=current.poll, actor=None, **counts),
                confirm_papers(current.poll),
            ),
        )
        if done:
            current.pending -= total
            current.invalid += counts["invalid"]

    # --- What must always hold ----------------------------------------------------------

    @invariant()
    def ballots_and_voters_reconcile(self):
        for each in self.rounds:
            records = list(VoteRecord.objects.filter(poll=each.poll).values_list("voter_id"))
            assert len(records) == len(set(records)) == len(each.voted), "someone voted twice"
            assert {voter_id for (voter_id,) in records} == each.voted
            assert ballot_count(each.poll) + each.pending == len(each.voted)

    @invariant()
    def a_closed_poll_has_its_count_and_every_receipt(self):
        for each in self.rounds:
            poll = Poll.objects.get(pk=each.poll.pk)
            assert poll.status == each.status
            if poll.status != PollStatus.CLOSED:
                assert receipts(poll) == []  # nothing is published before closing
                continue
            assert poll.result["ballots"] == len(each.voted)
            assert poll.result["invalid"] == each.invalid
            assert not SealedBallot.objects.filter(poll=poll).exists()
            assert receipts(poll) == sorted(each.receipts)


@pytest.fixture
def hall(settings, tmp_path, transactional_db):
    settings.BALLOT_KEY_DIR = tmp_path / "ballot-keys"
    meeting = make_meeting(proxies_allowed=True, max_proxies_per_holder=MAX_PROXIES)
    return {"meeting": meeting, "voters": make_voters(meeting, VOTERS)}


# Transactional: each run is a transaction of its own, rolled back at its end (runs inside
# the test's one transaction would pile up thousands of savepoints, and every query slows).
@pytest.mark.fuzz
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_poll_keeps_its_promises_whatever_happens_in_whatever_order(hall):
    PollLife.hall = hall
    run_state_machine_as_test(
        PollLife,
        settings=settings(
            max_examples=300 if FUZZ else 12,
            stateful_step_count=60 if FUZZ else 30,
            derandomize=not FUZZ,
            deadline=None,
            database=None,
            print_blob=True,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )
