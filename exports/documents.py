"""The board's documents made in the background (Celery), with their progress, and kept as
long as what they show does not change (docs/architecture.md, Documents).

Asking for a document first reads its data (the same selectors the document is made from)
and hashes it. A finished document over the same data is returned at once; one being made is
joined; otherwise a new one is queued and a worker makes it. Any change in the data (a name,
a place, a consent, a closed poll) gives another hash, and so a new document; the older ones of
the same kind are removed once the new one is ready.
"""

import dataclasses
import hashlib
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.db import models, transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.errors import ServiceError
from core.locks import hold
from core.retention import period
from core.services import audit_log
from core.tasks_util import enqueue_on_commit
from exports.findings import has_errors, list_findings
from exports.models import DocumentStatus, GeneratedDocument
from exports.selectors import alv_results, candidate_list, committee_advice
from exports.services import (
    ExportBlocked,
    ExportFormat,
    alv_results_report,
    candidate_list_export,
    committee_advice_report,
    export_variant,
)

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class DocumentKind:
    subject: Callable  # () -> the model of the row the document is about
    title: Callable  # (object, variant) -> the document's title
    data: Callable  # (object, variant) -> what the document shows, to fingerprint
    make: Callable  # (object, variant, language) -> (content, filename, content_type)


def _vacancy():
    from vacancies.models import Vacancy

    return Vacancy


def _meeting():
    from voting.models import Meeting

    return Meeting


def _candidate_list_variant(variant: str) -> tuple[ExportFormat, bool]:
    file_format, _dash, internal = variant.partition("-")
    return ExportFormat(file_format), internal == "internal"


def _make_candidate_list(vacancy, variant: str, language: str):
    file_format, internal = _candidate_list_variant(variant)
    export = candidate_list_export(
        vacancy=vacancy, file_format=file_format, internal=internal, actor=None, language=language
    )
    return export.content, export.filename, export.content_type


def _check_candidate_list(vacancy, variant: str) -> None:
    file_format, internal = _candidate_list_variant(variant)
    listing = candidate_list(vacancy=vacancy)
    findings = list_findings(
        listing, variant=export_variant(file_format=file_format, internal=internal)
    )
    if has_errors(findings):
        raise ExportBlocked(findings)


def _make_committee_advice(vacancy, variant: str, language: str):
    pdf = committee_advice_report(vacancy=vacancy, language=language)
    return pdf, f"advies-{vacancy.slug}.pdf", "application/pdf"


def _make_alv_results(meeting, variant: str, language: str):
    pdf = alv_results_report(meeting=meeting, language=language)
    return pdf, f"uitslagen-alv-{meeting.pk}.pdf", "application/pdf"


KINDS = {
    "candidate_list": DocumentKind(
        subject=_vacancy,
        title=lambda vacancy, variant: (
            _("Candidate list %(vacancy)s (%(variant)s)") % {"vacancy": vacancy, "variant": variant}
        ),
        data=lambda vacancy, variant: (candidate_list(vacancy=vacancy), variant),
        make=_make_candidate_list,
    ),
    "committee_advice": DocumentKind(
        subject=_vacancy,
        title=lambda vacancy, variant: _("Committee advice: %(vacancy)s") % {"vacancy": vacancy},
        data=lambda vacancy, variant: committee_advice(vacancy=vacancy),
        make=_make_committee_advice,
    ),
    "alv_results": DocumentKind(
        subject=_meeting,
        title=lambda meeting, variant: (
            _("Results of the votes: %(title)s") % {"title": meeting.title}
        ),
        data=lambda meeting, variant: alv_results(meeting=meeting),
        make=_make_alv_results,
    ),
}
CHECKS = {"candidate_list": _check_candidate_list}


def document_subject(kind: str, object_id: int):
    """The vacancy or meeting a document of this kind is about, or None."""
    if kind not in KINDS:
        return None
    return KINDS[kind].subject().objects.filter(pk=object_id).first()


def _plain(value):
    """What a value shows, for the fingerprint: a model row by its own fields, a dataclass by
    its fields, a queryset by its rows; anything else as text."""
    if isinstance(value, models.Model):
        return {f.attname: getattr(value, f.attname) for f in value._meta.concrete_fields}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
    if isinstance(value, QuerySet | set | frozenset | tuple):
        return list(value)
    return str(value)


