"""What the review app vouches for in other apps' permission checks."""

from review.selectors import chairs_applications, is_acting_chair


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
