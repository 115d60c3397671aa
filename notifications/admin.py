from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from notifications.models import Notification
from notifications.services import notification_retry


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("kind", "recipient", "status", "due_at", "attempts", "sent_at")
    list_filter = ("status", "kind", "language")
    search_fields = ("recipient", "subject", "kind")
    date_hierarchy = "due_at"
    readonly_fields = [field.name for field in Notification._meta.fields]
    actions = ["retry"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Send again"), permissions=["change"])
    def retry(self, request, queryset):
        for notification in queryset:
            notification_retry(notification=notification)
        self.message_user(request, _("Queued again."), messages.SUCCESS)
