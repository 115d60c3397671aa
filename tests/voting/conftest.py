from datetime import date, timedelta

import pytest
from django.utils import timezone, translation

from tests.factories import MemberFactory, UserFactory
from voting.models import Meeting, Option, Poll
from voting.register import check_in, register_snapshot


def make_meeting(**fields) -> Meeting:
    defaults = {
        "title": "ALV voorjaar",
        "starts_at": timezone.now() + timedelta(hours=1),
        "eligibility_cutoff": date(2026, 10, 1),
        "dues_required": False,
    }
    return Meeting.objects.create(**{**defaults, **fields})


def make_voters(meeting, count: int, *, checked_in: bool = True) -> list:
    for _ in range(count):
        MemberFactory(user=UserFactory(), joined_on=date(2020, 1, 1))
    register_snapshot(meeting=meeting, actor=None)
    voters = list(meeting.voters.order_by("pk"))[-count:]
    if checked_in:
        voters = [check_in(voter=voter, actor=None) for voter in voters]
    return voters


def make_poll(meeting, labels=("Amal",), **fields) -> Poll:
    poll = Poll.objects.create(
        meeting=meeting,
        title=fields.pop("title", "Bestuursverkiezing"),
        **{"kind": "yes_no_abstain", **fields},
    )
    for n, label in enumerate(labels):
        Option.objects.create(poll=poll, label=label, order=n)
    return poll


@pytest.fixture
def meeting(db):
    return make_meeting()


@pytest.fixture(autouse=True)
def _counting_tests_read_english(request):
    """The counting package's own tests (test_methods_*) compare its English texts; the app's
    tests run in the default language, Dutch."""
    if request.module.__name__.rsplit(".", 1)[-1].startswith("test_methods_"):
        with translation.override("en"):
            yield
    else:
        yield


def sealed_contents(poll) -> list[dict]:
    """What the open poll's sealed ballots hold ({"r": receipt, "c": choices}), opened with
    the poll's key as closing would: for tests that check what a cast stored."""
    from voting import ballot_box
    from voting.models import SealedBallot

    poll.refresh_from_db()
    boxes = list(SealedBallot.objects.filter(poll=poll).values_list("box", flat=True))
    return ballot_box.unseal(poll.ballot_key, boxes)


def sealed_choices(poll) -> list:
    return [content["c"] for content in sealed_contents(poll)]


def confirm_papers(poll, teller=None) -> int:
    """A second teller confirms every paper result awaiting confirmation in the poll (entered
    by someone else): the papers that now count."""
    from members.roles import ALV_CHAIR
    from voting.models import PaperEntry
    from voting.paper_services import paper_entry_confirm

    teller = teller or UserFactory(groups=[ALV_CHAIR])
    pending = PaperEntry.objects.filter(poll=poll).order_by("pk").values_list("pk", flat=True)
    return sum(paper_entry_confirm(poll=poll, entry_id=pk, actor=teller) for pk in pending)
