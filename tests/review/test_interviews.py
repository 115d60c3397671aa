"""Interview slots, panels checked against conflicts, invitations with a calendar file, the
applicant's availability, rescheduling, the priority-interview checklist and the reminder."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse

from applications.models import ApplicationStatus, Availability
from core.errors import ServiceError
from integrity.models import RelationKind
from integrity.services import relation_declare
from notifications.models import Notification
from notifications.services import notifications_send_due
from review.models import Interview
from review.reminders import interview_tomorrow
from review.services import (
    application_move,
    interview_invite,
    interview_reschedule,
    priority_check_tick,
    slot_create,
)
from tests.conftest import sign_in_with_second_factor
from tests.factories import (
    ApplicationFactory,
    MilestoneFactory,
    UserFactory,
    VacancyFactory,
    committee_for,
    seat_ready,
    submitted,
)
from vacancies.models import MilestoneDate

pytestmark = pytest.mark.django_db
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


@pytest.fixture
def plan():
    vacancy = VacancyFactory()
    committee = committee_for(vacancy)
    chair, ana, ben = UserFactory(), UserFactory(), UserFactory()
    seat_ready(committee, chair, role="chair")
    seat_ready(committee, ana)
    seat_ready(committee, ben)
    application = submitted(ApplicationFactory(vacancy=vacancy))
    application_move(application=application, to=ApplicationStatus.ROUND_1, actor=chair)
    application.refresh_from_db()
    return {"vacancy": vacancy, "chair": chair, "ana": ana, "ben": ben, "application": application}


def make_slot(plan, day=date(2027, 3, 4), hour=19, panel=("ana", "ben")):
    start = datetime(day.year, day.month, day.day, hour, tzinfo=AMSTERDAM)
    return slot_create(
        vacancy=plan["vacancy"],
        round_="round_1",
        starts_at=start,
        ends_at=start + timedelta(minutes=45),
        location="Partijbureau, Amsterdam",
        panel=[plan[name] for name in panel],
        actor=plan["chair"],
    )


def test_an_invitation_carries_a_calendar_file_and_a_move_updates_it(plan):
    first, second = make_slot(plan), make_slot(plan, hour=20)

    interview = interview_invite(slot=first, application=plan["application"], actor=plan["chair"])
    interview_reschedule(interview=interview, slot=second, actor=plan["chair"])
    notifications_send_due()

    invitation, moved = Notification.objects.filter(kind__startswith="review.interview").order_by(
        "pk"
    )
    assert "SEQUENCE:0" in invitation.attachments[0]["content"]
    assert "SEQUENCE:1" in moved.attachments[0]["content"]
    uid = f"UID:interview-{interview.pk}@bij1-recruit"
    assert uid in invitation.attachments[0]["content"] and uid in moved.attachments[0]["content"]
    sent = [m for m in mail.outbox if m.attachments]
    assert len(sent) == 2
    assert sent[1].attachments[0][0] == "uitnodiging.ics"
    assert "DTSTART:20270304T190000Z" in sent[1].attachments[0][1]  # 20:00 in Amsterdam


def test_a_panel_with_a_conflicted_member_is_refused(plan):
    relation_declare(
        person=plan["ana"], other=plan["application"].applicant, kind=RelationKind.FAMILY
    )
    slot = make_slot(plan)

    with pytest.raises(ServiceError, match="panel"):
        interview_invite(slot=slot, application=plan["application"], actor=plan["chair"])
    assert not Interview.objects.exists()
    clean = make_slot(plan, hour=21, panel=("ben",))
    interview_invite(slot=clean, application=plan["application"], actor=plan["chair"])


def test_the_applicants_no_for_that_day_is_respected(plan):
    milestone = MilestoneFactory(vacancy=plan["vacancy"])
    day = MilestoneDate.objects.create(milestone=milestone, date=date(2027, 3, 4))
    Availability.objects.create(application=plan["application"], date=day, available=False)

    with pytest.raises(ServiceError, match=r"4 (maart|March)"):
        interview_invite(slot=make_slot(plan), application=plan["application"], actor=plan["chair"])


def test_only_applicants_in_the_round_and_only_planners(plan):
    waiting = submitted(ApplicationFactory(vacancy=plan["vacancy"]))
    slot = make_slot(plan)

    with pytest.raises(ServiceError):
        interview_invite(slot=slot, application=waiting, actor=plan["chair"])
    with pytest.raises(ServiceError):
        interview_invite(slot=slot, application=plan["application"], actor=plan["ana"])
    with pytest.raises(ServiceError):  # a panel member from outside the committee
        slot_create(
            vacancy=plan["vacancy"],
            round_="round_1",
            starts_at=slot.starts_at,
            ends_at=slot.ends_at,
            location="x",
            panel=[UserFactory()],
            actor=plan["chair"],
        )


def test_the_priority_checklist_comes_first_where_the_vacancy_promises_it(plan):
    vacancy = plan["vacancy"]
    vacancy.disability_priority_interview = True
    vacancy.save()
    slot = make_slot(plan)

    with pytest.raises(ServiceError, match="checklist"):
        interview_invite(slot=slot, application=plan["application"], actor=plan["chair"])
    with pytest.raises(ServiceError):
        priority_check_tick(vacancy=vacancy, round_="round_1", actor=plan["ana"])
    priority_check_tick(vacancy=vacancy, round_="round_1", actor=plan["chair"], note="2 invited")
    interview_invite(slot=slot, application=plan["application"], actor=plan["chair"])


def test_the_day_before_the_applicant_is_reminded(plan):
    tomorrow = (datetime.now(AMSTERDAM) + timedelta(days=1)).date()
    interview_invite(
        slot=make_slot(plan, day=tomorrow), application=plan["application"], actor=plan["chair"]
    )

    notices = list(interview_tomorrow(datetime.now(AMSTERDAM)))

    assert [n.recipient for n in notices] == [plan["application"].applicant.email]


def test_the_planning_page_invites_through_the_form(client, plan):
    slot = make_slot(plan)
    sign_in_with_second_factor(client, plan["chair"])
    url = reverse("admin:review_interviewslot_plan", args=[plan["vacancy"].pk])

    assert client.get(url).status_code == 200
    client.post(url, {"op": "invite", "slot": slot.pk, "application": plan["application"].pk})

    assert Interview.objects.get().slot == slot
    client.logout()
    outsider = UserFactory(is_staff=True, is_superuser=True)
    assert sign_in_with_second_factor(client, outsider).get(url).status_code == 404
