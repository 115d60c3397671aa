from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExportsConfig(AppConfig):
    name = "exports"
    verbose_name = _("Exports")

    def ready(self) -> None:
        from core.privacy import register_personal_data
        from core.retention import register_purge
        from exports import checks  # noqa: F401 - registers the font check
        from exports.documents import documents_purge
        from exports.privacy import erase_documents_about

        register_purge("generated_documents", documents_purge)
        register_personal_data("documents", None, erase=erase_documents_about)
