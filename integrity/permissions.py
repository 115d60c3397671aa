"""Who may read an integrity declaration: its owner and the integrity officers. The committee
chair of a procedure the person applies in joins them once the review app hands its chairs in
(issue: committee review)."""

from members.roles import INTEGRITY_OFFICER


def is_integrity_officer(user) -> bool:
    # Deliberately not every superuser: technical administrators do not read declarations.
    return user.is_authenticated and user.groups.filter(name=INTEGRITY_OFFICER).exists()


def can_view_declaration(user, declaration) -> bool:
    if not user.is_authenticated:
        return False
    return declaration.user_id == user.pk or is_integrity_officer(user)
