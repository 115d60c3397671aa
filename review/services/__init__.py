"""Writes of the review app, one module per sub-domain; this package re-exports their public
names, so ``from review import services`` and ``from review.services import x`` keep working.

- ``seats``: seats and the vacancies a committee judges, seat checks, the confidentiality
  agreement, conflict-of-interest decisions
- ``scoring``: scorecards
- ``pipeline``: moving an application through the pipeline (its table of allowed moves is
  ``applications.pipeline``)
- ``concept_list``: rankings, the Schulze proposal, the concept list and its adoption
- ``interviews``: slots, invitations, the priority checklist
- ``advice``: board advice per portfolio
- ``notices``: the confidential notice and the candidate's confirmation
- ``appeals``: appeals, their hearing, advice, decision and documents

Patch a function where it is looked up: in its submodule (``review.services.appeals.audit_log``),
not here.
"""

from review.services.advice import advice_record
from review.services.appeals import (
    APPEAL_PERIOD,
    APPEALABLE,
    appeal_attach,
    appeal_deadline,
    appeal_lodge,
    appeal_update,
    may_read_appeal,
)
from review.services.concept_list import (
    concept_list_adopt,
    concept_list_details_save,
    concept_list_move_up,
    concept_list_proposal,
    concept_list_record_adoption,
    concept_list_save,
    ranking_submit,
)
from review.services.interviews import (
    ROUND_STATUS,
    interview_calendar,
    interview_invite,
    interview_problems,
    interview_reschedule,
    interview_slots_purge,
    priority_check_tick,
    slot_create,
)
from review.services.notices import (
    confidential_notice_send,
    confidential_notices_due,
    not_selected_reason_save,
    notice_confirm,
)
from review.services.pipeline import (
    ALLOWED_MOVES,
    MOVE_NOTICES,
    PIPELINE_ORDER,
    application_move,
    applications_move,
    may_move,
    moves_from,
    transcripts_rerun,
)
from review.services.scoring import scorecard_save
from review.services.seats import (
    committee_seat_add,
    committee_seat_change_role,
    committee_seat_remove,
    committee_vacancy_add,
    committee_vacancy_remove,
    confidentiality_accept,
    conflict_resolve,
    may_resolve_flag,
    reviewer_declares_relation,
    seat_check,
    seats_check_unchecked,
)

__all__ = [
    "ALLOWED_MOVES",
    "APPEALABLE",
    "APPEAL_PERIOD",
    "MOVE_NOTICES",
    "PIPELINE_ORDER",
    "ROUND_STATUS",
    "advice_record",
    "appeal_attach",
    "appeal_deadline",
    "appeal_lodge",
    "appeal_update",
    "application_move",
    "applications_move",
    "committee_seat_add",
    "committee_seat_change_role",
    "committee_seat_remove",
    "committee_vacancy_add",
    "committee_vacancy_remove",
    "concept_list_adopt",
    "concept_list_details_save",
    "concept_list_move_up",
    "concept_list_proposal",
    "concept_list_record_adoption",
    "concept_list_save",
    "confidential_notice_send",
    "confidential_notices_due",
    "confidentiality_accept",
    "conflict_resolve",
    "interview_calendar",
    "interview_invite",
    "interview_problems",
    "interview_reschedule",
    "interview_slots_purge",
    "may_move",
    "may_read_appeal",
    "may_resolve_flag",
    "moves_from",
    "not_selected_reason_save",
    "notice_confirm",
    "priority_check_tick",
    "ranking_submit",
    "reviewer_declares_relation",
    "scorecard_save",
    "seat_check",
    "seats_check_unchecked",
    "slot_create",
    "transcripts_rerun",
]
