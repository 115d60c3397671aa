"""Two chairs, two tellers or two members doing the same thing at the same moment, on real
PostgreSQL: one effect, and a clear message for the second (tests/races.py makes each race
happen every run)."""

from datetime import date

import pytest
from django.db import connection

from members.roles import ALV_CHAIR
from tests.factories import (
    ApplicationFactory,
    MemberFactory,
    UserFactory,
    VacancyFactory,
    submitted,
)
from tests.races import one_done_one_refused, race
from tests.voting.conftest import confirm_papers, make_meeting, make_poll, make_voters
from voting import paper_services
from voting.casting import ballot_cast
from voting.models import CheckInLog, Option, Poll, PollStatus, Proxy, Voter
from voting.polls import poll_add_candidates, poll_close, poll_draw_lots, poll_new_round, poll_open
from voting.proxies import proxy_give
from voting.register import check_in, register_snapshot
from voting.selectors import ballot_count

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def postgresql_and_key_folder(settings, tmp_path):
    if connection.vendor != "postgresql":
        pytest.fail("these tests need PostgreSQL (make test starts it)")
    settings.BALLOT_KEY_DIR = tmp_path / "ballot-keys"


def both(service, **arguments):
    return [lambda: service(**arguments), lambda: service(**arguments)]


def test_two_chairs_open_one_poll_at_once(monkeypatch):
    meeting = make_meeting()
    make_voters(meeting, 2)
    poll = make_poll(meeting, ["Amal"])

    outcomes = race(monkeypatch, "voting.polls.audit_log", *both(poll_open, poll=poll, actor=None))

    _done, refused = one_done_one_refused(outcomes)
    assert "geopend" in refused.refused
    poll.refresh_from_db()
    assert poll.status == PollStatus.OPEN and poll.ballot_key


def test_two_chairs_close_one_poll_at_once(monkeypatch):
    meeting = make_meeting()
    (voter,) = make_voters(meeting, 1)
    poll = make_poll(meeting, ["Amal"])
    poll_open(poll=poll, actor=None)
    ballot_cast(poll=poll, voter=voter, choices={str(poll.options.get().pk): "yes"})

    outcomes = race(monkeypatch, "voting.polls.audit_log", *both(poll_close, poll=poll, actor=None))

    one_done_one_refused(outcomes)
    poll.refresh_from_db()
    assert poll.status == PollStatus.CLOSED and poll.result["ballots"] == 1
    assert poll.receipts.count() == 1


def tied_poll(meeting, voter, **fields) -> Poll:
    """A closed yes/no poll for one seat where both candidates got the same votes."""
    poll = make_poll(meeting, ["Amal", "Jayden"], seats=1, **fields)
    poll_open(poll=poll, actor=None)
    ballot_cast(poll=poll, voter=voter, choices={str(o.pk): "yes" for o in poll.options.all()})
    poll = poll_close(poll=poll, actor=None)
    assert poll.result["outcome"] == "tie"
    return poll


def test_two_chairs_ask_for_a_new_round_at_once_and_get_one(monkeypatch):
    meeting = make_meeting()
    (voter,) = make_voters(meeting, 1)
    poll = tied_poll(meeting, voter)

    outcomes = race(
        monkeypatch, "voting.polls.audit_log", *both(poll_new_round, poll=poll, actor=None)
    )

    _done, refused = one_done_one_refused(outcomes)
    assert "nieuwe ronde" in refused.refused
    assert poll.next_rounds.count() == 1
    assert Option.objects.filter(poll__previous_round=poll).count() == 2


def test_two_chairs_draw_lots_at_once_and_one_seed_stands(monkeypatch):
    meeting = make_meeting()
    (voter,) = make_voters(meeting, 1)
    first = tied_poll(meeting, voter)
    second = poll_new_round(poll=first, actor=None)
    poll_open(poll=second, actor=None)
    ballot_cast(poll=second, voter=voter, choices={str(o.pk): "yes" for o in second.options.all()})
    poll_close(poll=second, actor=None)

    outcomes = race(
        monkeypatch, "voting.polls.audit_log", *both(poll_draw_lots, poll=second, actor=None)
    )

    done, _refused = one_done_one_refused(outcomes)
    second.refresh_from_db()
    assert second.lots_seed == done.value.lots_seed
    assert len(second.result["drawn"]) == 1


