"""Queueing and sending e-mail through the outbox."""

import logging
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, models, transaction
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone, translation

from core.privacy import is_inert_address
from core.retention import period
from notifications.models import Notification, NotificationStatus

logger = logging.getLogger(__name__)


def notification_queue(
    *,
    kind: str,
    recipient: str,
    language: str,
    template: str,
    context: dict,
    target: models.Model | None = None,
    due_at: datetime | None = None,
    due_date: date | None = None,
    attachments: list[dict] | None = None,
) -> tuple[Notification, bool]:
    """Put one e-mail in the outbox, rendered now in the recipient's language from
    ``<template>_subject.txt``, ``<template>.txt`` and ``<template>.html`` (or, without one,
    the text in the party's HTML frame).

    Call it inside the transaction of the change that causes it. Queueing the same kind for the
    same recipient and object on the same day again changes nothing (returns created=False).
    A kick after commit makes immediate mail go out at once; the minute sweep is the safety net.
    """
    due_at = due_at or timezone.now()
    key = {
        "kind": kind,
        "recipient": recipient.lower(),
        "object_type": target._meta.label_lower if target is not None else "",
        "object_id": str(target.pk) if target is not None else "",
        "due_date": due_date or timezone.localdate(due_at),
    }
    if is_inert_address(recipient):
        # An erased person's record (core.privacy): nothing is written or sent about them.
        return Notification(**key, subject="", body_text=""), False
    existing = Notification.objects.filter(**key).first()
    if existing is not None:
        return existing, False
    context = {
        **context,
        "SITE_NAME": settings.SITE_NAME,
        "PARTY_NAME": settings.PARTY_NAME,
        "SITE_URL": settings.SITE_URL,
    }
    with translation.override(language):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body_text = render_to_string(f"{template}.txt", context)
        try:
            body_html = render_to_string(f"{template}.html", context)
        except TemplateDoesNotExist:
            # No HTML of its own: the text in the party's simple HTML frame.
            body_html = render_to_string(
                "notifications/email.html",
                {**context, "subject": subject, "body": body_text, "LANGUAGE_CODE": language},
            )
    try:
        # A savepoint: the same message queued at the same moment by another transaction is
        # found by the unique key, and this transaction goes on with that one.
        with transaction.atomic():
            notification = Notification.objects.create(
                **key,
                language=language,
                due_at=due_at,
                next_attempt_at=due_at,
                subject=subject[:300],
                body_text=body_text,
                body_html=body_html,
                attachments=attachments or [],
            )
    except IntegrityError:
        return Notification.objects.get(**key), False
    if due_at <= timezone.now():
        from core.tasks_util import enqueue_on_commit
        from notifications.tasks import send_due_notifications

        enqueue_on_commit(send_due_notifications)
    return notification, True


def _backoff(attempts: int) -> timedelta:
    return timedelta(minutes=min(2**attempts, 24 * 60))


def _deliver(notification: Notification) -> None:
    message = EmailMultiAlternatives(
        subject=notification.subject,
        body=notification.body_text,
        to=[notification.recipient],
        # A stable Message-ID: should a copy ever go out twice, mail systems can tell.
        headers={"Message-ID": f"<notification-{notification.pk}@{settings.MESSAGE_ID_DOMAIN}>"},
    )
    if notification.body_html:
        message.attach_alternative(notification.body_html, "text/html")
    for attachment in notification.attachments:
        message.attach(attachment["filename"], attachment["content"], attachment["content_type"])
    message.send()


STALE_SENDING = timedelta(minutes=10)


