"""Writes on applications: drafts, files, submission and withdrawal, the availability and
self-identification answers, the committee's status moves, and the applicant's consent choices.
The rules they check are in ``applications.rules``; the media check is in ``applications.media``
and transcripts in ``applications.transcripts`` (their public names are re-exported here).

Each service runs in one transaction, writes an audit row and raises ServiceError with a
message for the applicant. Nothing here trusts the browser's clock: the deadline is checked
against the server's.

Nothing here trusts the caller's copy of an application either: a request read it before
its own writes, and another request (the autosave of a phone on a slow line, a second tab, a
double click) may have sent or withdrawn it since. Every service that changes an application
first re-reads its row under a lock (``applications.locks``), checks and writes that row only,
and saves only the fields it changed. Sending is idempotent.
"""

import secrets

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.diversity import PREFER_NOT, QUESTIONS
from applications.hooks import (
    registered_start_problems,
    run_after_submit,
    run_after_withdraw,
)
from applications.locks import application_locked
from applications.media import media_check
from applications.models import (
    IN_PROCEDURE,
    RECORDINGS,
    Application,
    ApplicationFile,
    ApplicationStatus,
    Availability,
    DiversityResponse,
    Retention,
)
from applications.rules import (
    MOTIVATION_FILES,
    draft_closed_reason,
    eligibility_problems,
    interview_dates,
    possible_duplicates,
    submission_problems,
    withdrawal_deadline,
)
from applications.selectors import application_for, application_new
from applications.transcripts.corrections import (
    MAX_SEGMENT_CHARS,
    transcript_correct,
    transcript_restore_original,
)
from applications.transcripts.runs import (
    MAX_TRANSCRIPT_ATTEMPTS,
    STALE_RUN,
    UNSENT_QUEUE,
    transcript_run,
    transcripts_requeue,
    transcripts_sweep,
)
from applications.uploads import inspect_upload
from core.errors import ServiceError
from core.keys import phone_key
from core.services import audit_log
from core.tasks_util import enqueue_on_commit
from notifications.services import notification_queue
from vacancies.models import Vacancy, VacancyStatus

# Defined here, or held here before #20 and re-exported for other apps, tasks and commands:
# the rules (applications.rules), media_check (applications.media), RECORDINGS
# (applications.models) and the transcripts' names (applications.transcripts).
__all__ = [
    "DRAFT_FIELDS",
    "MAX_SEGMENT_CHARS",
    "MAX_TRANSCRIPT_ATTEMPTS",
    "MOTIVATION_FILES",
    "PIPELINE_STATUSES",
    "RECORDINGS",
    "STALE_RUN",
    "UNSENT_QUEUE",
    "application_attach_file",
    "application_for_form",
    "application_remove_file",
    "application_save_draft",
    "application_set_status",
    "application_start",
    "application_submit",
    "application_update_availability",
    "application_withdraw",
    "diversity_answers_save",
    "draft_closed_reason",
    "eligibility_problems",
    "interview_dates",
    "media_check",
    "political_consent_withdraw",
    "possible_duplicates",
    "retention_choice_change",
    "self_identification_delete",
    "submission_problems",
    "transcript_correct",
    "transcript_restore_original",
    "transcript_run",
    "transcripts_requeue",
    "transcripts_sweep",
    "withdrawal_deadline",
]

DRAFT_FIELDS = (
    "initials",
    "first_name",
    "name_prefix",
    "last_name",
    "pronouns",
    "date_of_birth",
    "place_of_residence",
    "country",
    "phone",
    "membership_number",
    "motivation",
    "consent_political_data",
    "retention",
)
# The committee's steps: where application_set_status may move a sent application. A draft
# and a withdrawal are the applicant's own doing, never the committee's.
PIPELINE_STATUSES = frozenset(ApplicationStatus.values) - {
    ApplicationStatus.DRAFT,
    ApplicationStatus.WITHDRAWN,
}
_RECEIPT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def _require_open_draft(application: Application) -> None:
    reason = draft_closed_reason(application)
    if reason:
        raise ServiceError(reason)


def _require_open_for_files(application: Application) -> None:
    """Files may be added to a draft, and to a sent application until the deadline."""
    if application.status == ApplicationStatus.WITHDRAWN:
        raise ServiceError(_("This application has been withdrawn."))
    if application.status not in (ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED):
        raise ServiceError(_("This application can no longer take documents."))
    if not application.vacancy.accepts_applications():
        raise ServiceError(_("The deadline of this vacancy has passed."))


