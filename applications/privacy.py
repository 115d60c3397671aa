from django.forms.models import model_to_dict

from applications.erasure import erase_applications, inert_account, live_holds
from applications.models import (
    Application,
    ApplicationFile,
    Availability,
    DiversityResponse,
    LegalHold,
    Transcript,
)
from core.privacy import Kept
from core.retention import described

# What this app holds about a person, all of it in the export (tests/core/test_access_export).
EXPORTED_MODELS = (
    Application,
    ApplicationFile,
    Availability,
    DiversityResponse,
    LegalHold,
    Transcript,
)


def export_applications(user):
    records, files = [], []
    for application in user.applications.select_related("vacancy").prefetch_related(
        "files__transcript",
        "availability__date",
        "portfolios",
        "diversity_responses",
        "legal_holds",
    ):
        record = model_to_dict(application, exclude=["portfolios"])
        record.update(
            vacancy=application.vacancy.title,
            status=application.status,
            receipt_number=application.receipt_number,
            submitted_at=application.submitted_at,
            portfolios=[portfolio.name for portfolio in application.portfolios.all()],
            availability={str(a.date.date): a.available for a in application.availability.all()},
            self_identification=[
                {
                    "question": r.dimension,
                    "answer": r.value,
                    "committee_may_see": r.show_to_committee,
                }
                for r in application.diversity_responses.all()
            ],
            legal_holds=[
                {"what": h.reason, "ground": h.ground, "since": h.since, "until": h.until}
                for h in application.legal_holds.all()
            ],
            files=[
                {
                    "kind": f.kind,
                    "name": f.original_name,
                    "size": f.size,
                    "check": f.check_status,
                    "transcript": _transcript_record(f),
                }
                for f in application.files.all()
            ],
        )
        records.append(record)
        files += [
            (f"{application.pk}-{f.kind}-{f.original_name}", f.file)
            for f in application.files.all()
        ]
    return records, files


def _transcript_record(attached: ApplicationFile) -> dict | None:
    """The transcript as made and, where the applicant corrected it, as corrected."""
    try:
        transcript = attached.transcript
    except Transcript.DoesNotExist:
        return None
    return {
        "status": transcript.status,
        "language": transcript.language,
        "segments": transcript.segments,
        "corrected_segments": transcript.corrected_segments,
        "corrected_at": transcript.corrected_at,
    }


def erase_applications_of(user) -> list[Kept]:
    """The account's erasure: its applications are deleted, or stripped to the record a legal
    hold keeps and moved to an inert account, so that the account itself can go."""
    ids = list(user.applications.values_list("pk", flat=True))
    result = erase_applications(ids)
    if result.held:
        Application.objects.filter(pk__in=result.held).update(applicant=inert_account())
    return kept_items(result.held)


def lock_applications_of(user) -> None:
    """The account's applications, locked in id order as the purge locks them one by one."""
    list(Application.objects.select_for_update().filter(applicant=user).order_by("pk"))


def erasure_kept_preview(user) -> list[Kept]:
    return kept_items(live_holds(list(user.applications.values_list("pk", flat=True))))


def kept_items(held: dict) -> list[Kept]:
    return [
        Kept(what=hold.reason, ground=str(described(hold.ground).ground), until=hold.until)
        for holds in held.values()
        for hold in holds
    ]
