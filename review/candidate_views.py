from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from applications.models import Application, ApplicationStatus
from applications.services import withdrawal_deadline
from core.downloads import private_file_response
from core.errors import ServiceError
from core.posted import posted_text
from core.services import audit_log
from core.text_limits import NOTE_MAX_LENGTH
from members.permissions import in_group
from members.roles import DISPUTES_COMMITTEE
from review import services
from review.models import AppealDocument, ConceptListEntry


def _own(request: HttpRequest, pk: int) -> Application:
    return get_object_or_404(
        Application.objects.select_related("vacancy"), pk=pk, applicant=request.user
    )


@login_required
def notice(request: HttpRequest, pk: int) -> HttpResponse:
    """The candidate's proposed place (once the confidential notice went out) and, where the
    decision can be appealed, the appeal."""
    application = _own(request, pk)
    entry = ConceptListEntry.objects.filter(application=application).first()
    told = application.status == ApplicationStatus.NOTIFIED and entry is not None
    appeal = getattr(application, "appeal", None)
    context = {
        "application": application,
        "entry": entry if told else None,
        "withdrawal_deadline": withdrawal_deadline(application.vacancy),
        "appeal": appeal,
        "documents": appeal.documents.all() if appeal else [],
        "appeal_deadline": services.appeal_deadline(application),
        "last_reason": application.transitions.filter(to_status=application.status)
        .order_by("-at")
        .values_list("reason", flat=True)
        .first(),
    }
    return render(request, "review/candidate_notice.html", context)


@login_required
@require_POST
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    application = _own(request, pk)
    try:
        services.notice_confirm(application=application, actor=request.user)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Thank you: you have confirmed your place."))
    return redirect("candidate:notice", pk=pk)


@login_required
@require_POST
def appeal(request: HttpRequest, pk: int) -> HttpResponse:
    application = _own(request, pk)
    try:
        existing = getattr(application, "appeal", None)
        if existing is None:
            existing = services.appeal_lodge(
                application=application,
                reasons=posted_text(request.POST.get("reasons"), max_length=NOTE_MAX_LENGTH),
                actor=request.user,
            )
            messages.success(
                request, _("Your appeal is lodged. The disputes committee will contact you.")
            )
        if request.FILES.get("document"):
            services.appeal_attach(
                appeal=existing, uploaded=request.FILES["document"], actor=request.user
            )
            messages.success(request, _("The document is added to your appeal."))
    except ServiceError as exc:
        messages.error(request, exc.message)
    return redirect("candidate:notice", pk=pk)


@login_required
@require_GET
def document(request: HttpRequest, document_uuid) -> HttpResponse:
    """An appeal document, for the applicant and the disputes committee and board."""
    item = get_object_or_404(
        AppealDocument.objects.select_related("appeal__application__applicant"), uuid=document_uuid
    )
    if not services.may_read_appeal(user=request.user, appeal=item.appeal):
        raise Http404
    applicant = item.appeal.application.applicant
    if applicant.pk != request.user.pk:  # logged against the applicant, for their read log
        audit_log(
            actor=request.user,
            action="privacy.read_appeal_document",
            target=applicant,
            data={
                "role": "disputes_committee"
                if in_group(request.user, DISPUTES_COMMITTEE)
                else "board",
                "detail": item.original_name,
                "appeal": item.appeal_id,
            },
        )
    return private_file_response(
        request, item.file, content_type=item.content_type, filename=item.original_name
    )
