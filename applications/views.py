from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from applications.consent_forms import RetentionChoiceForm
from applications.forms import (
    ApplicationForm,
    AvailabilityForm,
    DiversityForm,
    TranscriptCorrectionForm,
    WithdrawForm,
)
from applications.hooks import application_links, submission_notices
from applications.models import (
    Application,
    ApplicationFile,
    ApplicationStatus,
    FileKind,
    Transcript,
    TranscriptStatus,
)
from applications.permissions import can_open_application
from applications.rules import draft_closed_reason, submission_problems, withdrawal_deadline
from applications.selectors import application_for, applications_of
from applications.services import (
    application_attach_file,
    application_for_form,
    application_remove_file,
    application_save_draft,
    application_start,
    application_submit,
    application_update_availability,
    application_withdraw,
    diversity_answers_save,
    political_consent_withdraw,
    retention_choice_change,
    self_identification_delete,
)
from applications.transcripts.corrections import transcript_correct, transcript_restore_original
from applications.uploads import max_bytes, megabytes
from core.downloads import private_file_response
from core.errors import ServiceError
from core.statement import stated_period
from vacancies.models import Vacancy
from vacancies.selectors import vacancy_get_public


def _vacancy(slug: str) -> Vacancy:
    try:
        return vacancy_get_public(slug=slug)
    except Vacancy.DoesNotExist as exc:
        raise Http404 from exc


def _own_application(request: HttpRequest, pk: int) -> Application:
    application = get_object_or_404(applications_of(user=request.user), pk=pk)
    if not can_open_application(request.user, application):
        raise Http404
    return application


def _store_uploads(form: ApplicationForm, application: Application, request) -> None:
    too_large = getattr(request, "upload_too_large", None)
    if too_large:
        field = too_large if too_large in form.fields else None
        limit = megabytes(max_bytes(too_large))
        form.add_error(
            field,
            _(
                "This file is larger than %(mb)s MB and was not uploaded. Everything else you "
                "filled in has been kept."
            )
            % {"mb": limit},
        )
    for kind, uploaded in form.uploads().items():
        try:
            application_attach_file(application=application, kind=kind, uploaded=uploaded)
        except ServiceError as exc:
            form.add_error(kind, exc.message)


@login_required
def apply(request: HttpRequest, slug: str) -> HttpResponse:
    """The application form. Opening it writes nothing: the first save (the autosave, a button,
    a recording) makes the draft. Every POST keeps what is valid (text and accepted files), so
    a refused file or a missing answer never costs the applicant anything they did."""
    vacancy = _vacancy(slug)
    if request.method == "POST":
        return _apply_post(request, vacancy)
    try:
        application = application_for_form(vacancy=vacancy, applicant=request.user)
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect(vacancy)
    if application.pk and application.status != ApplicationStatus.DRAFT:
        return redirect("applications:detail", pk=application.pk)
    return _apply_page(request, vacancy, application, ApplicationForm(instance=application))


def _apply_post(request: HttpRequest, vacancy: Vacancy) -> HttpResponse:
    try:
        application = application_start(vacancy=vacancy, applicant=request.user)
    except ServiceError as exc:
        return _apply_refused(request, vacancy, exc.message)
    if "kind" in request.POST:  # the recorder, on a page opened before there was a draft
        return _single_upload(request, application)
    if application.status != ApplicationStatus.DRAFT:
        return _no_longer_a_draft(request, application)
    # Bound on every POST, also an empty one: saving reads the cleaned data.
    form = ApplicationForm(request.POST, request.FILES or None, instance=application)
    if "autosave" in request.POST:
        return _autosave(form, application)
    form.is_valid()
    try:
        application = application_save_draft(
            application=application,
            data=form.draft_data(),
            portfolio_ids=[p.pk for p in form.cleaned_data.get("portfolios") or []],
            availability=form.availability(),
        )
        _store_uploads(form, application, request)
    except ServiceError as exc:
        current = application_for(vacancy=vacancy, applicant=request.user)
        if current is not None and current.status != ApplicationStatus.DRAFT:
            return _no_longer_a_draft(request, current)  # sent or withdrawn meanwhile
        form.add_error(None, exc.message)
    if form.errors:
        return _apply_page(request, vacancy, application, form)
    if "submit" not in request.POST:
        messages.success(request, _("Your draft has been saved. You can come back later."))
        return redirect("applications:apply", slug=vacancy.slug)
    problems = submission_problems(application)
    if problems:
        return _apply_page(request, vacancy, application, form, problems=problems)
    return _send(request, application)


