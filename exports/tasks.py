"""Thin Celery tasks: they call the services in exports.documents."""

from celery import shared_task

from exports import documents


@shared_task
def make_document(*, document_id: int) -> str:
    return documents.document_make(document_id=document_id)


@shared_task
def requeue_stale_documents() -> int:
    return documents.requeue_stale()