def application_for_form(*, vacancy: Vacancy, applicant) -> Application:
    """What the application form shows: the applicant's application for this vacancy, or an
    unsaved one with what we know about them filled in. Writes nothing: opening the form must
    not make a draft (a link on another site could, and drafts block committee seats and
    bring reminders). Raises ServiceError when there is none and the deadline has passed."""
    existing = application_for(vacancy=vacancy, applicant=applicant)
    if existing is not None:
        return existing
    if not vacancy.accepts_applications():
        raise ServiceError(_("The deadline of this vacancy has passed."))
    _require_may_start(vacancy=vacancy, applicant=applicant)
    return application_new(vacancy=vacancy, applicant=applicant)


def _require_may_start(*, vacancy: Vacancy, applicant) -> None:
    problems = registered_start_problems(vacancy=vacancy, applicant=applicant)
    if problems:
        raise ServiceError(" ".join(problems))


@transaction.atomic
def application_start(*, vacancy: Vacancy, applicant) -> Application:
    """The applicant's application for this vacancy: the existing one, or a new draft with
    what we already know about them filled in, made by the first save. Two first saves at
    once (a double click) make one draft: the unique constraint decides, and the other reads
    the one that was made. Raises ServiceError after the deadline, and when a check another
    app registered refuses the start (review: a seat on the committee judging the vacancy)."""
    existing = application_for(vacancy=vacancy, applicant=applicant)
    if existing is not None:
        return existing
    if not vacancy.accepts_applications():
        raise ServiceError(_("The deadline of this vacancy has passed."))
    # Inside this transaction: a check may lock what it read until the draft is committed.
    _require_may_start(vacancy=vacancy, applicant=applicant)
    application = application_new(vacancy=vacancy, applicant=applicant)
    try:
        with transaction.atomic():
            application.save(force_insert=True)
    except IntegrityError:
        return Application.objects.get(vacancy=vacancy, applicant=applicant)
    audit_log(actor=applicant, action="applications.start", target=application)
    return application


def _availability_store(application: Application, availability: dict[int, bool]) -> None:
    """The answers per interview date of this vacancy; other dates are ignored."""
    allowed = {d.pk for d in interview_dates(application.vacancy)}
    for date_id, available in availability.items():
        if date_id in allowed:
            Availability.objects.update_or_create(
                application=application, date_id=date_id, defaults={"available": available}
            )


@transaction.atomic
def application_save_draft(
    *, application: Application, data: dict, portfolio_ids=(), availability=None
) -> Application:
    """Store what the applicant filled in so far; nothing is checked for completeness yet.
    Returns the stored row. An application sent or withdrawn meanwhile is refused
    (ServiceError), never turned back into a draft."""
    application = application_locked(application)
    _require_open_draft(application)
    fields = [name for name in DRAFT_FIELDS if name in data]
    for name in fields:
        setattr(application, name, data[name])
    application.phone_key = phone_key(application.phone)
    application.save(update_fields=[*fields, "phone_key", "updated_at"])
    application.portfolios.set(application.vacancy.portfolios.filter(pk__in=portfolio_ids))
    _availability_store(application, availability or {})
    return application


@transaction.atomic
def application_attach_file(*, application: Application, kind: str, uploaded) -> ApplicationFile:
    """Check an uploaded file by its content and add it, replacing an earlier file of the same
    kind. Raises ServiceError (and stores nothing) when the file is refused."""
    application = application_locked(application)
    _require_open_for_files(application)
    inspected = inspect_upload(uploaded, kind=kind)
    for old in application.files.filter(kind=kind):
        old.delete()  # its file goes after the commit (core.files)
    attached = ApplicationFile(
        application=application,
        kind=kind,
        original_name=_display_name(uploaded.name),
        extension=inspected.extension,
        content_type=inspected.content_type,
        size=uploaded.size,
    )
    attached.file.save("upload", uploaded, save=False)
    attached.save()
    from applications.tasks import check_media  # tasks import services: import at call time

    enqueue_on_commit(check_media, file_id=attached.pk)
    audit_log(
        actor=application.applicant,
        action="applications.attach_file",
        target=application,
        data={"kind": kind, "size": uploaded.size, "type": inspected.extension},
    )
    return attached