def _apply_page(request, vacancy, application, form, *, problems=()) -> HttpResponse:
    return render(
        request,
        "applications/apply.html",
        {
            "vacancy": vacancy,
            "application": application,
            "form": form,
            "problems": problems,
            "files": application.files.all() if application.pk else [],
            "notices": submission_notices(application),
        },
    )


def _wants_json(request: HttpRequest) -> bool:
    return "autosave" in request.POST or request.headers.get("X-Requested-With") == "XMLHttpRequest"


def _apply_refused(request: HttpRequest, vacancy: Vacancy, message: str) -> HttpResponse:
    """No draft can be made (the deadline has passed): the page's scripts read JSON, a plain
    form goes back to the vacancy with the message."""
    if _wants_json(request):
        return JsonResponse({"ok": False, "error": message}, status=409)
    messages.error(request, message)
    return redirect(vacancy)


def _no_longer_a_draft(request: HttpRequest, application: Application) -> HttpResponse:
    """A POST to the form of an application that is no longer a draft: sent from another
    request (a double click, a second tab) or withdrawn. Nothing is changed. A send is
    answered as the first one was (sending is idempotent), anything else with the reason."""
    if "submit" in request.POST:
        return _send(request, application)
    reason = draft_closed_reason(application)
    if _wants_json(request):
        return JsonResponse({"ok": False, "error": reason}, status=409)
    messages.error(request, reason)
    return redirect("applications:detail", pk=application.pk)


def _send(request: HttpRequest, application: Application) -> HttpResponse:
    try:
        sent = application_submit(application=application, actor=request.user)
    except ServiceError as exc:
        messages.error(request, exc.message)
        return _back_to(application)
    messages.success(
        request,
        _("Your application has been sent. Thank you! Your receipt number is %(receipt)s.")
        % {"receipt": sent.receipt_number},
    )
    return redirect("applications:detail", pk=sent.pk)


def _back_to(application: Application) -> HttpResponse:
    if application.status == ApplicationStatus.DRAFT:
        return redirect("applications:apply", slug=application.vacancy.slug)
    return redirect("applications:detail", pk=application.pk)


def _upload_answer(
    request: HttpRequest,
    application: Application,
    *,
    ok: bool,
    text: str,
    status: int = 200,
    extra: dict | None = None,
) -> HttpResponse:
    """JSON for the recorder's XMLHttpRequest; a message and a redirect for a plain form."""
    if request.headers.get("X-Requested-With") == "XMLHttpRequest":
        key = "message" if ok else "error"
        return JsonResponse({"ok": ok, key: text, **(extra or {})}, status=status)
    (messages.success if ok else messages.error)(request, text)
    return _back_to(application)


@login_required
@require_POST
def upload_file(request: HttpRequest, pk: int) -> HttpResponse:
    """One file at a time: recordings made in the browser (with a progress bar, answered in
    JSON so nothing typed is lost), and documents added after sending, until the deadline."""
    return _single_upload(request, _own_application(request, pk))


def _single_upload(request: HttpRequest, application: Application) -> HttpResponse:
    # Read the form first: the upload's size check is made while the body is parsed.
    kind = request.POST.get("kind", "")
    too_large = getattr(request, "upload_too_large", None)
    if too_large:
        message = _("This file is larger than %(mb)s MB and was not uploaded.") % {
            "mb": megabytes(max_bytes(too_large))
        }
        return _upload_answer(request, application, ok=False, text=message, status=413)
    # The recorder sends the file under its kind (so its size cap applies while it streams);
    # the plain form on the portal page sends it as "file".
    uploaded = (
        request.FILES.get(kind) or request.FILES.get("file") if kind in FileKind.values else None
    )
    if uploaded is None:
        return _upload_answer(
            request, application, ok=False, text=_("No file arrived. Please try again."), status=400
        )
    try:
        attached = application_attach_file(application=application, kind=kind, uploaded=uploaded)
    except ServiceError as exc:
        return _upload_answer(request, application, ok=False, text=exc.message, status=400)
    return _upload_answer(
        request,
        application,
        ok=True,
        text=_("Saved: %(name)s") % {"name": attached.original_name},
        extra={
            "kind": attached.get_kind_display(),
            "name": attached.original_name,
            "url": reverse("applications:download", args=[attached.uuid]),
        },
    )


