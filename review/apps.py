from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewConfig(AppConfig):
    name = "review"
    verbose_name = _("Review")

    def ready(self) -> None:
        from applications.hooks import register_after_withdraw, register_application_links
        from core.privacy import register_account_in_use, register_personal_data
        from core.privacy_audit import register_audit_about
        from core.privacy_people import register_judges
        from core.retention import register_purge
        from integrity.permissions import register_declaration_reader
        from integrity.reviewers import register_reviewer_seats
        from members.hooks import register_staff_seat
        from notifications.reminders import register_reminder
        from review.holds import register_holds
        from review.own_contest import register_own_contest
        from review.permissions import (
            acting_chair_reads_declaration,
            candidate_links,
            holds_a_seat,
        )
        from review.privacy import audit_about, erase_name_mentions, export_review, judges_of
        from review.reminders import interview_tomorrow
        from review.selectors import reviewer_seat_rows
        from review.services import concept_list_move_up, interview_slots_purge

        register_reviewer_seats(reviewer_seat_rows)
        register_declaration_reader(acting_chair_reads_declaration)
        register_after_withdraw(concept_list_move_up)
        register_application_links(candidate_links)
        register_reminder("review.interview_tomorrow", interview_tomorrow)
        register_personal_data("review", export_review, erase=erase_name_mentions)
        register_judges(judges_of)
        register_audit_about(audit_about)
        register_holds()
        register_own_contest()
        register_purge("interview_slots", interview_slots_purge)
        register_staff_seat(holds_a_seat)
        register_account_in_use(
            lambda users: users.filter(committee_seats=None, interview_panels=None)
        )
