from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from applications.models import ApplicationStatus
from notifications.models import Notification
from notifications.services import notifications_send_due, reminders_sweep
from tests.factories import ApplicationFactory, MilestoneFactory, UserFactory, VacancyFactory
from vacancies.models import MilestoneDate, MilestoneKind
from vacancies.services import vacancy_extend_deadline


def kinds() -> list[str]:
    return sorted(Notification.objects.values_list("kind", flat=True))


@pytest.mark.django_db
def test_a_draft_is_reminded_three_days_and_one_day_before_the_deadline_once_each():
    now = timezone.now()
    vacancy = VacancyFactory(deadline=now + timedelta(days=3, hours=-2))
    draft = ApplicationFactory(vacancy=vacancy, motivation="")
    ApplicationFactory(vacancy=vacancy, status=ApplicationStatus.SUBMITTED)
    ApplicationFactory(vacancy=vacancy, status=ApplicationStatus.WITHDRAWN)

    assert reminders_sweep(now=now) == 1
    assert reminders_sweep(now=now + timedelta(minutes=15)) == 0  # the same reminder once
    assert reminders_sweep(now=now + timedelta(days=1)) == 0  # between the two reminders
    assert reminders_sweep(now=now + timedelta(days=2, hours=1)) == 1

    assert kinds() == ["applications.draft_reminder_1d", "applications.draft_reminder_3d"]
    assert set(Notification.objects.values_list("recipient", flat=True)) == {draft.applicant.email}
    notifications_send_due(now=now + timedelta(days=3))
    assert "Vertel ons je motivatie" in mail.outbox[0].body  # says what is still missing


@pytest.mark.django_db
def test_a_moved_deadline_moves_the_reminder(user):
    now = timezone.now()
    vacancy = VacancyFactory(deadline=now + timedelta(days=2, hours=12))
    ApplicationFactory(vacancy=vacancy)
    assert reminders_sweep(now=now) == 1
    first_due = Notification.objects.get().due_date

    vacancy_extend_deadline(
        vacancy=vacancy,
        new_deadline=now + timedelta(days=9, hours=12),
        reason="Meer tijd.",
        early_applicants_keep_programme=True,
        actor=user,
    )
    reminders_sweep(now=now)  # tells the applicant the deadline moved; no draft reminder yet
    assert kinds() == ["applications.deadline_extended", "applications.draft_reminder_3d"]

    reminders_sweep(now=now + timedelta(days=7))
    second = Notification.objects.filter(kind="applications.draft_reminder_3d").order_by("due_date")
    assert [n.due_date for n in second] == [first_due, first_due + timedelta(days=7)]


@pytest.mark.django_db
def test_withdrawn_applicants_get_no_further_reminders():
    now = timezone.now()
    vacancy = VacancyFactory(deadline=now + timedelta(hours=20))
    ApplicationFactory(vacancy=vacancy, status=ApplicationStatus.WITHDRAWN)
    last_day = MilestoneFactory(vacancy=vacancy, kind=MilestoneKind.WITHDRAWAL_DEADLINE)
    MilestoneDate.objects.create(milestone=last_day, date=timezone.localdate() + timedelta(days=1))

    assert reminders_sweep(now=now) == 0


@pytest.mark.django_db
def test_the_withdrawal_deadline_is_announced_in_the_recipient_s_language():
    vacancy = VacancyFactory()
    english = ApplicationFactory(
        vacancy=vacancy, status=ApplicationStatus.SUBMITTED, applicant=UserFactory(language="en")
    )
    last_day = MilestoneFactory(vacancy=vacancy, kind=MilestoneKind.WITHDRAWAL_DEADLINE)
    MilestoneDate.objects.create(milestone=last_day, date=timezone.localdate() + timedelta(days=1))

    assert reminders_sweep() == 1

    notice = Notification.objects.get()
    assert notice.recipient == english.applicant.email
    assert notice.subject.startswith("Last days to withdraw")
    assert isinstance(notice.due_date, date)


@pytest.mark.django_db
def test_the_board_gets_one_summary_with_counts_when_a_vacancy_closes():
    board_member = UserFactory(groups=["Bestuur"])
    UserFactory(groups=["Kandidatencommissie"])  # not the board: no summary
    now = timezone.now()
    vacancy = VacancyFactory(title="Penningmeester", deadline=now - timedelta(hours=1))
    ApplicationFactory(vacancy=vacancy, status=ApplicationStatus.SUBMITTED)
    ApplicationFactory(vacancy=vacancy, status=ApplicationStatus.SUBMITTED)
    ApplicationFactory(vacancy=vacancy)

    assert reminders_sweep(now=now) == 1
    assert reminders_sweep(now=now + timedelta(hours=1)) == 0

    notice = Notification.objects.get()
    assert notice.recipient == board_member.email
    assert notice.subject == "Penningmeester is gesloten"
    assert "Verstuurde sollicitaties: 2" in notice.body_text
    assert "Nooit verstuurde concepten: 1" in notice.body_text
    assert "<html" in notice.body_html and "Verstuurde sollicitaties: 2" in notice.body_html
