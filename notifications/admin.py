from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from core.services import audit_log
from notifications.models import Notification
from notifications.services import notification_retry


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """The outbox, for the technical administrator who keeps mail moving (retrying what was
    parked). What a message says — a rejection's reason, an interview's time and place — is
    nobody's to read here: the page shows who it is for, its subject and how delivery went,
    never its text, HTML or attachments. Opening a message is logged and shown to its
    recipient (members.selectors.READ_ACTIONS)."""

    list_display = ("kind", "recipient", "status", "due_at", "attempts", "sent_at")
    list_filter = ("status", "kind", "language")
    search_fields = ("recipient", "subject", "kind")
    date_hierarchy = "due_at"
    fields = (
        "kind",
        "recipient",
        "language",
        "subject",
        "status",
        "due_at",
        "attempts",
        "next_attempt_at",
        "last_error",
        "claimed_at",
        "sent_at",
        "created_at",
    )
    readonly_fields = fields
    actions = ["retry"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        notification = (getattr(response, "context_data", None) or {}).get("original")
        if response.status_code == 200 and notification is not None:
            _log_read(request.user, notification)
        return response

    @admin.action(description=_("Send again"), permissions=["change"])
    def retry(self, request, queryset):
        for notification in queryset:
            notification_retry(notification=notification)
        self.message_user(request, _("Queued again."), messages.SUCCESS)


def _log_read(reader, notification: Notification) -> None:
    """Against the recipient's account, where the address has one, so it shows in their read
    log; else against the message."""
    recipient = (
        get_user_model().objects.filter(email__iexact=notification.recipient).only("pk").first()
    )
    audit_log(
        actor=reader,
        action="privacy.read_outbox",
        target=recipient or notification,
        data={
            "role": "administrator",
            "detail": notification.subject,
            "notification": notification.pk,
        },
    )
