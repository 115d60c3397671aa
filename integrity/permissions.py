"""Who may read an integrity declaration: its owner, the integrity officers, and whoever an
app above integrity vouches for — review registers the acting chair of a committee that
judges one of the person's applications."""

from collections.abc import Callable

from members.permissions import in_group
from members.roles import INTEGRITY_OFFICER

DeclarationReader = Callable[[object, object], bool]
_readers: list[DeclarationReader] = []


def register_declaration_reader(predicate: DeclarationReader) -> DeclarationReader:
    if predicate not in _readers:
        _readers.append(predicate)
    return predicate


def is_integrity_officer(user) -> bool:
    # Deliberately not every superuser: technical administrators do not read declarations.
    return in_group(user, INTEGRITY_OFFICER)


def can_view_declaration(user, declaration) -> bool:
    if not user.is_authenticated:
        return False
    if declaration.user_id == user.pk or is_integrity_officer(user):
        return True
    return any(reader(user, declaration) for reader in _readers)


def declaration_reader_role(user) -> str:
    """In which role someone other than the owner reads a declaration (a key of
    members.selectors.READER_ROLES): an integrity officer, or else the acting chair of a
    committee judging the person, the only other reader can_view_declaration lets in."""
    return "integrity_officer" if is_integrity_officer(user) else "acting_chair"
