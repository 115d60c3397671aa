from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from applications.models import ApplicationFile, FileKind
from core.downloads import private_file_response
from core.posted import posted_number
from core.services import audit_log
from review import permissions, selectors, services


@login_required
def confidentiality(request: HttpRequest) -> HttpResponse:
    """Before the first application: each seat's confidentiality agreement, to accept."""
    seats = selectors.seats_of(user=request.user).filter(confidentiality_accepted_at__isnull=True)
    if request.method == "POST":
        seat = get_object_or_404(seats, pk=posted_number(request.POST.get("seat")))
        services.confidentiality_accept(seat=seat, actor=request.user)
        messages.success(
            request,
            _("You accepted the confidentiality agreement of %(committee)s.")
            % {"committee": seat.committee},
        )
        if not seats.exists():
            return redirect("admin:applications_application_changelist")
        return redirect("review:confidentiality")
    return render(request, "review/confidentiality.html", {"seats": seats})


@login_required
@require_GET
def download(request: HttpRequest, file_uuid) -> HttpResponse:
    """A file of an application, for a committee member who may judge it. Every download is
    logged: who opened which recording, and when."""
    attached = get_object_or_404(
        ApplicationFile.objects.select_related("application__vacancy"), uuid=file_uuid
    )
    if not attached.file or not permissions.may_read_application(
        user=request.user, application=attached.application
    ):
        raise Http404  # the same answer as for a file that does not exist
    if attached.kind in (FileKind.VIDEO, FileKind.VOICE) and selectors.recordings_withheld(
        user=request.user, application=attached.application
    ):
        raise Http404  # score-from-transcript: the recording after the member's first score
    audit_log(
        actor=request.user,
        action="review.file_opened",
        target=attached.application,
        data={"file": str(attached.uuid), "kind": attached.kind},
    )
    return private_file_response(
        request,
        attached.file,
        content_type=attached.content_type,
        filename=attached.original_name,
        inline=request.GET.get("inline") == "1",
    )
