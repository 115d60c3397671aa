"""The committee's moves of an application through the pipeline: who may move, the move
itself with its history and the applicant's e-mail, the bulk move, and having recordings
transcribed again. The table of allowed moves lives with the states in
``applications.pipeline``; ``ALLOWED_MOVES``, ``PIPELINE_ORDER`` and ``moves_from`` are
re-exported here (and by ``review.services``) for the admin."""

from django.db import transaction
from django.utils.translation import gettext as _

from applications.models import Application, ApplicationStatus
from applications.pipeline import ALLOWED_MOVES as ALLOWED_MOVES
from applications.pipeline import PIPELINE_ORDER as PIPELINE_ORDER
from applications.pipeline import move_allowed
from applications.pipeline import moves_from as moves_from
from applications.services import application_set_status, transcripts_requeue
from core.errors import ServiceError
from core.posted import posted_text
from core.text_limits import REASON_MAX_LENGTH
from notifications.services import notification_queue
from review import selectors
from review.models import Transition
from review.selectors import is_acting_chair, may_review

S = ApplicationStatus

# The steps the applicant hears about by e-mail, with the template that tells them.
MOVE_NOTICES = {
    S.ROUND_1: "review/email/invited_round",
    S.ROUND_2: "review/email/invited_round",
    S.NOT_SELECTED: "review/email/not_selected",
    S.ACCEPTED: "review/email/accepted",
}


def may_move(*, user, application: Application) -> bool:
    """The acting chair and the secretary (without a conflict) move applications on."""
    if is_acting_chair(user=user, application=application):
        return True
    return selectors.is_secretary(user=user, application=application) and may_review(
        user=user, application=application
    )


def transcripts_rerun(*, applications, actor, detect: bool = False) -> int:
    """Have the recordings of these applications transcribed again (the admin's action), in
    the posting's language or, with ``detect``, in the language the model hears. Only for
    applications whose procedure the actor runs (``may_move``: the acting chair, or the
    secretary without a conflict). Returns how many recordings were queued. Raises
    ServiceError."""
    allowed = [a for a in applications if may_move(user=actor, application=a)]
    if not allowed:
        raise ServiceError(
            _("Only the acting chair or the secretary has recordings transcribed again.")
        )
    return transcripts_requeue(applications=allowed, actor=actor, detect=detect)


@transaction.atomic
def application_move(
    *, application: Application, to: str, reason: str = "", actor, notify: bool = True
) -> Application:
    """Move an application one step through the committee's pipeline, with a reason (required
    when it is not selected: the applicant reads it). The applicant is e-mailed where the step
    concerns them."""
    if not may_move(user=actor, application=application):
        raise ServiceError(_("Only the acting chair or the secretary can move applications."))
    # The step is judged on the application as it stands once locked: of two members moving it
    # at the same moment, the second sees where the first put it.
    application = Application.objects.select_for_update().get(pk=application.pk)
    previous = application.status
    if to == previous:
        raise ServiceError(
            _("%(name)s is at “%(to)s” already.")
            % {"name": application.full_name, "to": S(to).label}
        )
    if not move_allowed(previous, to):
        raise ServiceError(
            _("%(name)s cannot go from “%(from)s” to “%(to)s”.")
            % {"name": application.full_name, "from": S(previous).label, "to": S(to).label}
        )
    reason = posted_text(reason, max_length=REASON_MAX_LENGTH).strip()
    if to == S.NOT_SELECTED and not reason:
        raise ServiceError(_("Give the reason; the applicant will read it."))
    return _pipeline_step(application, to, reason=reason, actor=actor, notify=notify)


def _pipeline_step(
    application: Application, to: str, *, reason: str, actor, notify: bool = True
) -> Application:
    """Record the step (status and its history) and tell the applicant where it concerns
    them. Who may take which step is checked by the callers."""
    previous = application.status
    application = application_set_status(application=application, status=to, actor=actor)
    Transition.objects.create(
        application=application, from_status=previous, to_status=to, reason=reason, actor=actor
    )
    if notify and to in MOVE_NOTICES:
        notification_queue(
            kind=f"review.moved.{to}",
            recipient=application.applicant.email,
            language=application.applicant.language or "nl",
            template=MOVE_NOTICES[to],
            context={"application": application, "vacancy": application.vacancy, "reason": reason},
            target=application,
        )
    return application


def applications_move(*, applications, to: str, reason: str = "", actor) -> tuple[int, list[str]]:
    """Move several applications (an admin bulk action); each that cannot move is reported
    and left as it was. Returns the number moved and the problems."""
    moved, problems = 0, []
    try:
        posted_text(reason, max_length=REASON_MAX_LENGTH)
    except ServiceError as exc:
        return 0, [exc.message]
    for application in applications:
        try:
            application_move(application=application, to=to, reason=reason, actor=actor)
        except ServiceError as exc:
            problems.append(exc.message)
        else:
            moved += 1
    return moved, problems