def _display_name(name: str) -> str:
    """The file name without any folders, control characters or leading dots."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join(ch for ch in base if ch.isprintable()).strip().lstrip(".")
    return cleaned[:200] or "bestand"


@transaction.atomic
def application_remove_file(*, application: Application, attached: ApplicationFile) -> None:
    """Remove a file from a draft. A file removed or replaced meanwhile is left alone."""
    application = application_locked(application)
    _require_open_draft(application)
    current = application.files.filter(pk=attached.pk).first()
    if current is None:
        return
    current.delete()  # its file goes after the commit (core.files)
    audit_log(
        actor=application.applicant,
        action="applications.remove_file",
        target=application,
        data={"kind": current.kind},
    )


def _new_receipt_number() -> str:
    code = "".join(secrets.choice(_RECEIPT_ALPHABET) for _ in range(6))
    return f"{timezone.localdate().year}-{code}"


@transaction.atomic
def application_submit(*, application: Application, actor) -> Application:
    """Send the application. Raises ServiceError listing what is missing; on success the
    applicant gets a receipt number and a confirmation e-mail (sent after commit).

    Idempotent: an application that was sent already (a double click, a retry on a slow
    line) is returned as it is, with its one receipt number, and nothing is logged or
    e-mailed again."""
    application = application_locked(application)
    if application.receipt_number and application.status != ApplicationStatus.WITHDRAWN:
        return application
    _require_open_draft(application)
    problems = submission_problems(application)
    if problems:
        raise ServiceError(" ".join(problems))
    application.status = ApplicationStatus.SUBMITTED
    application.submitted_at = timezone.now()
    application.receipt_number = _new_receipt_number()
    application.duplicate_signals = possible_duplicates(application)
    application.save(
        update_fields=[
            "status",
            "submitted_at",
            "receipt_number",
            "duplicate_signals",
            "updated_at",
        ]
    )
    audit_log(actor=actor, action="applications.submit", target=application)
    run_after_submit(application)
    notification_queue(
        kind="applications.confirmation",
        recipient=application.applicant.email,
        language=application.applicant.language or "nl",
        template="applications/email/confirmation",
        context={"application": application, "vacancy": application.vacancy},
        target=application,
    )
    return application


@transaction.atomic
def application_update_availability(
    *, application: Application, availability: dict[int, bool], actor
) -> Application:
    """Change the answers per interview date, also after sending, while the procedure runs."""
    application = application_locked(application)
    if application.status not in IN_PROCEDURE:
        raise ServiceError(_("This application is no longer in the procedure."))
    if application.vacancy.status in (VacancyStatus.FINISHED, VacancyStatus.ARCHIVED):
        raise ServiceError(_("The procedure has ended."))
    _availability_store(application, availability)
    audit_log(actor=actor, action="applications.availability", target=application)
    return application


@transaction.atomic
def application_withdraw(*, application: Application, actor, reason: str = "") -> Application:
    """Withdraw a draft or sent application, until the withdrawal deadline if there is one.
    Withdrawing twice changes nothing."""
    application = application_locked(application)
    if application.status == ApplicationStatus.WITHDRAWN:
        return application
    if application.status in (ApplicationStatus.ACCEPTED, ApplicationStatus.NOT_SELECTED):
        raise ServiceError(_("This procedure has been decided; contact the committee."))
    deadline = withdrawal_deadline(application.vacancy)
    if deadline is not None and timezone.now() > deadline:
        raise ServiceError(
            _(
                "The last day to withdraw has passed. Contact the committee if you still want "
                "to step back."
            )
        )
    application.status = ApplicationStatus.WITHDRAWN
    application.withdrawn_at = timezone.now()
    application.withdrawal_reason = reason.strip()
    application.save(update_fields=["status", "withdrawn_at", "withdrawal_reason", "updated_at"])
    audit_log(actor=actor, action="applications.withdraw", target=application)
    run_after_withdraw(application)
    return application


@transaction.atomic
def application_set_status(
    *, application: Application, status: str, actor, expected: str | None = None
) -> Application:
    """Move a sent application to another step of the committee's pipeline. Which moves are
    allowed is the pipeline's table (applications.pipeline.ALLOWED_MOVES); this refuses drafts,
    withdrawn applications and moves back to a draft or to withdrawn, and records the change.
    With ``expected`` (the status the caller decided on) it also refuses when the application
    has moved on meanwhile. Moving to the status it has changes nothing."""
    application = application_locked(application)
    if application.status in (ApplicationStatus.DRAFT, ApplicationStatus.WITHDRAWN):
        raise ServiceError(_("Only a sent application can move through the procedure."))
    if status not in PIPELINE_STATUSES:
        raise ServiceError(
            _("The committee cannot make an application a draft again or withdraw it.")
        )
    if expected is not None and application.status != expected:
        raise ServiceError(
            _("This application has changed meanwhile: its status is now “%(status)s”.")
            % {"status": application.get_status_display()}
        )
    return _change(application, "status", status, action="applications.status", actor=actor)


def _change(application: Application, field: str, value, *, action: str, actor) -> Application:
    """Set one field of a locked application, saved and audited with its old and new value;
    nothing when it holds that value already."""
    previous = getattr(application, field)
    if value == previous:
        return application
    setattr(application, field, value)
    application.save(update_fields=[field, "updated_at"])
    audit_log(
        actor=actor, action=action, target=application, data={"from": previous, "to": str(value)}
    )
    return application


@transaction.atomic
def diversity_answers_save(*, application: Application, answers: dict[str, tuple[str, bool]]):
    """Store the self-identification answers: ``{dimension: (value, show_to_committee)}``.
    'Prefer not to say' removes any earlier answer for that question, so nothing is kept."""
    application = application_locked(application)
    if application.status == ApplicationStatus.WITHDRAWN:
        raise ServiceError(_("This application has been withdrawn."))
    for dimension, (value, show) in answers.items():
        if value in ("", PREFER_NOT):
            DiversityResponse.objects.filter(application=application, dimension=dimension).delete()
            continue
        allowed = {choice for choice, _label in QUESTIONS[dimension][1]}
        if value not in allowed:
            raise ServiceError(_("Choose one of the answers, or 'prefer not to say'."))
        DiversityResponse.objects.update_or_create(
            application=application,
            dimension=dimension,
            defaults={"value": value, "show_to_committee": show},
        )
    audit_log(
        actor=application.applicant, action="applications.diversity_saved", target=application
    )


# --- Consent, withdrawn from the portal ------------------------------------------------------
# The applicant's own choices about their data, open at any time (also after sending and after
# withdrawing), each taken back as easily as it was given (AVG art. 7(3)). The audit rows say
# what changed, never an answer.


def _require_applicant(application: Application, actor) -> None:
    if actor is None or application.applicant_id != actor.pk:
        raise ServiceError(_("Only the applicant can change this."))


@transaction.atomic
def self_identification_delete(*, application: Application, actor) -> int:
    """Delete every self-identification answer of this application, whatever its status, so
    that nothing counts them any more (the committee's page and its overview of the list read
    the rows). Returns how many answers were deleted; deleting twice deletes nothing the
    second time. Raises ServiceError for anyone but the applicant."""
    application = application_locked(application)
    _require_applicant(application, actor)
    deleted, _per_model = DiversityResponse.objects.filter(application=application).delete()
    if deleted:
        audit_log(
            actor=actor,
            action="applications.self_identification_deleted",
            target=application,
            data={"answers": deleted},
        )
    return deleted


@transaction.atomic
def retention_choice_change(*, application: Application, retention: str, actor) -> Application:
    """Change how long the application is kept after its procedure (``Retention``), while it
    exists. Keeping it on file needs the consent to process political data: without it (after
    the applicant withdrew it) only the shorter period can be chosen. Choosing what is stored
    already changes nothing. Raises ServiceError."""
    application = application_locked(application)
    _require_applicant(application, actor)
    try:
        choice = Retention(retention)
    except ValueError as exc:
        raise ServiceError(_("Choose one of the options.")) from exc
    if (
        choice == Retention.ONE_YEAR
        and not application.consent_political_data
        and application.status != ApplicationStatus.DRAFT
    ):
        raise ServiceError(
            _(
                "Keeping your data on file needs your consent to the processing of your "
                "political data, which you have withdrawn."
            )
        )
    return _change(
        application, "retention", choice, action="applications.retention_changed", actor=actor
    )


# Where withdrawing the consent also withdraws the application: the committee still works on
# it (or has decided to appoint, which application_withdraw refuses with its own reason).
_CONSENT_CARRIES_THE_APPLICATION = (*IN_PROCEDURE, ApplicationStatus.ACCEPTED)


@transaction.atomic
def political_consent_withdraw(*, application: Application, actor) -> Application:
    """Withdraw the consent to process data that reveal political opinion. Without it the
    committee can no longer consider the application, so one still in the procedure is
    withdrawn with it (``application_withdraw``: its deadline and refusals apply, and then
    nothing changes); keeping it on file stops too. The retention run deletes the data as for
    any withdrawn application. A draft stays a draft that cannot be sent without the consent.
    Withdrawing twice changes nothing. Raises ServiceError."""
    application = application_locked(application)
    _require_applicant(application, actor)
    if not application.consent_political_data:
        return application
    withdrew = application.status in _CONSENT_CARRIES_THE_APPLICATION
    if withdrew:
        try:
            application = application_withdraw(application=application, actor=actor)
        except ServiceError as exc:
            raise ServiceError(
                _(
                    "Your consent has not been withdrawn: that would withdraw your application, "
                    "and that is not possible here. %(reason)s"
                )
                % {"reason": exc.message}
            ) from exc
    previous_retention = application.retention
    application.consent_political_data = False
    application.retention = Retention.PROCEDURE
    application.save(update_fields=["consent_political_data", "retention", "updated_at"])
    audit_log(
        actor=actor,
        action="applications.political_consent_withdrawn",
        target=application,
        data={"application_withdrawn": withdrew, "retention_was": previous_retention},
    )
    return application
