"""Named predicates about who a user is. Views, admin and middleware compose these."""

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from django.http import HttpRequest

from members.roles import STAFF_GROUPS


def in_group(user, *names: str) -> bool:
    """Whether the user belongs to any of these party roles. The user's group names are read
    once per user object (in a view: once per request), however many checks a page makes."""
    if not user.is_authenticated:
        return False
    if not hasattr(user, "_group_names"):
        user._group_names = frozenset(user.groups.values_list("name", flat=True))
    return not user._group_names.isdisjoint(names)


def is_staff_role(user) -> bool:
    """Staff: anyone who may reach the admin or a staff page, through a flag or a party role."""
    if not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser or in_group(user, *STAFF_GROUPS):
        return True
    # A committee seat opens applications' files even after the board took the staff flag
    # and the group away: the seat alone must ask for the second factor too.
    return user.committee_seats.exists()


def has_second_factor(user) -> bool:
    return Authenticator.objects.filter(
        user=user, type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
    ).exists()


def used_second_factor_this_session(request: HttpRequest) -> bool:
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)