def _autosave(form: ApplicationForm, application: Application) -> JsonResponse:
    """The page saves what was typed every few seconds (no files), so a dead battery or a lost
    connection costs at most the last few words. An answer the form refuses keeps what was
    saved before; the rest is saved, and the answer names what was not. An application sent
    or withdrawn meanwhile is refused as it is (409)."""
    form.is_valid()
    try:
        application = application_save_draft(
            application=application,
            data=form.draft_data(),
            portfolio_ids=[p.pk for p in form.cleaned_data.get("portfolios") or []],
            availability=form.availability(),
        )
    except ServiceError as exc:
        return JsonResponse({"ok": False, "error": exc.message}, status=409)
    saved_at = f"{timezone.localtime(application.updated_at):%H:%M}"
    if not form.errors:
        return JsonResponse(
            {"ok": True, "message": _("Saved automatically at %(time)s") % {"time": saved_at}}
        )
    problems = [
        {"field": name, "message": str(message)}
        for name, errors in form.errors.items()
        for message in errors
    ]
    labels = [str(form.fields[name].label) for name in form.errors if name in form.fields]
    refused = labels or [problem["message"] for problem in problems]
    return JsonResponse(
        {
            "ok": False,
            "error": _("Saved automatically at %(time)s, except: %(fields)s. Check these answers.")
            % {"time": saved_at, "fields": ", ".join(refused)},
            "problems": problems,
        },
        status=400,
    )


@login_required
@require_POST
def remove_file(request: HttpRequest, pk: int, file_uuid) -> HttpResponse:
    application = _own_application(request, pk)
    attached = get_object_or_404(ApplicationFile, application=application, uuid=file_uuid)
    try:
        application_remove_file(application=application, attached=attached)
        messages.success(request, _("The file has been removed."))
    except ServiceError as exc:
        messages.error(request, exc.message)
        application.refresh_from_db(fields=["status"])
    return _back_to(application)


@login_required
@require_GET
def portal(request: HttpRequest) -> HttpResponse:
    return render(
        request, "applications/portal.html", {"applications": applications_of(user=request.user)}
    )


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = _own_application(request, pk)
    return render(
        request,
        "applications/detail.html",
        {
            "application": application,
            "vacancy": application.vacancy,
            "withdraw_form": WithdrawForm(),
            "availability_form": AvailabilityForm(application=application),
            "withdrawal_deadline": withdrawal_deadline(application.vacancy),
            "extra_links": application_links(application),
        },
    )


@login_required
@require_POST
def update_availability(request: HttpRequest, pk: int) -> HttpResponse:
    application = _own_application(request, pk)
    form = AvailabilityForm(request.POST, application=application)
    form.is_valid()
    try:
        application_update_availability(
            application=application, availability=form.availability(), actor=request.user
        )
        messages.success(request, _("Your availability has been updated."))
    except ServiceError as exc:
        messages.error(request, exc.message)
    return redirect("applications:detail", pk=application.pk)


@login_required
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    application = _own_application(request, pk)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("applications:detail", pk=application.pk)
    try:
        application_withdraw(
            application=application, actor=request.user, reason=form.cleaned_data.get("reason", "")
        )
        messages.success(request, _("You have withdrawn your application."))
    except ServiceError as exc:
        messages.error(request, exc.message)
    return redirect("applications:detail", pk=application.pk)


@login_required
@require_GET
def download(request: HttpRequest, file_uuid) -> HttpResponse:
    attached = get_object_or_404(
        ApplicationFile.objects.select_related("application"), uuid=file_uuid
    )
    if not can_open_application(request.user, attached.application) or not attached.file:
        raise Http404  # the same answer as for a file that does not exist
    return private_file_response(
        request,
        attached.file,
        content_type=attached.content_type,
        filename=attached.original_name,
        inline=request.GET.get("inline") == "1",
    )


@login_required
def diversity(request: HttpRequest, pk: int) -> HttpResponse:
    """The optional self-identification step, apart from the application itself."""
    application = _own_application(request, pk)
    existing = {r.dimension: r for r in application.diversity_responses.all()}
    form = DiversityForm(request.POST or None, existing=existing)
    if request.method == "POST" and form.is_valid():
        try:
            diversity_answers_save(application=application, answers=form.answers())
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Thank you. Your answers have been saved."))
            if application.status == ApplicationStatus.DRAFT:
                return redirect("applications:apply", slug=application.vacancy.slug)
            return redirect("applications:detail", pk=application.pk)
    return render(
        request, "applications/diversity.html", {"application": application, "form": form}
    )


