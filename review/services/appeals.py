"""Appeals: the applicant lodges one within the period, the disputes committee hears it and
advises, the board decides; documents for the case, and who may read it."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Application, ApplicationStatus, FileKind
from applications.uploads import inspect_upload
from core.errors import ServiceError
from core.services import audit_log
from members.permissions import in_group
from members.roles import BOARD, DISPUTES_COMMITTEE
from notifications.services import notification_queue
from review.models import Appeal, AppealDocument, AppealStatus

S = ApplicationStatus
APPEAL_PERIOD = timedelta(days=14)
APPEALABLE = (S.NOT_SELECTED, S.NOTIFIED)


def appeal_deadline(application: Application):
    """Two weeks after the committee's decision reached the applicant; None if there is
    nothing to appeal."""
    if application.status not in APPEALABLE:
        return None
    step = application.transitions.filter(to_status=application.status).order_by("-at").first()
    return (step.at if step else application.updated_at) + APPEAL_PERIOD


@transaction.atomic
def appeal_lodge(*, application: Application, reasons: str, actor) -> Appeal:
    if application.applicant_id != actor.pk:
        raise ServiceError(_("Only the applicant lodges an appeal."))
    # Locked, so a second press (or tab) waits and then finds the first appeal.
    application = Application.objects.select_for_update().get(pk=application.pk)
    deadline = appeal_deadline(application)
    if deadline is None:
        raise ServiceError(_("There is no decision to appeal against."))
    if timezone.now() > deadline:
        raise ServiceError(_("The period for an appeal has ended."))
    if not reasons.strip():
        raise ServiceError(_("Give your reasons: what went wrong in the procedure?"))
    if Appeal.objects.filter(application=application).exists():
        raise ServiceError(_("You have lodged an appeal already."))
    appeal = Appeal.objects.create(application=application, reasons=reasons.strip())
    audit_log(actor=actor, action="review.appeal_lodged", target=application)
    return appeal


def _may_handle_appeal(user, *, board: bool) -> bool:
    group = BOARD if board else DISPUTES_COMMITTEE
    return in_group(user, group)


@transaction.atomic
def appeal_update(
    *,
    appeal: Appeal,
    actor,
    hearing_at=None,
    hearing_notes: str | None = None,
    advice: str | None = None,
    decision: str | None = None,
) -> Appeal:
    """The disputes committee plans the hearing, writes its notes and its advice; the board
    decides after the advice. Each step is dated when it is first written; the applicant
    hears the decision by e-mail."""
    appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
    if appeal.decided_at is not None:
        raise ServiceError(_("The board has decided on this appeal; its file is closed."))
    now = timezone.now()
    committee_work = any(v not in (None, "") for v in (hearing_at, hearing_notes, advice))
    if committee_work and not _may_handle_appeal(actor, board=False):
        raise ServiceError(_("The disputes committee handles hearings and advice."))
    if hearing_at is not None:
        appeal.hearing_at = hearing_at
        appeal.status = AppealStatus.HEARING
    if hearing_notes:
        appeal.hearing_notes = hearing_notes.strip()
        appeal.hearing_noted_at = appeal.hearing_noted_at or now
    if advice:
        appeal.advice = advice.strip()
        appeal.advised_at = appeal.advised_at or now
        appeal.status = AppealStatus.ADVISED
    if decision:
        if not _may_handle_appeal(actor, board=True):
            raise ServiceError(_("The board decides on an appeal."))
        if not appeal.advice:
            raise ServiceError(_("The board decides after the disputes committee's advice."))
        if appeal.decided_at is not None:
            raise ServiceError(_("The board has decided already."))
        appeal.decision, appeal.decided_at = decision.strip(), now
        appeal.status = AppealStatus.DECIDED
        applicant = appeal.application.applicant
        notification_queue(
            kind="review.appeal_decided",
            recipient=applicant.email,
            language=applicant.language or "nl",
            template="review/email/appeal_decided",
            context={"appeal": appeal, "application": appeal.application},
            target=appeal.application,
        )
    appeal.save()
    written = {
        name: value
        for name, value in (
            ("hearing_at", hearing_at),
            ("hearing_notes", hearing_notes),
            ("advice", advice),
            ("decision", decision),
        )
        if value not in (None, "")
    }
    audit_log(
        actor=actor,
        action="review.appeal_updated",
        target=appeal.application,
        data={"written": sorted(written)},
    )
    return appeal


@transaction.atomic
def appeal_attach(*, appeal: Appeal, uploaded, actor) -> AppealDocument:
    """A document for the case (PDF, DOCX or ODT, checked by content): from the applicant
    until the decision, or from the disputes committee."""
    # Locked: a document the applicant sends while the board decides comes before or after.
    appeal = Appeal.objects.select_for_update().select_related("application").get(pk=appeal.pk)
    own = appeal.application.applicant_id == actor.pk
    if not (own or _may_handle_appeal(actor, board=False)):
        raise ServiceError(_("You cannot add documents to this appeal."))
    if appeal.decided_at is not None:  # the decided file stays as the board read it
        raise ServiceError(_("The appeal has been decided."))
    inspected = inspect_upload(uploaded, kind=FileKind.LETTER)
    document = AppealDocument(
        appeal=appeal,
        original_name=uploaded.name[-200:],
        extension=inspected.extension,
        content_type=inspected.content_type,
        uploaded_by=actor,
    )
    document.file.save("upload", uploaded, save=False)
    document.save()
    audit_log(actor=actor, action="review.appeal_document", target=appeal.application)
    return document


def may_read_appeal(*, user, appeal: Appeal) -> bool:
    return appeal.application.applicant_id == user.pk or any(
        _may_handle_appeal(user, board=board) for board in (False, True)
    )
