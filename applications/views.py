from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

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
from applications.selectors import applications_of
from applications.services import (
    application_attach_file,
    application_remove_file,
    application_save_draft,
    application_start,
    application_submit,
    application_update_availability,
    application_withdraw,
    diversity_answers_save,
    submission_problems,
    transcript_correct,
    transcript_restore_original,
    withdrawal_deadline,
)
from applications.uploads import max_bytes, megabytes
from core.downloads import private_file_response
from core.errors import ServiceError
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
    """The application form: every POST keeps what is valid (text and accepted files), so a
    refused file or a missing answer never costs the applicant anything they did."""
    vacancy = _vacancy(slug)
    try:
        application = application_start(vacancy=vacancy, applicant=request.user)
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect(vacancy)
    if application.status != ApplicationStatus.DRAFT:
        return redirect("applications:detail", pk=application.pk)
    # Bound on every POST, also an empty one: saving reads the cleaned data.
    posted = request.POST if request.method == "POST" else None
    form = ApplicationForm(posted, request.FILES or None, instance=application)
    if request.method == "POST" and "autosave" in request.POST:
        return _autosave(form, application)
    problems: list[str] = []
    if request.method == "POST":
        form.is_valid()
        try:
            application_save_draft(
                application=application,
                data=form.draft_data(),
                portfolio_ids=[p.pk for p in form.cleaned_data.get("portfolios") or []],
                availability=form.availability(),
            )
            _store_uploads(form, application, request)
        except ServiceError as exc:
            form.add_error(None, exc.message)
        if "submit" in request.POST and not form.errors:
            problems = submission_problems(application)
            if not problems:
                application_submit(application=application, actor=request.user)
                messages.success(request, _("Your application has been sent. Thank you!"))
                return redirect("applications:detail", pk=application.pk)
        elif not form.errors:
            messages.success(request, _("Your draft has been saved. You can come back later."))
            return redirect("applications:apply", slug=vacancy.slug)
    return render(
        request,
        "applications/apply.html",
        {
            "vacancy": vacancy,
            "application": application,
            "form": form,
            "problems": problems,
            "files": application.files.all(),
            "notices": submission_notices(application),
        },
    )


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
    if application.status == ApplicationStatus.DRAFT:
        return redirect("applications:apply", slug=application.vacancy.slug)
    return redirect("applications:detail", pk=application.pk)


@login_required
@require_POST
def upload_file(request: HttpRequest, pk: int) -> HttpResponse:
    """One file at a time: recordings made in the browser (with a progress bar, answered in
    JSON so nothing typed is lost), and documents added after sending, until the deadline."""
    application = _own_application(request, pk)
    too_large = getattr(request, "upload_too_large", None)
    if too_large:
        message = _("This file is larger than %(mb)s MB and was not uploaded.") % {
            "mb": megabytes(max_bytes(too_large))
        }
        return _upload_answer(request, application, ok=False, text=message, status=413)
    kind = request.POST.get("kind", "")
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
    connection costs at most the last few words."""
    form.is_valid()
    try:
        application_save_draft(
            application=application,
            data=form.draft_data(),
            portfolio_ids=[p.pk for p in form.cleaned_data.get("portfolios") or []],
            availability=form.availability(),
        )
    except ServiceError as exc:
        return JsonResponse({"ok": False, "error": exc.message}, status=409)
    saved_at = timezone.localtime(application.updated_at)
    return JsonResponse(
        {
            "ok": True,
            "message": _("Saved automatically at %(time)s") % {"time": f"{saved_at:%H:%M}"},
        }
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
    return redirect("applications:apply", slug=application.vacancy.slug)


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
    form.is_valid()
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
