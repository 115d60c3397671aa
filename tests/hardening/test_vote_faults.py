"""Fault test: the database restarts and a web worker dies while a hall is voting (issue #12).

Each voter who saw a receipt must have been counted (the receipt is in the published ballot
list), each other voter must have been told clearly to try again (a translated message, or
for a connection that died with its worker, the ballot screen's own "could not be sent"),
and must then be able to vote; ballots and voters reconcile and nobody votes twice.

It runs on a private PostgreSQL cluster and gunicorn (harness/hall.py), never on the
suite's shared servers. The faults are timed by holding the poll's lock, as closing it does:
casts then wait inside PostgreSQL, mid-request, when the server restarts or their worker is
killed. bench/vote_faults.py does the same at the scale of a hall (2,000 voters) with faults
at random moments.
"""

import html

import pytest
from django.db import OperationalError
from django.urls import reverse
from django.utils import translation

from harness.hall import (
    ALREADY,
    CLEAR_ERROR,
    LOST,
    RECEIPT,
    UNCLEAR,
    Hall,
    wait_until,
)
from tests.conftest import current_database_url
from tests.voting.conftest import make_meeting, make_poll, make_voters
from voting import casting, selectors, services
from voting.views import BALLOT_OUTAGE_TEXT, OUTAGE_TEXT

VOTERS, CLIENTS, WORKERS = 90, 8, 2


@pytest.fixture
def hall(db):
    """A hall of checked-in voters on a private cluster whose schema is copied from this test
    worker's database (``db`` has it created; migrating anew would take ten times as long)."""
    from django.db import connection

    source = current_database_url() if connection.vendor == "postgresql" else None
    with Hall(VOTERS, workers=WORKERS, schema_from=source, preload=True, link=True) as hall:
        yield hall


def kinds(hall: Hall, voters) -> list[str | None]:
    """What each of these voters saw last (None: no answer yet)."""
    return [hall.last(voter) for voter in voters]


def test_vote_faults_database_restart_and_killed_worker(hall):
    first, second, third = hall.voters[:30], hall.voters[30:60], hall.voters[60:]

    hall.crowd(first, CLIENTS).join()
    assert kinds(hall, first) == [RECEIPT] * len(first)

    # The database restarts (fast shutdown) while casts are inside it.
    with hall.poll_held():
        crowd = hall.crowd(second, CLIENTS)
        wait_until(lambda: hall.waiting_casts() >= WORKERS, 30, "casts to wait on the poll")
        hall.restart_database("fast")
    crowd.join()
    restart = kinds(hall, second)
    assert set(restart) <= {RECEIPT, CLEAR_ERROR}, hall.server_log()[-3000:]
    assert restart.count(CLEAR_ERROR) >= WORKERS  # at least those inside PostgreSQL then

    # A worker is killed while it serves a cast: that voter's connection dies with it.
    with hall.poll_held():
        crowd = hall.crowd(third, CLIENTS)
        wait_until(lambda: hall.waiting_casts() >= WORKERS, 30, "casts to wait on the poll")
        hall.kill_worker()
        wait_until(lambda: LOST in kinds(hall, third), 30, "the killed worker's client")
    crowd.join()
    killed = kinds(hall, third)
    assert set(killed) <= {RECEIPT, LOST}
    assert killed.count(LOST) == 1  # the other worker's cast waited and went through

    # The connection breaks just after PostgreSQL committed a vote: the voter is told to try
    # again, though the vote was counted. Pressing again must then say so.
    unsure = next(v for v in third if hall.last(v) != RECEIPT)
    hall.link.lose_next_commit_reply()
    assert hall.cast(unsure).kind == CLEAR_ERROR
    assert hall.link.cuts == 1

    # Without the script, and while the database is down, the ballot page and the cast
    # answer with a page that says what happened (and no error page or traceback)...
    waiting = next(v for v in second if hall.last(v) != RECEIPT)
    hall.db.ctl("stop")
    status, page = hall.page(waiting)
    assert status == 503
    assert html.escape(hall.texts["ballot_outage"]) in page
    status, page = hall.page(waiting, "POST", cast=True)
    assert status == 503
    assert html.escape(hall.texts["outage"]) in page
    assert "Traceback" not in page
    hall.db.ctl("start")
    # ... and the next request has a connection again.
    status, page = hall.page(waiting)
    assert status == 200

    # Everyone without a receipt presses again until they have one (or are told their vote
    # was counted after all), and a few with a receipt press twice.
    failed = [v for v in hall.voters if hall.last(v) != RECEIPT]
    hall.crowd(failed, CLIENTS, retry=True).join()
    assert set(kinds(hall, failed)) <= {RECEIPT, ALREADY}
    assert hall.last(unsure) == ALREADY
    twice = first[:5]
    hall.crowd(twice, CLIENTS).join()
    assert kinds(hall, twice) == [ALREADY] * len(twice)

    first_answers = hall.outcome_counts(first_only=True)
    every_answer = hall.outcome_counts()
    reconciliation = hall.reconcile()
    print(
        f"\nvote faults ({VOTERS} voters, {WORKERS} gunicorn workers; one fast restart of "
        "PostgreSQL, one worker killed, one commit reply lost): first answers "
        f"{dict(first_answers)}; retries {sum(every_answer.values()) - VOTERS - len(twice)}; "
        f"every answer {dict(every_answer)}; "
        f"ballots {reconciliation.ballots}, voters who voted {reconciliation.records}, "
        f"told 'already counted' without a receipt {reconciliation.ambiguous}"
    )
    assert every_answer[UNCLEAR] == 0
    assert reconciliation.problems == []
    assert reconciliation.ballots == reconciliation.records == reconciliation.voted == VOTERS
    assert reconciliation.ambiguous == 1  # the one whose commit reply was lost
    assert first_answers[RECEIPT] + first_answers[CLEAR_ERROR] + first_answers[LOST] == VOTERS


@pytest.mark.django_db
def test_vote_faults_outage_answers_say_to_try_again(client, monkeypatch):
    """The answers themselves, without servers to break: the database fails under the cast
    and under the ballot page."""
    meeting = make_meeting()
    voter = make_voters(meeting, 1)[0]
    poll = make_poll(meeting)
    services.poll_open(poll=poll, actor=None)
    client.force_login(voter.user)

    def outage(**_facts):
        raise OperationalError("terminating connection due to administrator command")

    monkeypatch.setattr(casting, "ballots_cast", outage)
    url = reverse("voting:cast", args=[meeting.pk, poll.pk])
    vote = {"subject": voter.pk, f"v{voter.pk}-option_{poll.options.get().pk}": "yes"}
    with translation.override("nl"):
        cast_text, ballot_text = str(OUTAGE_TEXT), str(BALLOT_OUTAGE_TEXT)

    by_script = client.post(url, vote, HTTP_ACCEPT="application/json")
    assert by_script.status_code == 503
    assert by_script.json() == {"error": cast_text}  # what cast.js shows, button enabled again
    assert by_script["Retry-After"]
    without_script = client.post(url, vote)
    assert without_script.status_code == 503
    assert html.escape(cast_text) in without_script.text
    assert reverse("voting:ballot", args=[meeting.pk, poll.pk]) in without_script.text

    monkeypatch.setattr(selectors, "voter_for", outage)
    page = client.get(reverse("voting:ballot", args=[meeting.pk, poll.pk]))
    assert page.status_code == 503
    assert html.escape(ballot_text) in page.text
