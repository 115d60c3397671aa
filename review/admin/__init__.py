"""The committee's admin: committees and seats (for the board), the applications a member may
judge, the concept lists, interview planning and appeals, and the conflict-of-interest flags
the acting chair resolves. One module per screen; importing them registers every admin
(Django autodiscovers ``review.admin``).

Access comes from ``review.selectors`` only: not from model permissions, and not from being a
superuser — a technical administrator sees no application.
"""

from review.admin._common import VacancyWorkAdmin
from review.admin.appeals import AppealAdmin, AppealForm
from review.admin.applications import (
    HasMediaFilter,
    OpenFlagsFilter,
    ReviewApplicationAdmin,
    ScoreRangeFilter,
)
from review.admin.committees import (
    CommitteeAdmin,
    SeatForm,
    SeatInline,
    SeatUserWidget,
    VacancyLinkInline,
)
from review.admin.concept_lists import ConceptListAdmin
from review.admin.conflicts import ConflictFlagAdmin, RelationAdmin, ResolveForm
from review.admin.interviews import InterviewSlotAdmin

__all__ = [
    "AppealAdmin",
    "AppealForm",
    "CommitteeAdmin",
    "ConceptListAdmin",
    "ConflictFlagAdmin",
    "HasMediaFilter",
    "InterviewSlotAdmin",
    "OpenFlagsFilter",
    "RelationAdmin",
    "ResolveForm",
    "ReviewApplicationAdmin",
    "ScoreRangeFilter",
    "SeatForm",
    "SeatInline",
    "SeatUserWidget",
    "VacancyLinkInline",
    "VacancyWorkAdmin",
]