def fingerprint(data) -> str:
    text = json.dumps(data, default=_plain, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


@transaction.atomic
def document_request(*, kind: str, obj, actor, variant: str = "", language="nl"):
    """The document over the data as they are now: a ready one, one being made, or a new one
    queued for a worker. A candidate list with errors is refused here (ExportBlocked).

    One request at a time per document: two people (or two clicks) asking for the same one at
    the same moment get one row and one job, the second finding the first's."""
    hold(f"exports.document:{kind}:{obj.pk}:{variant}:{language}")
    if kind in CHECKS:
        CHECKS[kind](obj, variant)
    with translation.override(language):
        digest = fingerprint(KINDS[kind].data(obj, variant))
    key = {"kind": kind, "object_id": obj.pk, "variant": variant, "language": language}
    existing = (
        GeneratedDocument.objects.filter(**key, fingerprint=digest)
        .exclude(status=DocumentStatus.FAILED)
        .first()
    )
    if existing is not None:
        return existing
    with translation.override(language):
        title = str(KINDS[kind].title(obj, variant))
    document = GeneratedDocument.objects.create(
        **key, fingerprint=digest, title=title, requested_by=actor
    )
    from exports.tasks import make_document

    enqueue_on_commit(make_document, document_id=document.pk)
    audit_log(actor=actor, action="exports.document_requested", target=document)
    return document


def document_make(*, document_id: int) -> str:
    """Make a queued document (the worker's task): its progress is saved as it goes; a
    failure is kept with its reason, never raised into the worker."""
    claimed = GeneratedDocument.objects.filter(pk=document_id, status=DocumentStatus.QUEUED).update(
        status=DocumentStatus.RUNNING, progress=10
    )
    if not claimed:
        return "not queued"
    document = GeneratedDocument.objects.get(pk=document_id)
    with translation.override(document.language):
        return _make(document)


def _make(document: GeneratedDocument) -> str:
    try:
        obj = _object_of(document)
        content, filename, content_type = KINDS[document.kind].make(
            obj, document.variant, document.language
        )
    except ServiceError as exc:
        return _fail(document, exc.message)
    except Exception:
        logger.exception("Making document %s failed", document.pk)
        return _fail(document, _("The document could not be made; try again or ask for help."))
    _finish(document, content=content, filename=filename, content_type=content_type)
    return "done"


def _object_of(document: GeneratedDocument):
    found = document_subject(document.kind, document.object_id)
    if found is None:
        raise ServiceError(_("What this document was about no longer exists."))
    return found


def _fail(document: GeneratedDocument, reason: str) -> str:
    GeneratedDocument.objects.filter(pk=document.pk).update(
        status=DocumentStatus.FAILED, error=reason, finished_at=timezone.now()
    )
    return "failed"


@transaction.atomic
def _finish(document: GeneratedDocument, *, content: bytes, filename: str, content_type: str):
    GeneratedDocument.objects.filter(pk=document.pk).update(
        status=DocumentStatus.DONE,
        progress=100,
        content=content,
        filename=filename,
        content_type=content_type,
        finished_at=timezone.now(),
    )
    # The older versions of this document are out of date now.
    older = GeneratedDocument.objects.filter(
        kind=document.kind,
        object_id=document.object_id,
        variant=document.variant,
        language=document.language,
    ).exclude(pk=document.pk)
    older.exclude(status__in=[DocumentStatus.QUEUED, DocumentStatus.RUNNING]).delete()


def requeue_stale(*, older_than_minutes: int = 10) -> int:
    """Documents whose task was never sent (a broker outage) or whose worker died are queued
    again (the periodic sweep)."""
    cutoff = timezone.now() - timedelta(minutes=older_than_minutes)
    stale = GeneratedDocument.objects.filter(
        status__in=[DocumentStatus.QUEUED, DocumentStatus.RUNNING], requested_at__lt=cutoff
    )
    count = 0
    from exports.tasks import make_document

    for document_id in stale.values_list("pk", flat=True):
        # Conditional: a worker that finished the document meanwhile keeps its result.
        requeued = stale.filter(pk=document_id).update(status=DocumentStatus.QUEUED, progress=0)
        if requeued:
            enqueue_on_commit(make_document, document_id=document_id)
            count += requeued
    return count


def documents_purge(now) -> int:
    """Documents older than their period (core.retention) go: they can be made again."""
    cutoff = now - period("generated_documents")
    finished = GeneratedDocument.objects.exclude(
        status__in=[DocumentStatus.QUEUED, DocumentStatus.RUNNING]
    )
    return finished.filter(requested_at__lt=cutoff).delete()[0]


def documents_of_vacancies(vacancy_ids) -> QuerySet:
    """The stored documents made about these vacancies (their lists and reports)."""
    about_vacancy = [kind for kind, spec in KINDS.items() if spec.subject is _vacancy]
    return GeneratedDocument.objects.filter(kind__in=about_vacancy, object_id__in=vacancy_ids)
