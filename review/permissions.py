"""What the review app vouches for in other apps' permission checks."""

from review.selectors import chairs_applications, is_acting_chair


def acting_chair_reads_declaration(user, declaration) -> bool:
    """The acting chair of a committee that judges one of the person's applications may read
    their integrity declaration; a chair with a conflict hands that to the deputy."""
    applications = chairs_applications(user=user).filter(applicant_id=declaration.user_id)
    return any(is_acting_chair(user=user, application=application) for application in applications)
