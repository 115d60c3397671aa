from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from applications.media import media_check
from applications.models import ApplicationFile, FileCheck
from applications.transcripts.runs import transcript_run, transcripts_sweep


@shared_task
def check_media(*, file_id: int) -> str | None:
    return media_check(file_id=file_id)


@shared_task
def check_pending_media() -> int:
    """Every ten minutes: check files whose check was never sent (broker down) or failed."""
    stale = timezone.now() - timedelta(minutes=5)
    ids = list(
        ApplicationFile.objects.filter(
            check_status=FileCheck.PENDING, uploaded_at__lt=stale
        ).values_list("pk", flat=True)[:500]
    )
    for file_id in ids:
        media_check(file_id=file_id)
    return len(ids)


@shared_task
def transcribe_media(*, transcript_id: int) -> str | None:
    """Transcribe one recording (after its media check). Takes the id only: the words stay in
    the database, never in the broker."""
    return transcript_run(transcript_id=transcript_id)


@shared_task
def sweep_transcripts() -> dict[str, int]:
    """Every ten minutes: resend what was never sent, restart runs that died."""
    return transcripts_sweep()
