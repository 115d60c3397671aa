from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.utils import timezone, translation
from django.views.decorators.cache import never_cache

from core.errors import ServiceError
from core.services import audit_log
from exports.http import file_response
from exports.pdf import render_pdf
from exports.permissions import (
    may_export_candidate_list,
    may_read_alv_results,
    may_read_committee_advice,
)
from exports.selectors import committee_advice
from exports.services import (
    ExportBlocked,
    ExportFormat,
    alv_results_report,
    candidate_list_export,
)
from vacancies.models import Vacancy


@never_cache
@login_required
def committee_advice_pdf(request: HttpRequest, vacancy_id: int) -> HttpResponse:
    """The committee's advice for the minutes, marked confidential (DESIGN §6)."""
    vacancy = get_object_or_404(Vacancy, pk=vacancy_id)
    if not may_read_committee_advice(user=request.user, vacancy=vacancy):
        raise PermissionDenied
    context = {**committee_advice(vacancy=vacancy), "generated_at": timezone.localtime()}
    with translation.override(translation.get_language() or "nl"):
        pdf = render_pdf("exports/committee_advice.html", context)
    audit_log(actor=request.user, action="exports.committee_advice", target=vacancy)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="advies-{vacancy.slug}.pdf"'
    return response


@never_cache
@login_required
def candidate_list_file(
    request: HttpRequest, vacancy_id: int, file_format: str, internal: bool = False
) -> HttpResponse:
    """The candidate list as PDF (for the members, or internal) or as the Kiesraad spreadsheet;
    a page with the errors instead when the checks find any (DESIGN §6)."""
    vacancy = get_object_or_404(Vacancy, pk=vacancy_id)
    if not may_export_candidate_list(user=request.user, vacancy=vacancy):
        raise PermissionDenied
    try:
        export = candidate_list_export(
            vacancy=vacancy,
            file_format=ExportFormat(file_format),
            internal=internal,
            actor=request.user,
            language=translation.get_language() or "nl",
        )
    except ExportBlocked as exc:
        context = {"vacancy": vacancy, "findings": exc.findings, "message": exc.message}
        return render(request, "exports/candidate_list_blocked.html", context, status=409)
    except ServiceError as exc:
        return HttpResponseBadRequest(exc.message)
    return file_response(export)


@never_cache
@login_required
def alv_results_pdf(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """Every closed poll of an ALV with its counts and explanation, for the minutes."""
    from voting.models import Meeting

    meeting = get_object_or_404(Meeting, pk=meeting_id)
    if not may_read_alv_results(user=request.user):
        raise PermissionDenied
    pdf = alv_results_report(meeting=meeting, language=translation.get_language() or "nl")
    audit_log(actor=request.user, action="exports.alv_results", target=meeting)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="uitslagen-alv-{meeting.pk}.pdf"'
    return response
