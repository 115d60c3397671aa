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
        from integrity.privacy import (
            declaration_reads,
            delete_declarations_without_applications,
            export_integrity,
            export_read_log,
        )
        from members.hooks import register_read_source

        register_submission_check(declaration_missing)
        register_submission_notices(rules_for_applicant)
        register_after_submit(enqueue_conflict_check)
        register_application_links(link_to_name_committee_members)
        register_personal_data("integrity", export_integrity)
        # Who read the person's data (theirs to know, with names): the declaration views are
        # kept here, so integrity adds them to the list and exports the whole list.
        register_read_source(declaration_reads)
        register_personal_data("read_by_others", export_read_log)
        register_after_purge(delete_declarations_without_applications)
