"""Who may do what in the committee's work, and what the review app vouches for in other
apps' permission checks.

The gate: every committee path — the admin's pages, views and actions, the files, the PDFs
for the board, the notice and the list — passes ``may_work_on`` (about a vacancy) or
``may_read_application`` (about an application). Both rest on one rule in
``review.selectors._ready_seats``: a seat on the committee of the vacancy whose holder
accepted the confidentiality agreement and whose conflicts were checked; an application
asks besides that the person has no open or confirmed conflict with it, and the list's
editor none with any candidate. The board reaches the documents meant for it by its role,
not through a seat.
"""

from members.permissions import in_group
from members.roles import BOARD
from review import selectors
from review.models import CommitteeMember
from review.selectors import chairs_applications, is_acting_chair


def may_work_on(*, user, vacancy) -> bool:
    """A ready seat on the committee of this vacancy (the gate's vacancy half)."""
    if not user.is_authenticated or vacancy is None:
        return False
    return selectors.vacancies_judged_by(user=user).filter(pk=vacancy.pk).exists()


def may_read_application(*, user, application) -> bool:
    """A ready seat on the committee of the application's vacancy and no conflict with it."""
    return user.is_authenticated and selectors.may_review(user=user, application=application)


def may_edit_list(*, user, concept_list) -> bool:
    """The chair, deputy or secretary behind the gate, with no conflict with any candidate
    still in the procedure: saves the list, the Kiesraad details, sends the notice."""
    return user.is_authenticated and selectors.may_edit_list(user=user, concept_list=concept_list)


def may_read_list_documents(*, user, vacancy) -> bool:
    """The committee's advice and the candidate list's documents (internal ones with dates of
    birth included): the board by its role; anyone else only as the list's editor behind the
    gate."""
    if not user.is_authenticated:
        return False
    if in_group(user, BOARD):
        return True
    return may_edit_list(user=user, concept_list=selectors.concept_list_of(vacancy=vacancy))


def acting_chair_reads_declaration(user, declaration) -> bool:
    """The acting chair of a committee that judges one of the person's applications may read
    their integrity declaration; a chair with a conflict hands that to the deputy."""
    applications = chairs_applications(user=user).filter(applicant_id=declaration.user_id)
    return any(is_acting_chair(user=user, application=application) for application in applications)


def candidate_links(application) -> list[tuple[str, str]]:
    """Links on the applicant's page: their proposed place, or the way to appeal."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from review.models import Appeal, ConceptListEntry
    from review.services import appeal_deadline

    url = reverse("candidate:notice", args=[application.pk])
    if (
        application.status == "notified"
        and ConceptListEntry.objects.filter(application=application).exists()
    ):
        return [(_("Your proposed place on the list"), url)]
    if Appeal.objects.filter(application=application).exists():
        return [(_("Your appeal"), url)]
    if appeal_deadline(application) is not None:
        return [(_("The committee's decision, and how to appeal"), url)]
    return []


def holds_a_seat(user) -> bool:
    """A seat on any committee: it makes its holder staff, who must use the second factor
    (registered with members.hooks)."""
    return CommitteeMember.objects.filter(user=user).exists()
