"""The confidential notice: the reason for those not on the list, sending the notice (by
the chair or the beat task on the timeline's date), and the candidate confirming their
place."""

import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import IN_PROCEDURE, Application, ApplicationStatus
from applications.services import withdrawal_deadline
from core.errors import ServiceError
from core.posted import posted_text
from core.services import audit_log
from core.text_limits import NOTE_MAX_LENGTH
from notifications.services import notification_queue
from review import selectors
from review.models import ConceptList, ConceptListEntry
from review.services.pipeline import _pipeline_step
from vacancies.models import DatePrecision, MilestoneKind

logger = logging.getLogger(__name__)
S = ApplicationStatus


def _notify_place(entry: ConceptListEntry) -> None:
    application = entry.application
    notification_queue(
        kind="review.confidential_notice",
        recipient=application.applicant.email,
        language=application.applicant.language or "nl",
        template="review/email/confidential_notice",
        context={
            "application": application,
            "vacancy": application.vacancy,
            "entry": entry,
            "withdrawal_deadline": withdrawal_deadline(application.vacancy),
        },
        target=application,
    )


@transaction.atomic
def not_selected_reason_save(*, concept_list: ConceptList, reason: str, actor) -> None:
    """The reason the confidential notice gives candidates who are not on the list."""
    concept_list = ConceptList.objects.select_for_update().get(pk=concept_list.pk)
    if not selectors.may_edit_list(user=actor, concept_list=concept_list):
        raise ServiceError(_("Only the chair, the deputy or the secretary sends the notice."))
    concept_list.not_selected_reason = posted_text(reason, max_length=NOTE_MAX_LENGTH).strip()
    concept_list.save(update_fields=["not_selected_reason", "updated_at"])


@transaction.atomic
def confidential_notice_send(*, concept_list: ConceptList, actor=None) -> int:
    """Tell every candidate, confidentially, where the committee proposes them — or that they
    are not on the list, with the list's reason. Candidates on the list become "told the
    outcome" and can confirm or withdraw until the withdrawal deadline. Once per list; the
    beat task sends it on the timeline's date, the chair may send it earlier. Returns the
    number of candidates told."""
    concept_list = ConceptList.objects.select_for_update().get(pk=concept_list.pk)
    if actor is not None and not selectors.may_edit_list(user=actor, concept_list=concept_list):
        raise ServiceError(_("Only the chair, the deputy or the secretary sends the notice."))
    if concept_list.notice_sent_at is not None:
        raise ServiceError(_("The confidential notice has been sent already."))
    entries = list(
        concept_list.entries.select_related("application__applicant", "application__vacancy")
    )
    if not entries:
        raise ServiceError(_("The concept list is empty."))
    placed = {entry.application_id for entry in entries}
    # Every application of the vacancy is locked and its status read anew, so a step the
    # committee takes at the same moment comes wholly before or after the notice.
    locked = {
        a.pk: a
        for a in Application.objects.select_for_update(of=("self",))
        .filter(vacancy_id=concept_list.vacancy_id)
        .select_related("applicant", "vacancy")
        .order_by("pk")
    }
    for entry in entries:
        entry.application = locked[entry.application_id]
    others = [a for a in locked.values() if a.status in IN_PROCEDURE and a.pk not in placed]
    reason = concept_list.not_selected_reason.strip()
    if others and not reason:
        raise ServiceError(_("Write the reason for the candidates who are not on the list first."))
    for entry in entries:
        if entry.application.status != S.NOTIFIED:
            _pipeline_step(entry.application, S.NOTIFIED, reason="", actor=actor)
        _notify_place(entry)
    for application in others:
        _pipeline_step(application, S.NOT_SELECTED, reason=reason, actor=actor)
    concept_list.notice_sent_at = timezone.now()
    concept_list.save(update_fields=["notice_sent_at", "updated_at"])
    audit_log(
        actor=actor,
        action="review.confidential_notice",
        target=concept_list.vacancy,
        data={"placed": len(entries), "not_selected": len(others)},
    )
    return len(entries) + len(others)


def confidential_notices_due(*, today=None) -> int:
    """Send the notice of every list whose date on the timeline has come (beat task)."""
    today = today or timezone.localdate()
    due = ConceptList.objects.filter(
        notice_sent_at__isnull=True,
        entries__isnull=False,
        vacancy__milestones__kind=MilestoneKind.CONFIDENTIAL_NOTICE,
        vacancy__milestones__dates__precision=DatePrecision.DAY,
        vacancy__milestones__dates__date__lte=today,
    ).distinct()
    told = 0
    for concept_list in due:
        try:
            told += confidential_notice_send(concept_list=concept_list)
        except ServiceError:
            logger.warning("Confidential notice for %s is not ready", concept_list.vacancy)
    return told


@transaction.atomic
def notice_confirm(*, application: Application, actor) -> ConceptListEntry:
    """The candidate accepts the proposed place."""
    if application.applicant_id != actor.pk:
        raise ServiceError(_("Only the candidate confirms their place."))
    application = Application.objects.select_for_update().get(pk=application.pk)
    entry = ConceptListEntry.objects.select_for_update().filter(application=application).first()
    if entry is None or application.status != S.NOTIFIED:
        raise ServiceError(_("There is no place to confirm."))
    deadline = withdrawal_deadline(application.vacancy)
    if deadline is not None and timezone.now() > deadline:
        raise ServiceError(_("The last day to answer has passed; contact the committee."))
    if entry.confirmed_at is None:
        entry.confirmed_at = timezone.now()
        entry.save(update_fields=["confirmed_at"])
        audit_log(actor=actor, action="review.place_confirmed", target=application)
    return entry
