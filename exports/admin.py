"""The board's page for the candidate list: the checks, the downloads (admin actions and
links) and the ALV's adoption. Access follows ``exports.permissions``, never model rights."""

from django.contrib import admin, messages
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.admin_tools import RuleBasedAdmin
from core.errors import ServiceError
from exports import selectors
from exports.findings import Variant, has_errors, list_findings
from exports.forms import AdoptionForm
from exports.http import export_response
from exports.models import CandidateListExport, DocumentStatus, GeneratedDocument
from exports.permissions import documents_visible_to, may_see_documents
from exports.services import (
    ExportBlocked,
    ExportFormat,
    candidate_list_export,
    export_variant,
)
from members.permissions import in_group
from members.roles import BOARD
from review.selectors import moves_applications
from review.services import concept_list_record_adoption

# (format, internal, link text): the four documents, in the order the page offers them.
DOCUMENTS = [
    (ExportFormat.PDF, False, gettext_lazy("PDF for the members")),
    (ExportFormat.PDF, True, gettext_lazy("Internal PDF (with consents)")),
    (ExportFormat.CSV, False, gettext_lazy("Kiesraad spreadsheet (CSV)")),
    (ExportFormat.XLSX, False, gettext_lazy("Kiesraad spreadsheet (XLSX)")),
]


def _url_name(file_format: ExportFormat, internal: bool) -> str:
    return (
        "exports:candidate_list_internal_pdf"
        if internal
        else f"exports:candidate_list_{file_format}"
    )


def _download_action(file_format: ExportFormat, internal: bool, description):
    @admin.action(description=description)
    def action(modeladmin, request, queryset):
        return modeladmin.download(request, queryset, file_format=file_format, internal=internal)

    action.__name__ = f"download_{file_format}{'_internal' if internal else ''}"
    return action


@admin.register(CandidateListExport)
class CandidateListExportAdmin(RuleBasedAdmin):
    list_display = ("title", "candidate_count", "adoption", "documents")
    actions = [_download_action(*document) for document in DOCUMENTS]

    def may_use(self, request) -> bool:
        return in_group(request.user, BOARD) or moves_applications(user=request.user)

    def get_queryset(self, request):
        return (
            selectors.exportable_candidate_lists(user=request.user)
            .select_related("concept_list")
            .annotate(candidate_total=Count("concept_list__entries"))
        )

    @admin.display(description=gettext_lazy("candidates"), ordering="candidate_total")
    def candidate_count(self, vacancy) -> int:
        return vacancy.candidate_total

    @admin.display(description=gettext_lazy("adopted by the ALV at"))
    def adoption(self, vacancy) -> str:
        concept_list = getattr(vacancy, "concept_list", None)
        if concept_list is None or concept_list.adopted_at is None:
            return _("not yet")
        return f"{timezone.localtime(concept_list.adopted_at):%d-%m-%Y}"

    @admin.display(description=gettext_lazy("documents"))
    def documents(self, vacancy) -> str:
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:exports_candidatelistexport_change", args=[vacancy.pk]),
            _("Checks and downloads"),
        )

    def download(self, request, queryset, *, file_format: ExportFormat, internal: bool):
        if queryset.count() != 1:
            self.message_user(request, _("Choose one list to export."), messages.ERROR)
            return None
        vacancy = queryset.get()
        try:
            export = candidate_list_export(
                vacancy=vacancy,
                file_format=file_format,
                internal=internal,
                actor=request.user,
                language=translation.get_language() or "nl",
            )
        except ExportBlocked as exc:
            self.message_user(request, f"{vacancy}: {exc.message}", messages.ERROR)
            for finding in exc.findings:
                if finding.is_error:
                    self.message_user(request, _place(finding) + finding.message, messages.ERROR)
            return None
        for finding in export.warnings:
            self.message_user(request, _place(finding) + finding.message, messages.WARNING)
        return export_response(export)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        vacancy = self.get_queryset(request).filter(pk=object_id).first()
        if vacancy is None:
            raise Http404
        listing = selectors.candidate_list(vacancy=vacancy)
        form = AdoptionForm(
            request.POST or None, initial={"adopted_at": listing.concept_list.adopted_at}
        )
        if request.method == "POST" and form.is_valid():
            try:
                concept_list_record_adoption(
                    concept_list=listing.concept_list,
                    adopted_at=form.cleaned_data["adopted_at"],
                    actor=request.user,
                )
            except ServiceError as exc:
                form.add_error(None, exc.message)
            else:
                self.message_user(request, _("The adoption is recorded."), messages.SUCCESS)
                return redirect("admin:exports_candidatelistexport_change", vacancy.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Candidate list for the Kiesraad: %(vacancy)s") % {"vacancy": vacancy},
            "opts": self.model._meta,
            "vacancy": vacancy,
            "listing": listing,
            "documents": _documents(listing, vacancy),
            "findings": list_findings(listing, variant=Variant.KIESRAAD),
            "form": form,
        }
        return render(request, "admin/exports/candidatelistexport/overview.html", context)


def _documents(listing, vacancy) -> list[dict]:
    """Each document with its link, and whether the checks let it through."""
    documents = []
    for file_format, internal, label in DOCUMENTS:
        variant = export_variant(file_format=file_format, internal=internal)
        documents.append(
            {
                "label": label,
                "url": reverse(_url_name(file_format, internal), args=[vacancy.pk]),
                "blocked": has_errors(list_findings(listing, variant=variant)),
                "variant": f"{file_format}{'-internal' if internal else ''}",
            }
        )
    return documents


def _place(finding) -> str:
    return _("Place %(place)d: ") % {"place": finding.position} if finding.position else ""


@admin.register(GeneratedDocument)
class GeneratedDocumentAdmin(RuleBasedAdmin):
    """The documents made in the background: their progress, and a download when ready."""

    list_display = ("title", "status", "progress_bar", "requested_at", "requested_by", "file")
    list_filter = ("status", "kind")
    readonly_fields = ("title", "status", "progress", "error", "requested_at", "finished_at")
    fields = readonly_fields

    def may_use(self, request) -> bool:
        return may_see_documents(user=request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return documents_visible_to(user=request.user).defer("content")

    @admin.display(description=gettext_lazy("progress"))
    def progress_bar(self, document) -> str:
        return format_html(
            '<progress max="100" value="{}" data-document-status="{}">{} %</progress>',
            document.progress,
            reverse("exports:document_status", args=[document.pk]),
            document.progress,
        )

    @admin.display(description=gettext_lazy("file"))
    def file(self, document) -> str:
        if document.status != DocumentStatus.DONE:
            return document.error or "—"
        url = reverse("exports:document_file", args=[document.pk])
        return format_html('<a href="{}">{}</a>', url, document.filename)
