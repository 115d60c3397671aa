from django.forms.models import model_to_dict

from applications.models import ApplicationFile, Transcript


def export_applications(user):
    records, files = [], []
    for application in user.applications.select_related("vacancy").prefetch_related(
        "files__transcript", "availability__date", "portfolios", "diversity_responses"
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


def erase_application_files(user) -> None:
    for attached in ApplicationFile.objects.filter(application__applicant=user):
        attached.file.delete(save=False)
