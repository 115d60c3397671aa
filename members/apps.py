from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Members")

    def ready(self) -> None:
        from core.privacy import register_personal_data
        from members import signals  # noqa: F401 - connects the allauth receivers
        from members.privacy import export_account, kept_member_entry

        register_personal_data(
            "account", export_account, erase=kept_member_entry, preview=kept_member_entry
        )
