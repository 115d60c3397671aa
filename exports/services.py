"""Exports of the candidate list: the PDF for the members or for internal use, and the
spreadsheet for the Kiesraad's submission software. The view, the admin and the management
command all come here, so the checks hold everywhere."""

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.errors import ServiceError
from core.services import audit_log
from exports.findings import Finding, Level, Variant, has_errors, list_findings
from exports.pdf import render_pdf
from exports.selectors import CandidateList, candidate_list
from exports.spreadsheet import candidate_list_csv, candidate_list_xlsx
from vacancies.models import VacancyKind

LOGO = "favicon.svg"


class ExportFormat(StrEnum):
    PDF = "pdf"
    CSV = "csv"
    XLSX = "xlsx"


CONTENT_TYPES = {
    ExportFormat.PDF: "application/pdf",
    ExportFormat.CSV: "text/csv; charset=utf-8",
    ExportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class ExportFile:
    content: bytes
    filename: str
    content_type: str
    findings: list[Finding]  # what the checks found: warnings only, as errors block

    @property
    def warnings(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.level == Level.WARNING]


class ExportBlocked(ServiceError):
    """The list has errors: nothing is exported. ``findings`` holds all of them."""

    def __init__(self, findings: list[Finding]):
        super().__init__(_("The candidate list has errors; fix them before exporting."))
        self.findings = findings


def export_variant(*, file_format: ExportFormat, internal: bool = False) -> Variant:
    """The PDF comes for the members or for internal use; the spreadsheet only for the
    Kiesraad."""
    if file_format != ExportFormat.PDF:
        if internal:
            raise ServiceError(_("Only the PDF has an internal version."))
        return Variant.KIESRAAD
    return Variant.INTERNAL if internal else Variant.MEMBERS


@transaction.atomic
def candidate_list_export(
    *, vacancy, file_format: ExportFormat, internal: bool = False, actor, language: str = "nl"
) -> ExportFile:
    """The candidate list of ``vacancy`` as a file, after the checks. Raises ``ExportBlocked``
    (with every finding) when any check finds an error, and ``ServiceError`` for an internal
    spreadsheet or a vacancy of another kind. Writes an audit row for each file made; reads
    in one transaction, so the checks and the file see the same list."""
    if vacancy.kind != VacancyKind.CANDIDATE_LIST:
        raise ServiceError(_("Only a candidate-list vacancy has a candidate list to export."))
    file_format = ExportFormat(file_format)
    variant = export_variant(file_format=file_format, internal=internal)
    listing = candidate_list(vacancy=vacancy)
    with translation.override(language):
        findings = list_findings(listing, variant=variant)
        if has_errors(findings):
            raise ExportBlocked(findings)
        content = _render(listing, file_format=file_format, variant=variant, findings=findings)
    audit_log(
        actor=actor,
        action=f"exports.candidate_list_{file_format}",
        target=vacancy,
        data={"variant": variant, "candidates": len(listing.candidates)},
    )
    return ExportFile(
        content=content,
        filename=_filename(vacancy, file_format=file_format, variant=variant),
        content_type=CONTENT_TYPES[file_format],
        findings=findings,
    )


def _render(
    listing: CandidateList, *, file_format: ExportFormat, variant: Variant, findings: list
) -> bytes:
    if file_format == ExportFormat.CSV:
        return candidate_list_csv(listing)
    if file_format == ExportFormat.XLSX:
        return candidate_list_xlsx(
            listing, title=_document_title(listing), author=settings.PARTY_NAME
        )
    return render_pdf("exports/candidate_list.html", _pdf_context(listing, variant, findings))


def _document_title(listing: CandidateList) -> str:
    label = _("Candidate list") if listing.adopted else _("Concept list")
    return f"{label}: {listing.vacancy.title}"


def _pdf_context(listing: CandidateList, variant: Variant, findings: list[Finding]) -> dict:
    internal = variant == Variant.INTERNAL
    if internal:
        status_label = _("INTERNAL")
    elif listing.adopted:
        status_label = _("Adopted by the ALV")
    else:
        status_label = _("CONCEPT")
    return {
        "vacancy": listing.vacancy,
        "adopted": listing.adopted,
        "adopted_at": listing.concept_list.adopted_at,
        "internal": internal,
        "status_label": status_label,
        "document_title": _document_title(listing),
        "rows": _pdf_rows(listing),
        "warnings": [f for f in findings if f.level == Level.WARNING] if internal else [],
        "generated_at": timezone.localtime(),
        "logo_uri": Path(finders.find(LOGO)).as_uri(),
    }


def _pdf_rows(listing: CandidateList) -> list[dict]:
    gender = listing.shows_gender
    return [
        {
            "position": c.position,
            "name": c.name(with_gender=gender),
            "is_pusher": c.is_pusher,
            "residence": c.residence,
            "date_of_birth": c.date_of_birth_text,
            "consent_received_at": c.consent_received_at,
        }
        for c in listing.candidates
    ]


def _filename(vacancy, *, file_format: ExportFormat, variant: Variant) -> str:
    suffix = "-intern" if variant == Variant.INTERNAL else ""
    return f"kandidatenlijst-{vacancy.slug}{suffix}.{file_format}"


def alv_results_report(*, meeting, language: str = "nl") -> bytes:
    """The results of every closed poll of an ALV as a PDF for the minutes (the view and
    ``manage.py export_alv_results`` share it)."""
    from exports.selectors import alv_results

    context = {**alv_results(meeting=meeting), "generated_at": timezone.localtime()}
    with translation.override(language):
        return render_pdf("exports/alv_results.html", context)


def ballot_papers(*, poll, count: int, actor, language: str = "nl") -> bytes:
    """``count`` new ballot papers for a poll, one per A5 page, each with its own code."""
    from voting.paper_services import paper_ballots_prepare

    codes = paper_ballots_prepare(poll=poll, count=count, actor=actor)
    context = {
        "meeting": poll.meeting,
        "poll": poll,
        "options": list(poll.options.all()),
        "codes": codes,
    }
    with translation.override(language):
        return render_pdf("exports/ballot_papers.html", context)


def committee_advice_report(*, vacancy, language: str = "nl") -> bytes:
    """The committee's advice for the minutes, marked confidential (docs/architecture.md,
    Documents); the view and ``manage.py export_committee_advice`` share it. It is the board's
    document, so it holds no figure derived from self-identification (``committee_advice``)."""
    from exports.selectors import committee_advice

    context = {**committee_advice(vacancy=vacancy), "generated_at": timezone.localtime()}
    with translation.override(language):
        return render_pdf("exports/committee_advice.html", context)
