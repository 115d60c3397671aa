"""The committee's pipeline as a table: which step a sent application may take from where it
stands. The states are ``ApplicationStatus`` (applications.models); the committee takes the
steps (``review.services.pipeline.application_move``, which checks them against this table)
and ``applications.services.application_set_status`` records them. Pure data and pure
functions: no database, no permissions."""

from applications.models import ApplicationStatus

S = ApplicationStatus

# Every state in the order of the procedure: the order the admin offers the next steps in.
PIPELINE_ORDER = list(ApplicationStatus)

# From each state of the committee's pipeline, the steps it may take next.
ALLOWED_MOVES = {
    S.SUBMITTED: {S.SCREENING, S.ROUND_1, S.NOT_SELECTED},
    S.SCREENING: {S.ROUND_1, S.ADVISED, S.NOT_SELECTED},
    S.ROUND_1: {S.ROUND_2, S.ADVISED, S.NOT_SELECTED},
    S.ROUND_2: {S.ADVISED, S.NOT_SELECTED},
    S.ADVISED: {S.NOTIFIED, S.NOT_SELECTED},
    S.NOTIFIED: {S.ACCEPTED, S.NOT_SELECTED},
}


def move_allowed(from_status: str, to_status: str) -> bool:
    """Whether the pipeline has a step from ``from_status`` to ``to_status``."""
    return to_status in ALLOWED_MOVES.get(from_status, set())


def moves_from(status: str) -> list[ApplicationStatus]:
    """The steps an application at ``status`` may take next, in the procedure's order."""
    return sorted(ALLOWED_MOVES.get(status, set()), key=PIPELINE_ORDER.index)
