import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from notifications.models import Notification, NotificationStatus
from notifications.services import (
    notification_queue,
    notification_retry,
    notifications_send_due,
)
from tests.factories import ApplicationFactory, UserFactory


def queue(user, *, application=None, due_at=None, kind="applications.confirmation"):
    application = application or ApplicationFactory(applicant=user)
    return notification_queue(
        kind=kind,
        recipient=user.email,
        language=user.language,
        template="applications/email/confirmation",
        context={"application": application, "vacancy": application.vacancy},
        target=application,
        due_at=due_at,
    )


@pytest.mark.django_db
def test_the_same_notice_is_queued_once(user):
    application = ApplicationFactory(applicant=user)

    first, created = queue(user, application=application)
    again, created_again = queue(user, application=application)

    assert (created, created_again) == (True, False)
    assert first.pk == again.pk
    assert Notification.objects.count() == 1


@pytest.mark.django_db
def test_the_language_follows_the_recipient():
    dutch = UserFactory(language="nl")
    english = UserFactory(language="en")

    nl, _ = queue(dutch)
    en, _ = queue(english)

    assert nl.subject.startswith("Je sollicitatie voor")
    assert en.subject.startswith("Your application for")
    assert "Beste" in nl.body_text and "Dear" in en.body_text


@pytest.mark.django_db
def test_due_mail_is_sent_once_and_future_mail_waits(user):
    queue(user)
    later, _ = queue(user, due_at=timezone.now() + timedelta(days=2), kind="applications.later")

    assert notifications_send_due() == 1
    assert notifications_send_due() == 0
    assert len(mail.outbox) == 1
    later.refresh_from_db()
    assert later.status == NotificationStatus.PENDING
    assert notifications_send_due(now=timezone.now() + timedelta(days=3)) == 1


@pytest.mark.django_db
def test_failures_back_off_then_park_and_can_be_retried(user, settings):
    settings.MAILERS = {"default": {"BACKEND": "tests.notifications.broken.BrokenBackend"}}
    settings.NOTIFICATION_MAX_ATTEMPTS = 2
    notification, _ = queue(user)

    assert notifications_send_due() == 0
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.RETRYING
    assert notification.next_attempt_at > timezone.now()
    assert "SMTP is down" in notification.last_error

    assert notifications_send_due(now=timezone.now() + timedelta(hours=1)) == 0
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.PARKED

    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    notification_retry(notification=notification)
    assert notifications_send_due() == 1
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_sweeping_at_once_send_every_mail_exactly_once():
    assert connection.vendor == "postgresql"  # SKIP LOCKED is what this test is about
    for _ in range(30):
        queue(UserFactory())
    barrier = threading.Barrier(2)
    counts = []

    def sweep():
        barrier.wait()
        counts.append(notifications_send_due())
        connection.close()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sum(counts) == 30
    assert len(mail.outbox) == 30
    assert len({message.to[0] for message in mail.outbox}) == 30
    assert Notification.objects.filter(status=NotificationStatus.SENT).count() == 30


@pytest.mark.django_db
def test_the_confirmation_links_to_the_application(user, settings):
    settings.SITE_URL = "https://werving.example.org"
    notification, _ = queue(user)

    application_id = notification.object_id
    assert f"https://werving.example.org/sollicitaties/{application_id}/" in notification.body_text
