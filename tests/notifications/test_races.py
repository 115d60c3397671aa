"""The outbox under races, on real PostgreSQL: the same message queued by two transactions at
once (tests/races.py makes that race happen every run), and a row put back in line by a
person while a worker is sending it."""

import pytest
from django.core import mail
from django.db import connection, transaction
from django.utils import timezone

from notifications.models import Notification, NotificationStatus
from notifications.services import _claim_one, _send_one, notification_queue, notification_retry
from tests.factories import ApplicationFactory
from tests.races import race

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def postgresql():
    if connection.vendor != "postgresql":
        pytest.fail("these tests need PostgreSQL (make test starts it)")


def queue(application):
    with transaction.atomic():
        return notification_queue(
            kind="applications.confirmation",
            recipient=application.applicant.email,
            language="nl",
            template="applications/email/confirmation",
            context={"application": application, "vacancy": application.vacancy},
            target=application,
        )


def test_the_same_message_queued_twice_at_once_is_queued_once(monkeypatch):
    application = ApplicationFactory(applicant__password=None)

    outcomes = race(
        monkeypatch,
        "notifications.services.render_to_string",
        lambda: queue(application),
        lambda: queue(application),
    )

    assert [o.error or o.refused for o in outcomes] == ["", ""]  # no server error for either
    assert sorted(created for _row, created in (o.value for o in outcomes)) == [False, True]
    assert Notification.objects.count() == 1


def test_send_again_while_a_worker_sends_it_never_sends_it_twice(settings):
    """A person presses 'send again' while a worker is sending the row: it stays the
    worker's (no second worker claims it meanwhile), and ends sent, once."""
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    notification, _created = queue(ApplicationFactory(applicant__password=None))
    claimed = _claim_one(timezone.now())
    assert claimed.pk == notification.pk

    notification_retry(notification=notification)
    second_worker = _claim_one(timezone.now())
    sent = _send_one(claimed)

    assert second_worker is None
    assert sent == 1 and len(mail.outbox) == 1
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.SENT
