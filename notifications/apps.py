from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from core.privacy import register_personal_data
        from core.retention import register_purge
        from notifications.privacy import erase_emails, export_emails
        from notifications.services import outbox_purge

        register_personal_data("emails", export_emails, erase=erase_emails)
        register_purge("outbox", outbox_purge)
