"""The outbox: every e-mail is a row first, written in the same transaction as the change that
causes it, and sent by a periodic sweep. The unique key makes queueing the same notice twice
impossible; the sweep claims rows with SKIP LOCKED so parallel workers never send one twice,
and a row is marked as being sent (committed) before the mail goes out, so a worker that dies
mid-send never causes a second copy: such a row is parked for a person to check instead."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class NotificationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENDING = "sending", _("Being sent")
    RETRYING = "retrying", _("Failed, will retry")
    SENT = "sent", _("Sent")
    PARKED = "parked", _("Failed too often: needs a person")


class Notification(models.Model):
    kind = models.CharField(_("kind"), max_length=80, db_index=True)
    recipient = models.EmailField(_("recipient"))
    language = models.CharField(_("language"), max_length=8, default="nl")
    object_type = models.CharField(_("about (type)"), max_length=100, blank=True)
    object_id = models.CharField(_("about (id)"), max_length=64, blank=True)
    due_at = models.DateTimeField(_("due at"), default=timezone.now)
    due_date = models.DateField(_("due date"))
    subject = models.CharField(_("subject"), max_length=300)
    body_text = models.TextField(_("text"))
    body_html = models.TextField(_("HTML"), blank=True)
    # Text attachments (a calendar invitation), as [{"filename", "content_type", "content"}].
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=NotificationStatus.choices,
        default=NotificationStatus.PENDING,
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    last_error = models.TextField(_("last error"), blank=True)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("outbox")
        ordering = ["-due_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "recipient", "object_type", "object_id", "due_date"],
                name="notification_once_per_kind_recipient_object_day",
            )
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient} ({self.get_status_display()})"
