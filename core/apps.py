from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from core.files import connect_file_cleanup
        from core.privacy import inactive_accounts_purge, register_personal_data
        from core.privacy_audit import export_audit_trail
        from core.retention import audit_trail_pseudonymise, register_purge

        connect_file_cleanup()
        register_personal_data("audit_trail", export_audit_trail)
        register_purge("audit_trail", audit_trail_pseudonymise)
        register_purge("inactive_accounts", inactive_accounts_purge)
