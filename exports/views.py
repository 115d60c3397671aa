from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core.errors import ServiceError
from core.posted import posted_number
from core.services import audit_log
from exports.documents import document_request, document_subject
from exports.http import export_response, file_response
from exports.models import DocumentStatus, GeneratedDocument
from exports.permissions import (
    may_export_candidate_list,
    may_read_alv_results,
    may_read_committee_advice,
    may_read_document,
)
from exports.services import (
    ExportBlocked,
    ExportFormat,
    alv_results_report,
    ballot_papers,
    candidate_list_export,
    committee_advice_report,
)
from members.models import User
from members.permissions import in_group
from members.roles import ALV_CHAIR, BOARD
from vacancies.models import Vacancy


def _people_named(kind: str, vacancy_id: int) -> list[int]:
    """The accounts a document about this vacancy names: the committee's advice every sent
    application, the candidate list its candidates. (The ALV's results are public.)"""
    from applications.models import Application, ApplicationStatus
    from review.models import ConceptListEntry

    if kind == "committee_advice":
        rows = Application.objects.filter(vacancy_id=vacancy_id).exclude(
            status=ApplicationStatus.DRAFT
        )
        return list(rows.values_list("applicant_id", flat=True).distinct())
    if kind == "candidate_list":
        rows = ConceptListEntry.objects.filter(concept_list__vacancy_id=vacancy_id)
        return list(rows.values_list("application__applicant_id", flat=True).distinct())
    return []


def _reader_role(user) -> str:
    if in_group(user, BOARD):
        return "board"
    if in_group(user, ALV_CHAIR):
        return "alv_chair"
    return "committee"


def _log_people_read(*, reader, kind: str, vacancy_id: int, title: str) -> None:
    """One row per person the downloaded document names, against their account, so each
    finds the read in their own read log (members.selectors.READ_ACTIONS)."""
    data = {"role": _reader_role(reader), "detail": title, "kind": kind}
    for person in User.objects.filter(pk__in=_people_named(kind, vacancy_id)).only("pk"):
        audit_log(actor=reader, action="privacy.read_document", target=person, data=data)


@never_cache
@login_required
def committee_advice_pdf(request: HttpRequest, vacancy_id: int) -> HttpResponse:
    """The committee's advice for the minutes, marked confidential (docs/architecture.md)."""
    vacancy = get_object_or_404(Vacancy, pk=vacancy_id)
    if not may_read_committee_advice(user=request.user, vacancy=vacancy):
        raise PermissionDenied
    pdf = committee_advice_report(vacancy=vacancy, language=translation.get_language() or "nl")
    with transaction.atomic():
        audit_log(actor=request.user, action="exports.committee_advice", target=vacancy)
        _log_people_read(
            reader=request.user,
            kind="committee_advice",
            vacancy_id=vacancy.pk,
            title=_("Committee advice: %(vacancy)s") % {"vacancy": vacancy},
        )
    return file_response(pdf, filename=f"advies-{vacancy.slug}.pdf")


@never_cache
@login_required
def candidate_list_file(
    request: HttpRequest, vacancy_id: int, file_format: str, internal: bool = False
) -> HttpResponse:
    """The candidate list as PDF (for the members, or internal) or as the Kiesraad spreadsheet;
    a page with the errors instead when the checks find any (docs/architecture.md, Documents)."""
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
    with transaction.atomic():
        _log_people_read(
            reader=request.user,
            kind="candidate_list",
            vacancy_id=vacancy.pk,
            title=_("Candidate list %(vacancy)s (%(variant)s)")
            % {"vacancy": vacancy, "variant": f"{file_format}{'-internal' if internal else ''}"},
        )
    return export_response(export)


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
    return file_response(pdf, filename=f"uitslagen-alv-{meeting.pk}.pdf")


@require_POST
@never_cache
@login_required
def paper_ballots_pdf(request: HttpRequest, meeting_id: int, poll_id: int) -> HttpResponse:
    """New ballot papers for a poll, to print (the chair and the tellers)."""
    from voting.models import Poll
    from voting.selectors import is_alv_chair

    poll = get_object_or_404(Poll.objects.select_related("meeting"), pk=poll_id, meeting=meeting_id)
    if not is_alv_chair(request.user):
        raise PermissionDenied
    try:
        pdf = ballot_papers(  # a POST: every print makes new papers
            poll=poll,
            count=posted_number(request.POST.get("count")),
            actor=request.user,
            language=translation.get_language() or "nl",
        )
    except ServiceError as exc:
        return HttpResponseBadRequest(exc.message)
    return file_response(pdf, filename=f"stembiljetten-{poll.pk}.pdf")


@require_POST
@login_required
def document_request_view(request: HttpRequest, kind: str, object_id: int) -> HttpResponse:
    """Ask for a document to be made in the background; its page shows the progress."""
    subject = document_subject(kind, object_id)
    if subject is None:
        raise Http404
    if not may_read_document(user=request.user, kind=kind, subject=subject):
        raise PermissionDenied
    try:
        document = document_request(
            kind=kind,
            obj=subject,
            variant=request.POST.get("variant", "") if kind == "candidate_list" else "",
            actor=request.user,
            language=translation.get_language() or "nl",
        )
    except ExportBlocked as exc:
        context = {"vacancy": subject, "findings": exc.findings, "message": exc.message}
        return render(request, "exports/candidate_list_blocked.html", context, status=409)
    except ValueError:  # an unknown variant (the error's own text is English)
        return HttpResponseBadRequest(_("There is no such version of this document."))
    return redirect("exports:document", pk=document.pk)


def _document(request, pk: int) -> GeneratedDocument:
    document = get_object_or_404(GeneratedDocument.objects.defer("content"), pk=pk)
    subject = document_subject(document.kind, document.object_id)
    if not may_read_document(user=request.user, kind=document.kind, subject=subject):
        raise PermissionDenied
    return document


@never_cache
@login_required
def document_page(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "exports/document.html", {"document": _document(request, pk)})


@never_cache
@login_required
def document_status(request: HttpRequest, pk: int) -> JsonResponse:
    document = _document(request, pk)
    return JsonResponse(
        {
            "status": document.status,
            "label": document.get_status_display(),
            "progress": document.progress,
            "error": document.error,
            "file": reverse("exports:document_file", args=[pk])
            if document.status == DocumentStatus.DONE
            else None,
        }
    )


@never_cache
@login_required
def document_file(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document(request, pk)
    if document.status != DocumentStatus.DONE:
        raise Http404
    content = GeneratedDocument.objects.values_list("content", flat=True).get(pk=pk)
    with transaction.atomic():
        audit_log(
            actor=request.user,
            action="exports.document_downloaded",
            target=document,
            data={"kind": document.kind, "object_id": document.object_id},
        )
        if document.kind != "alv_results":
            _log_people_read(
                reader=request.user,
                kind=document.kind,
                vacancy_id=document.object_id,
                title=document.title,
            )
    return file_response(
        bytes(content), filename=document.filename, content_type=document.content_type
    )
