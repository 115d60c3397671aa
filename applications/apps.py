from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "applications"
    verbose_name = _("Applications")

    def ready(self) -> None:
        from applications.privacy import erase_application_files, export_applications
        from core.privacy import register_personal_data

        register_personal_data("applications", export_applications, erase_application_files)
