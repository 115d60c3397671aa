from members.permissions import in_group
from review.permissions import may_read_list_documents


def may_read_committee_advice(*, user, vacancy) -> bool:
    """The board (who receives the advice) and the committee's chair, deputy or secretary
    without a conflict with any of the candidates — they only behind the committee's gate
    (``review.permissions``: agreement accepted, seat checked), like every committee path."""
    return may_read_list_documents(user=user, vacancy=vacancy)


def may_export_candidate_list(*, user, vacancy) -> bool:
    """The people who receive the advice also prepare the list's documents: the board, and the
    committee's chair, deputy or secretary without a conflict with any of the candidates."""
    return may_read_committee_advice(user=user, vacancy=vacancy)


def may_read_alv_results(*, user) -> bool:
    """The results are public once polls close; the report for the minutes is made by the
    ALV chair and the board."""
    from members.roles import BOARD
    from voting.selectors import is_alv_chair

    return user.is_authenticated and (is_alv_chair(user) or in_group(user, BOARD))


def may_read_document(*, user, kind: str, subject) -> bool:
    """A document made in the background is for whoever may ask for its kind of document
    about this vacancy or meeting (``exports.documents.document_subject``)."""
    if subject is None:
        return False
    if kind == "alv_results":
        return may_read_alv_results(user=user)
    if kind == "committee_advice":
        return may_read_committee_advice(user=user, vacancy=subject)
    return may_export_candidate_list(user=user, vacancy=subject)


def may_see_documents(*, user) -> bool:
    from review.selectors import moves_applications

    return user.is_authenticated and (
        may_read_alv_results(user=user) or moves_applications(user=user)
    )


def documents_visible_to(*, user):
    """The background documents this user may read (checked per document: few are kept)."""
    from exports.documents import document_subject
    from exports.models import GeneratedDocument

    kept = GeneratedDocument.objects.defer("content")
    allowed = [
        d.pk
        for d in kept
        if may_read_document(user=user, kind=d.kind, subject=document_subject(d.kind, d.object_id))
    ]
    return GeneratedDocument.objects.filter(pk__in=allowed)
