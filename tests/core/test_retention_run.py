"""Retention for everything personal (#27): the outbox, the audit trail, generated documents,
interview slots and unused accounts each have a period (core.retention.PERIODS), and the
nightly run applies them all; one purge that fails stops none of the others."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from core.models import AuditEntry
from core.retention import _purges, period, register_purge, retention_run
from core.services import audit_log
from exports.models import DocumentStatus, GeneratedDocument
from members.models import User
from notifications.models import Notification, NotificationStatus
from review.models import Interview, InterviewSlot
from tests.factories import ApplicationFactory, UserFactory, VacancyFactory
from vacancies.models import VacancyStatus

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def ago(key: str, extra=timedelta(days=1)):
    return NOW - period(key) - extra


def mail(sent_at, status=NotificationStatus.SENT) -> Notification:
    return Notification.objects.create(
        kind=f"test.{status}",
        recipient="sanne@example.org",
        due_date=sent_at.date(),
        subject="Je sollicitatie",
        body_text="Beste Sanne",
        status=status,
        sent_at=sent_at if status == NotificationStatus.SENT else None,
    )


def test_old_mail_documents_slots_and_audit_actors_go_recent_ones_stay():
    old_mail, new_mail = mail(ago("outbox")), mail(NOW - timedelta(days=1))
    unsent = mail(ago("outbox"), status=NotificationStatus.PENDING)
    actor = UserFactory()
    audit_log(actor=actor, action="test.old", data={"name": "Sanne"})
    audit_log(actor=actor, action="test.new", data={"name": "Sanne"})
    AuditEntry.objects.filter(action="test.old").update(at=ago("audit_trail"))
    documents = [
        GeneratedDocument.objects.create(
            kind="candidate_list",
            object_id=1,
            language="nl",
            fingerprint=str(n),
            title="Lijst",
            status=DocumentStatus.DONE,
        )
        for n in range(2)
    ]
    GeneratedDocument.objects.filter(pk=documents[0].pk).update(
        requested_at=ago("generated_documents")
    )
    ended = VacancyFactory(status=VacancyStatus.FINISHED, ended_at=ago("interview_slots"))
    slot = InterviewSlot.objects.create(
        vacancy=ended,
        starts_at=NOW - timedelta(days=90),
        ends_at=NOW - timedelta(days=90, hours=-1),
        location="Partijbureau",
    )
    slot.panel.add(actor)
    Interview.objects.create(slot=slot, application=ApplicationFactory(vacancy=ended))

    done = retention_run(now=NOW)

    assert set(Notification.objects.values_list("pk", flat=True)) == {new_mail.pk, unsent.pk}
    assert not Notification.objects.filter(pk=old_mail.pk).exists()
    old, new = AuditEntry.objects.get(action="test.old"), AuditEntry.objects.get(action="test.new")
    assert (old.actor, old.data) == (None, {}) and new.actor == actor
    assert list(GeneratedDocument.objects.values_list("pk", flat=True)) == [documents[1].pk]
    assert not InterviewSlot.objects.exists() and not Interview.objects.exists()
    assert done["outbox"] == 1 and done["generated_documents"] == 1


def test_only_accounts_unused_for_the_period_that_no_app_needs_are_erased():
    long_ago = ago("inactive_account")
    idle = UserFactory(email="idle@example.org")
    applicant = ApplicationFactory().applicant
    staff = UserFactory(is_staff=True)
    recent = UserFactory()
    User.objects.filter(pk__in=[idle.pk, applicant.pk, staff.pk]).update(last_login=long_ago)
    User.objects.filter(pk=recent.pk).update(last_login=NOW - timedelta(days=30))

    done = retention_run(now=NOW)

    assert done["inactive_accounts"] == 1
    assert not User.objects.filter(pk=idle.pk).exists()
    assert User.objects.filter(pk__in=[applicant.pk, staff.pk, recent.pk]).count() == 3


def test_a_purge_that_fails_stops_none_of_the_others():
    def broken(now):
        with connection.cursor() as cursor:
            cursor.execute("SELECT * FROM a_table_that_is_not_there")
        return 0

    register_purge("broken", broken)
    old_mail = mail(ago("outbox"))
    try:
        done = retention_run(now=NOW)
    finally:
        _purges.pop("broken")

    assert done["broken"] is None
    assert not Notification.objects.filter(pk=old_mail.pk).exists()
