"""Named predicates about who a user is. Views, admin and middleware compose these.

The second-factor rule lives here: a party role (a staff group) counts in a request only once
the user used their second factor in that session. StaffSecondFactorMiddleware records on the
request's user whether they did (``second_factor_used``); every permission built on
``in_group`` therefore refuses a staff member who has not, wherever the page is, and the
middleware turns that refusal into the step that asks for the code. A user object that did
not come from a request (a Celery task, a command) carries no mark and keeps its roles.
"""

from types import SimpleNamespace

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from django.http import HttpRequest

from members.hooks import holds_staff_seat
from members.roles import STAFF_GROUPS


def _group_names(user) -> frozenset[str]:
    """The user's group names, read once per user object (in a view: once per request)."""
    if not hasattr(user, "_group_names"):
        user._group_names = frozenset(user.groups.values_list("name", flat=True))
    return user._group_names


def mark_second_factor(user, *, used: bool) -> None:
    """Record on the request's user whether the second factor was used in this session."""
    user.second_factor_used = used


def staff_roles_count(user) -> bool:
    """Whether the user's staff roles count now: not before the second factor was used in
    this session, when the user is the one of a request."""
    return getattr(user, "second_factor_used", True)


def staff_role_withheld(user) -> bool:
    """Whether a permission check in this request refused a staff role only because the
    second factor was not used yet."""
    return getattr(user, "_staff_role_withheld", False)


def in_group(user, *names: str) -> bool:
    """Whether the user holds any of these party roles, and may use it in this request."""
    if not user.is_authenticated:
        return False
    held = _group_names(user).intersection(names)
    if not held:
        return False
    if held.isdisjoint(STAFF_GROUPS) or staff_roles_count(user):
        return True
    user._staff_role_withheld = True
    return False


def is_staff_role(user) -> bool:
    """Staff: anyone who may reach the admin or a staff page, through a flag or a party role,
    whether or not they used their second factor yet (they must, to use the role)."""
    if not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser or not _group_names(user).isdisjoint(STAFF_GROUPS):
        return True
    # A committee seat opens applications' files even after the board took the staff flag
    # and the group away: the seat alone must ask for the second factor too (review registers
    # it: members.hooks).
    return holds_staff_seat(user)


def has_second_factor(user) -> bool:
    return Authenticator.objects.filter(
        user=user, type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
    ).exists()


def used_second_factor_this_session(request: HttpRequest) -> bool:
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)


def confirmed_staff(user, session, route_kwargs) -> bool:
    """Uploader rule (settings.UPLOAD_ROUTES) of staff pages that take files: a staff member
    who used the second factor in this session (read from the session, before the body)."""
    if not is_staff_role(user):
        return False
    return used_second_factor_this_session(SimpleNamespace(session=session, user=user))
