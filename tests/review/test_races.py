"""Two committee members, two board members or two presses of one applicant doing the same
thing at the same moment, on real PostgreSQL: one effect, and a clear message for the second
(tests/races.py makes each race happen every run). And the concept list builder: a page
opened before someone else saved cannot silently overwrite their order."""

import json
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.urls import reverse

from applications.models import ApplicationStatus
from members.roles import BOARD, DISPUTES_COMMITTEE
from notifications.models import Notification
from review.models import Appeal, Interview, Transition
from review.selectors import concept_list_of
from review.services import (
    ALLOWED_MOVES,
    appeal_lodge,
    appeal_update,
    application_move,
    concept_list_save,
    interview_invite,
    slot_create,
)
from tests.conftest import sign_in_with_second_factor
from tests.factories import (
    ApplicationFactory,
    UserFactory,
    VacancyFactory,
    committee_for,
    seat_ready,
    submitted,
)
from tests.races import one_done_one_refused, race
from vacancies.models import VacancyKind

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def postgresql():
    if connection.vendor != "postgresql":
        pytest.fail("these tests need PostgreSQL (make test starts it)")


@pytest.fixture
def committee():
    vacancy = VacancyFactory(kind=VacancyKind.CANDIDATE_LIST)
    seats = committee_for(vacancy)
    chair, deputy, secretary, member = (UserFactory(password=None) for _ in range(4))
    seat_ready(seats, chair, role="chair")
    seat_ready(seats, deputy, role="deputy_chair")
    seat_ready(seats, secretary, role="secretary")
    seat_ready(seats, member)
    candidates = [
        submitted(ApplicationFactory(vacancy=vacancy, applicant__password=None)) for _ in range(4)
    ]
    return {
        "vacancy": vacancy,
        "chair": chair,
        "deputy": deputy,
        "secretary": secretary,
        "member": member,
        "candidates": candidates,
    }


def test_the_chair_and_the_secretary_move_one_application_at_once(monkeypatch, committee):
    """Whatever the order, each step is taken from where the application really stood: the
    history is one unbroken chain of allowed steps, ending where the application is."""
    application = committee["candidates"][0]

    outcomes = race(
        monkeypatch,
        "review.services.pipeline.application_set_status",
        lambda: application_move(
            application=application, to=ApplicationStatus.ROUND_1, actor=committee["chair"]
        ),
        lambda: application_move(
            application=application, to=ApplicationStatus.SCREENING, actor=committee["secretary"]
        ),
    )

    assert [o.error for o in outcomes if o.error] == []
    steps = list(
        Transition.objects.filter(application=application)
        .order_by("at", "pk")
        .values_list("from_status", "to_status")
    )
    assert len(steps) == sum(o.done for o in outcomes)
    where = ApplicationStatus.SUBMITTED
    for from_status, to_status in steps:
        assert from_status == where and to_status in ALLOWED_MOVES[where], steps
        where = to_status
    application.refresh_from_db()
    assert application.status == where


def test_two_members_press_the_same_move_at_once(monkeypatch, committee):
    application = committee["candidates"][0]

    def invite(actor):
        return lambda: application_move(
            application=application, to=ApplicationStatus.ROUND_1, actor=actor
        )

    outcomes = race(
        monkeypatch,
        "review.services.pipeline.application_set_status",
        invite(committee["chair"]),
        invite(committee["secretary"]),
    )

    _done, refused = one_done_one_refused(outcomes)
    assert application.full_name in refused.refused
    assert Transition.objects.filter(application=application).count() == 1
    assert Notification.objects.filter(kind="review.moved.round_1").count() == 1


def order(candidates):
    return [{"application_id": a.pk} for a in candidates]


def test_two_editors_save_the_list_they_opened_at_the_same_revision(monkeypatch, committee):
    concept_list = concept_list_of(vacancy=committee["vacancy"])
    candidates = committee["candidates"]
    opened = concept_list.revision

    outcomes = race(
        monkeypatch,
        "review.services.concept_list._record_version",
        lambda: concept_list_save(
            concept_list=concept_list,
            places=order(candidates[:3]),
            actor=committee["chair"],
            revision=opened,
        ),
        lambda: concept_list_save(
            concept_list=concept_list,
            places=order(reversed(candidates)),
            actor=committee["secretary"],
            revision=opened,
        ),
    )

    done, refused = one_done_one_refused(outcomes)
    assert "sinds je" in refused.refused
    concept_list.refresh_from_db()
    saved = list(concept_list.entries.values_list("application_id", flat=True))
    assert saved == list(done.value.entries.values_list("application_id", flat=True))
    assert concept_list.revision == opened + 1
    assert concept_list.versions.count() == 1


