"""The party roles that are Django groups. Their names are data (created by a migration)
and the keys other code uses to ask who someone is."""

from django.utils.translation import gettext_lazy as _

CANDIDATE_COMMITTEE = "Kandidatencommissie"
BOARD = "Bestuur"
ALV_CHAIR = "ALV-voorzitter"
DISPUTES_COMMITTEE = "Geschillencommissie"
INTEGRITY_OFFICER = "Integriteitsfunctionaris"

STAFF_GROUPS = (CANDIDATE_COMMITTEE, BOARD, ALV_CHAIR, DISPUTES_COMMITTEE, INTEGRITY_OFFICER)

GROUP_DESCRIPTIONS = {
    CANDIDATE_COMMITTEE: _("Candidate committee: reviews applications and proposes the list."),
    BOARD: _("Party board: manages vacancies and exports the definitive list."),
    ALV_CHAIR: _("Chair and tellers of the general members' assembly: run the votes."),
    DISPUTES_COMMITTEE: _("Disputes committee: handles appeals in candidate procedures."),
    INTEGRITY_OFFICER: _("Integrity officer: reads integrity declarations and advises on them."),
}