@login_required
def transcript(request: HttpRequest, pk: int, file_uuid) -> HttpResponse:
    """The applicant's own transcript of a recording, beside the recording, with a box per
    passage to correct what the speech recognition misheard."""
    application = _own_application(request, pk)
    attached = get_object_or_404(
        ApplicationFile.objects.select_related("transcript"),
        application=application,
        uuid=file_uuid,
        kind__in=(FileKind.VIDEO, FileKind.VOICE),
    )
    try:
        made = attached.transcript
    except Transcript.DoesNotExist as exc:
        raise Http404 from exc
    form = None
    if made.status == TranscriptStatus.DONE and application.takes_transcript_corrections:
        form = TranscriptCorrectionForm(
            request.POST or None, segments=made.current_segments, originals=made.segments
        )
    if request.method == "POST":
        try:
            if "restore" in request.POST:
                transcript_restore_original(transcript=made, actor=request.user)
                messages.success(request, _("The transcript is back as it was made."))
                return redirect("applications:transcript", pk=pk, file_uuid=file_uuid)
            if form is not None and form.is_valid():
                transcript_correct(transcript=made, texts=form.texts(), actor=request.user)
                messages.success(request, _("Your corrections have been saved."))
                return redirect("applications:transcript", pk=pk, file_uuid=file_uuid)
        except ServiceError as exc:
            messages.error(request, exc.message)
            return redirect("applications:transcript", pk=pk, file_uuid=file_uuid)
    return render(
        request,
        "applications/transcript.html",
        {
            "application": application,
            "vacancy": application.vacancy,
            "attached": attached,
            "transcript": made,
            "form": form,
        },
    )


# --- The applicant's choices about their data (applications.services, "Consent, withdrawn
# from the portal"). A GET shows what an action means and changes nothing; the POST acts.


def _to_privacy_choices(application: Application) -> HttpResponse:
    return redirect(f"{reverse('applications:detail', args=[application.pk])}#privacy-choices")


@login_required
@require_http_methods(["GET", "POST"])
def delete_self_identification(request: HttpRequest, pk: int) -> HttpResponse:
    application = _own_application(request, pk)
    if request.method == "POST":
        try:
            deleted = self_identification_delete(application=application, actor=request.user)
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            if deleted:
                messages.success(request, _("Your answers have been deleted."))
            else:
                messages.info(request, _("There were no answers to delete."))
        return _to_privacy_choices(application)
    return render(
        request,
        "applications/self_identification_delete.html",
        {
            "application": application,
            "vacancy": application.vacancy,
            "answers": application.diversity_responses.count(),
        },
    )


@login_required
@require_POST
def change_retention(request: HttpRequest, pk: int) -> HttpResponse:
    application = _own_application(request, pk)
    form = RetentionChoiceForm(request.POST)
    try:
        if not form.is_valid():
            raise ServiceError(_("Choose one of the options."))
        retention_choice_change(
            application=application,
            retention=form.cleaned_data["retention"],
            actor=request.user,
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Your choice has been saved."))
    return _to_privacy_choices(application)


@login_required
@require_http_methods(["GET", "POST"])
def withdraw_political_consent(request: HttpRequest, pk: int) -> HttpResponse:
    application = _own_application(request, pk)
    if request.method == "POST":
        had_consent, status = application.consent_political_data, application.status
        try:
            changed = political_consent_withdraw(application=application, actor=request.user)
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            if not had_consent:
                messages.info(request, _("You have already withdrawn this consent."))
            elif changed.status != status and changed.status == ApplicationStatus.WITHDRAWN:
                messages.success(
                    request,
                    _(
                        "You have withdrawn your consent, and with it your application. Its "
                        "data will be deleted by the retention periods."
                    ),
                )
            else:
                messages.success(request, _("You have withdrawn your consent."))
        return _to_privacy_choices(application)
    return render(
        request,
        "applications/political_consent_withdraw.html",
        {
            "application": application,
            "vacancy": application.vacancy,
            "withdrawal_deadline": withdrawal_deadline(application.vacancy),
            "procedure": stated_period("application_procedure"),
        },
    )