def test_a_builder_opened_before_another_save_does_not_overwrite_it(client, committee):
    """The chair and the secretary open the builder; the chair saves; the secretary's save,
    from the page as it was, is refused with a message and the chair's order stays."""
    vacancy, candidates = committee["vacancy"], committee["candidates"]
    url = reverse("admin:review_conceptlist_build", args=[vacancy.pk])
    sign_in_with_second_factor(client, committee["secretary"])
    page = client.get(url).content.decode()
    (revision,) = re.findall(r'name="revision" value="(\d+)"', page)
    concept_list_save(
        concept_list=concept_list_of(vacancy=vacancy),
        places=order(candidates[:2]),
        actor=committee["chair"],
        revision=int(revision),
    )

    response = client.post(
        url, {"places": json.dumps(order(reversed(candidates))), "revision": revision}
    )

    assert response.status_code == 200  # the page again, with the list as it stands now
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("sinds je" in m for m in messages), messages
    concept_list = concept_list_of(vacancy=vacancy)
    assert list(concept_list.entries.values_list("application_id", flat=True)) == [
        candidates[0].pk,
        candidates[1].pk,
    ]
    assert f'name="revision" value="{concept_list.revision}"' in response.content.decode()


@pytest.mark.parametrize("spelling", ["", "+2", "-1", "١", "1.0", "9" * 40, "abc"])
def test_a_revision_in_an_odd_spelling_never_overwrites_a_newer_list(client, committee, spelling):
    """A builder page that posts no revision, or one in any other spelling than ASCII digits,
    counts as revision 0: it cannot save over a list someone has saved since."""
    vacancy, candidates = committee["vacancy"], committee["candidates"]
    url = reverse("admin:review_conceptlist_build", args=[vacancy.pk])
    sign_in_with_second_factor(client, committee["secretary"])
    for places in (candidates[:2], candidates[:3]):  # two saves: revision 2
        concept_list = concept_list_of(vacancy=vacancy)
        concept_list_save(
            concept_list=concept_list,
            places=order(places),
            actor=committee["chair"],
            revision=concept_list.revision,
        )

    client.post(url, {"places": json.dumps(order(reversed(candidates))), "revision": spelling})

    concept_list = concept_list_of(vacancy=vacancy)
    assert concept_list.revision == 2
    assert list(concept_list.entries.values_list("application_id", flat=True)) == [
        candidate.pk for candidate in candidates[:3]
    ]


def rejected(committee):
    application = committee["candidates"][0]
    application_move(
        application=application,
        to=ApplicationStatus.NOT_SELECTED,
        reason="Te weinig ervaring.",
        actor=committee["chair"],
    )
    application.refresh_from_db()
    return application


def test_an_applicant_pressing_twice_lodges_one_appeal(monkeypatch, committee):
    application = rejected(committee)

    def lodge():
        return appeal_lodge(
            application=application, reasons="Mijn gesprek viel uit.", actor=application.applicant
        )

    outcomes = race(monkeypatch, "review.services.appeals.audit_log", lodge, lodge)

    one_done_one_refused(outcomes)
    assert Appeal.objects.filter(application=application).count() == 1


def test_two_board_members_decide_one_appeal_at_once(monkeypatch, committee):
    application = rejected(committee)
    appeal = appeal_lodge(application=application, reasons="Waarom?", actor=application.applicant)
    disputes = UserFactory(password=None, groups=[DISPUTES_COMMITTEE])
    appeal_update(appeal=appeal, actor=disputes, advice="Ongegrond.")
    board = [UserFactory(password=None, groups=[BOARD]) for _ in range(2)]

    outcomes = race(
        monkeypatch,
        "review.services.appeals.notification_queue",
        lambda: appeal_update(appeal=appeal, actor=board[0], decision="Afgewezen."),
        lambda: appeal_update(appeal=appeal, actor=board[1], decision="Toegewezen."),
    )

    done, _refused = one_done_one_refused(outcomes)
    appeal.refresh_from_db()
    assert appeal.decision == done.value.decision
    assert Notification.objects.filter(kind="review.appeal_decided").count() == 1


def test_two_planners_invite_one_applicant_to_two_slots_at_once(monkeypatch, committee):
    application = committee["candidates"][0]
    application = application_move(
        application=application, to=ApplicationStatus.ROUND_1, actor=committee["chair"]
    )
    amsterdam = ZoneInfo("Europe/Amsterdam")

    def slot(hour):
        start = datetime(2027, 3, 4, hour, tzinfo=amsterdam)
        return slot_create(
            vacancy=committee["vacancy"],
            round_="round_1",
            starts_at=start,
            ends_at=start + timedelta(minutes=45),
            location="Partijbureau",
            panel=[committee["member"]],
            actor=committee["chair"],
        )

    first, second = slot(19), slot(20)

    outcomes = race(
        monkeypatch,
        "review.services.interviews._send_invitation",
        lambda: interview_invite(slot=first, application=application, actor=committee["chair"]),
        lambda: interview_invite(slot=second, application=application, actor=committee["deputy"]),
    )

    one_done_one_refused(outcomes)
    assert Interview.objects.filter(application=application).count() == 1
