from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VotingConfig(AppConfig):
    name = "voting"
    verbose_name = _("Voting")

    def ready(self) -> None:
        from core.privacy import register_personal_data
        from core.privacy_audit import register_audit_about
        from voting.holds import register_holds
        from voting.privacy import audit_about, export_voting, kept_voter_entries

        register_holds()
        register_personal_data(
            "voting", export_voting, erase=kept_voter_entries, preview=kept_voter_entries
        )
        register_audit_about(audit_about)
