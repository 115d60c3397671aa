from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewConfig(AppConfig):
    name = "review"
    verbose_name = _("Review")

    def ready(self) -> None:
        from applications.hooks import register_after_withdraw, register_application_links
        from integrity.permissions import register_declaration_reader
        from integrity.reviewers import register_reviewer_seats
        from notifications.reminders import register_reminder
        from review.permissions import acting_chair_reads_declaration, candidate_links
        from review.reminders import interview_tomorrow
        from review.selectors import reviewer_seat_rows
        from review.services import concept_list_move_up

        register_reviewer_seats(reviewer_seat_rows)
        register_declaration_reader(acting_chair_reads_declaration)
        register_after_withdraw(concept_list_move_up)
        register_application_links(candidate_links)
        register_reminder("review.interview_tomorrow", interview_tomorrow)
