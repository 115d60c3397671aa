from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "applications"
    verbose_name = _("Applications")

    def ready(self) -> None:
        from applications import checks, reminders  # noqa: F401 - checks registers itself
        from applications.privacy import (
            erase_applications_of,
            erasure_kept_preview,
            export_applications,
            lock_applications_of,
        )
        from applications.retention import purge_expired
        from core.privacy import register_account_in_use, register_personal_data
        from core.retention import register_purge
        from notifications.reminders import register_reminder
        from vacancies.hooks import register_apply_url

        register_apply_url(application_form_url)
        register_personal_data(
            "applications",
            export_applications,
            erase=erase_applications_of,
            preview=erasure_kept_preview,
            lock=lock_applications_of,
        )
        register_purge(
            "applications",
            lambda now: sum(log.applications_deleted for log in purge_expired(now=now)),
        )
        register_account_in_use(lambda users: users.filter(applications=None))
        register_reminder("applications.unsent_drafts", reminders.unsent_drafts)
        register_reminder("applications.deadline_extended", reminders.deadline_extended)
        register_reminder("applications.withdrawal_deadline", reminders.withdrawal_deadline_near)
        register_reminder("applications.deadline_passed", reminders.deadline_passed_summary)


def application_form_url(vacancy) -> str:
    """A vacancy's *Apply* button leads to the application form (vacancies.hooks)."""
    return reverse("applications:apply", args=[vacancy.slug])