def test_two_tellers_check_one_member_in_at_once(monkeypatch):
    meeting = make_meeting()
    (voter,) = make_voters(meeting, 1, checked_in=False)

    outcomes = race(
        monkeypatch, "voting.register.audit_log", *both(check_in, voter=voter, actor=None)
    )

    assert [o.error or o.refused for o in outcomes] == ["", ""]  # idempotent: both fine
    assert CheckInLog.objects.filter(voter=voter).count() == 1


def test_two_chairs_fill_the_register_at_once(monkeypatch):
    meeting = make_meeting()
    make_voters(meeting, 3)  # fills it once
    for _ in range(2):  # two members entitled since
        MemberFactory(joined_on=date(2020, 1, 1))

    outcomes = race(
        monkeypatch,
        "voting.register.audit_log",
        *both(register_snapshot, meeting=meeting, actor=None),
    )

    assert [o.error for o in outcomes if o.error] == []
    assert sorted(o.value for o in outcomes) == [0, 2]
    assert Voter.objects.filter(meeting=meeting).count() == 5


def test_two_principals_take_the_last_proxy_slot_at_once(monkeypatch):
    meeting = make_meeting(proxies_allowed=True, max_proxies_per_holder=2)
    holder, already, first, second = make_voters(meeting, 4)
    proxy_give(principal=already, holder_number=holder.membership_number, actor=None)

    outcomes = race(
        monkeypatch,
        "voting.proxies.audit_log",
        lambda: proxy_give(principal=first, holder_number=holder.membership_number, actor=None),
        lambda: proxy_give(principal=second, holder_number=holder.membership_number, actor=None),
    )

    _done, refused = one_done_one_refused(outcomes)
    assert "maximum" in refused.refused
    assert Proxy.objects.filter(holder=holder).count() == 2


def test_two_members_name_each_other_as_proxy_at_once(monkeypatch):
    """A chain (each holding the other's vote, neither voting) must never come about."""
    meeting = make_meeting(proxies_allowed=True, max_proxies_per_holder=2)
    anna, bram = make_voters(meeting, 2)

    outcomes = race(
        monkeypatch,
        "voting.proxies.audit_log",
        lambda: proxy_give(principal=anna, holder_number=bram.membership_number, actor=None),
        lambda: proxy_give(principal=bram, holder_number=anna.membership_number, actor=None),
    )

    one_done_one_refused(outcomes)
    assert Proxy.objects.count() == 1


def test_two_tellers_enter_the_last_paper_at_once(monkeypatch):
    """One paper handed out, two papers entered at the same moment at two desks: one is
    entered, the other refused, and the poll still closes (ballots and voters reconcile)."""
    meeting = make_meeting()
    (voter,) = make_voters(meeting, 1)
    poll = make_poll(meeting, ["Amal"])
    poll_open(poll=poll, actor=None)
    first, second = paper_services.paper_ballots_prepare(poll=poll, count=2, actor=None)
    paper_services.paper_ballot_issue(poll=poll, voter=voter, actor=None)
    yes = {str(poll.options.get().pk): "yes"}

    outcomes = race(
        monkeypatch,
        "voting.paper_services.audit_log",
        lambda: paper_services.paper_ballot_enter(poll=poll, code=first, choices=yes, actor=None),
        lambda: paper_services.paper_ballot_enter(poll=poll, code=second, choices=yes, actor=None),
    )

    one_done_one_refused(outcomes)
    assert confirm_papers(poll) == 1
    assert ballot_count(poll) == 1
    assert poll_close(poll=poll, actor=None).result["ballots"] == 1


