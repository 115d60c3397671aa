from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "applications"
    verbose_name = _("Applications")

    def ready(self) -> None:
        from applications import checks, reminders  # noqa: F401 - checks registers itself
        from applications.privacy import erase_application_files, export_applications
        from core.privacy import register_personal_data
        from notifications.reminders import register_reminder

        register_personal_data("applications", export_applications, erase_application_files)
        register_reminder("applications.unsent_drafts", reminders.unsent_drafts)
        register_reminder("applications.deadline_extended", reminders.deadline_extended)
        register_reminder("applications.withdrawal_deadline", reminders.withdrawal_deadline_near)
        register_reminder("applications.deadline_passed", reminders.deadline_passed_summary)
