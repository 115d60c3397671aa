"""Fifty members each press 'vote' four times at once, on real PostgreSQL."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections

from core.errors import ServiceError
from tests.voting.conftest import make_meeting, make_poll, make_voters
from voting.casting import ballot_cast
from voting.models import SealedBallot, VoteRecord
from voting.polls import poll_close, poll_open


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_fifty_voters_four_clicks_each_make_fifty_ballots():
    if connection.vendor != "postgresql":
        pytest.fail("this test needs PostgreSQL (make test starts it)")
    meeting = make_meeting()
    voters = make_voters(meeting, 50)
    poll = make_poll(meeting, ["Amal", "Jayden"])
    poll_open(poll=poll, actor=None)
    choices = {str(option.pk): "yes" for option in poll.options.all()}

    def attempt(voter) -> str:
        try:
            ballot_cast(poll=poll, voter=voter, choices=choices)
            return "cast"
        except ServiceError:
            return "refused"
        except Exception as exc:  # a server error would be a failure of the test
            return f"error: {exc!r}"
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=16) as pool:
        outcomes = list(pool.map(attempt, [v for v in voters for _ in range(4)]))

    assert outcomes.count("cast") == 50
    assert outcomes.count("refused") == 150
    assert [o for o in outcomes if o.startswith("error")] == []
    assert SealedBallot.objects.count() == VoteRecord.objects.count() == 50
    assert poll_close(poll=poll, actor=None).result["ballots"] == 50
