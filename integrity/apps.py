from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntegrityConfig(AppConfig):
    name = "integrity"
    verbose_name = _("Integrity")

    def ready(self) -> None:
        from applications.hooks import (
            register_after_submit,
            register_application_links,
            register_submission_check,
            register_submission_notices,
        )
        from core.privacy import register_after_purge, register_personal_data
        from integrity.checks import (
            declaration_missing,
            enqueue_conflict_check,
            link_to_name_committee_members,
            rules_for_applicant,
        )
        from integrity.privacy import delete_declarations_without_applications, export_integrity

        register_submission_check(declaration_missing)
        register_submission_notices(rules_for_applicant)
        register_after_submit(enqueue_conflict_check)
        register_application_links(link_to_name_committee_members)
        register_personal_data("integrity", export_integrity)
        register_after_purge(delete_declarations_without_applications)