def test_two_second_tellers_confirm_one_entry_at_once(monkeypatch):
    """A paper entered once, confirmed by two tellers at the same moment: it counts once."""
    meeting = make_meeting()
    (voter,) = make_voters(meeting, 1)
    poll = make_poll(meeting, ["Amal"])
    poll_open(poll=poll, actor=None)
    (code,) = paper_services.paper_ballots_prepare(poll=poll, count=1, actor=None)
    paper_services.paper_ballot_issue(poll=poll, voter=voter, actor=None)
    yes = {str(poll.options.get().pk): "yes"}
    entry = paper_services.paper_ballot_enter(poll=poll, code=code, choices=yes, actor=None)
    first, second = UserFactory(groups=[ALV_CHAIR]), UserFactory(groups=[ALV_CHAIR])

    outcomes = race(
        monkeypatch,
        "voting.paper_services.ballot_store",
        lambda: paper_services.paper_entry_confirm(poll=poll, entry_id=entry.pk, actor=first),
        lambda: paper_services.paper_entry_confirm(poll=poll, entry_id=entry.pk, actor=second),
    )

    one_done_one_refused(outcomes)
    assert ballot_count(poll) == 1
    assert poll_close(poll=poll, actor=None).result["ballots"] == 1


def test_a_confirmation_and_a_withdrawal_of_one_entry_at_once(monkeypatch):
    """One teller confirms while another withdraws the same entry: one of them happens, the
    other is told the entry is gone; never a ballot from a withdrawn entry."""
    meeting = make_meeting()
    (voter,) = make_voters(meeting, 1)
    poll = make_poll(meeting, ["Amal"])
    poll_open(poll=poll, actor=None)
    paper_services.paper_ballot_issue(poll=poll, voter=voter, actor=None)
    entry = paper_services.paper_counts_enter(
        poll=poll, yes=1, no=0, abstain=0, invalid=0, actor=None
    )
    first, second = UserFactory(groups=[ALV_CHAIR]), UserFactory(groups=[ALV_CHAIR])

    outcomes = race(
        monkeypatch,
        "voting.paper_services.audit_log",
        lambda: paper_services.paper_entry_confirm(poll=poll, entry_id=entry.pk, actor=first),
        lambda: paper_services.paper_entry_withdraw(poll=poll, entry_id=entry.pk, actor=second),
    )

    done, _refused = one_done_one_refused(outcomes)
    assert ballot_count(poll) == (1 if done is outcomes[0] else 0)
    assert not poll.paper_entries.exists()


def test_two_tellers_enter_counted_stacks_at_once(monkeypatch):
    meeting = make_meeting()
    voters = make_voters(meeting, 3)
    poll = make_poll(meeting, ["Amal"])
    poll_open(poll=poll, actor=None)
    for voter in voters:
        paper_services.paper_ballot_issue(poll=poll, voter=voter, actor=None)

    def stack():
        return paper_services.paper_counts_enter(
            poll=poll, yes=2, no=0, abstain=0, invalid=0, actor=None
        )

    outcomes = race(monkeypatch, "voting.paper_services.audit_log", stack, stack)

    one_done_one_refused(outcomes)
    assert ballot_count(poll) == 0
    assert confirm_papers(poll) == 2
    assert ballot_count(poll) == 2


def test_two_chairs_add_the_advised_candidates_at_once(monkeypatch):
    vacancy = VacancyFactory()
    for _ in range(2):
        application = submitted(ApplicationFactory(vacancy=vacancy))
        type(application).objects.filter(pk=application.pk).update(status="advised")
    meeting = make_meeting()
    poll = Poll.objects.create(meeting=meeting, title="Bestuur", vacancy=vacancy)

    outcomes = race(
        monkeypatch,
        "voting.polls.audit_log",
        *both(poll_add_candidates, poll=poll, actor=None),
    )

    assert [o.error for o in outcomes if o.error] == []
    assert sorted(o.value for o in outcomes) == [0, 2]
    assert poll.options.count() == 2