def _claim_one(now: datetime) -> Notification | None:
    """Take the next due row (SKIP LOCKED: a row another worker holds is passed over) and
    mark it as being sent, committed before anything is sent."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(skip_locked=True)
            .filter(
                status__in=[NotificationStatus.PENDING, NotificationStatus.RETRYING],
                next_attempt_at__lte=now,
            )
            .order_by("next_attempt_at", "pk")
            .first()
        )
        if notification is None:
            return None
        notification.status = NotificationStatus.SENDING
        notification.attempts += 1
        notification.claimed_at = timezone.now()
        notification.save(update_fields=["status", "attempts", "claimed_at"])
        return notification


def _park_interrupted(now: datetime) -> int:
    """A row still 'being sent' long after it was claimed belongs to a worker that died while
    sending: it may or may not have arrived, so a person decides (admin: send again)."""
    return Notification.objects.filter(
        status=NotificationStatus.SENDING, claimed_at__lt=now - STALE_SENDING
    ).update(
        status=NotificationStatus.PARKED,
        last_error="Interrupted while sending: check whether it arrived before sending again.",
    )


def notifications_send_due(*, now: datetime | None = None, limit: int = 500) -> int:
    """Send what is due, one row at a time: claim (committed), send, mark sent. Two workers never
    take the same row, a retried task never sends twice, and a worker killed mid-send leaves
    at most that one row parked for a person. Returns the number sent."""
    now = now or timezone.now()
    _park_interrupted(now)
    sent = 0
    while sent < limit:
        notification = _claim_one(now)
        if notification is None:
            break
        sent += _send_one(notification)
    return sent


def _send_one(notification: Notification) -> int:
    """Send a claimed row and write the outcome with conditional updates on the row as it is
    then, never a save of the copy claimed before sending."""
    this = Notification.objects.filter(pk=notification.pk)
    try:
        _deliver(notification)
    except Exception as exc:  # any failure to send is recorded and retried
        error = f"{type(exc).__name__}: {exc}"[:2000]
        if notification.attempts >= settings.NOTIFICATION_MAX_ATTEMPTS:
            outcome = {"status": NotificationStatus.PARKED}
            logger.error("Notification %s parked: %s", notification.pk, error)
        else:
            outcome = {
                "status": NotificationStatus.RETRYING,
                "next_attempt_at": timezone.now() + _backoff(notification.attempts),
            }
        # Only while it is still this worker's: parked meanwhile, a person decides.
        this.filter(status=NotificationStatus.SENDING).update(last_error=error, **outcome)
        return 0
    # It went out: whatever happened to the row meanwhile (parked as interrupted, put back in
    # line by a person), it is sent and must not go again.
    this.update(status=NotificationStatus.SENT, sent_at=timezone.now())
    return 1


def notification_retry(*, notification: Notification) -> Notification:
    """Put a parked (or failing) notification back in line, now. Not one that has been sent,
    nor one a worker is sending at this moment (that would send it twice)."""
    Notification.objects.filter(pk=notification.pk).exclude(
        status__in=[NotificationStatus.SENT, NotificationStatus.SENDING]
    ).update(status=NotificationStatus.PENDING, attempts=0, next_attempt_at=timezone.now())
    notification.refresh_from_db()
    return notification


def reminders_sweep(*, now: datetime | None = None) -> int:
    """Queue every reminder the registered rules say is due now; returns how many are new."""
    from notifications.reminders import registered_reminders

    now = now or timezone.now()
    queued = 0
    for name, rule in registered_reminders().items():
        for notice in rule(now):
            with transaction.atomic():
                _notification, created = notification_queue(
                    kind=notice.kind,
                    recipient=notice.recipient,
                    language=notice.language,
                    template=notice.template,
                    context=notice.context,
                    target=notice.target,
                    due_at=now,
                    due_date=notice.due_date,
                )
            queued += created
        logger.debug("reminder rule %s done", name)
    return queued


def outbox_purge(now: datetime) -> int:
    """E-mails sent (or given up on) longer ago than their period (core.retention) go."""
    cutoff = now - period("outbox")
    done = Notification.objects.filter(status=NotificationStatus.SENT, sent_at__lt=cutoff)
    parked = Notification.objects.filter(status=NotificationStatus.PARKED, created_at__lt=cutoff)
    return done.delete()[0] + parked.delete()[0]
