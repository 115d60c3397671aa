import functools
from types import SimpleNamespace

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from members.permissions import (
    has_second_factor,
    is_staff_role,
    mark_second_factor,
    staff_role_withheld,
    used_second_factor_this_session,
)

REFUSALS = (403, 404)


class StaffSecondFactorMiddleware:
    """Holds staff to their second factor (members.permissions): marks the request's user
    with whether it was used in this session, so no staff role counts before it was; sends
    staff whom a page refused for that reason to set it up or use it; and keeps staff out of
    the staff areas (settings.STAFF_PATH_PREFIXES: the admin, whose staff flag and committee
    seats are not party roles, the ALV console, the committee's pages) until then. Anonymous
    visitors pass through: the pages' own login requirement handles them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # The user stays lazy, marked when first read: a page that never asks who is
        # visiting (or asks inside its own handling of a database outage, as casting a vote
        # does) must not have the session and user read here, outside that handling.
        request.user = SimpleLazyObject(functools.partial(self._marked_user, request, request.user))
        if self._is_staff_path(request.path_info) and request.user.is_authenticated:
            user = request.user
            if is_staff_role(user) and not (
                used_second_factor_this_session(request) and has_second_factor(user)
            ):
                return self._second_factor_step(request)
        response = self.get_response(request)
        if response.status_code in REFUSALS and staff_role_withheld(request.user):
            return self._second_factor_step(request)
        return response

    @staticmethod
    def _marked_user(request, user):
        if user.is_authenticated:
            session = SimpleNamespace(session=request.session, user=user)
            mark_second_factor(user, used=used_second_factor_this_session(session))
        return user

    @staticmethod
    def _second_factor_step(request):
        if not has_second_factor(request.user):
            messages.warning(
                request,
                _(
                    "Staff pages require two-factor authentication. Set up an authenticator "
                    "app first."
                ),
            )
            return redirect("mfa_activate_totp")
        messages.info(request, _("Confirm it is you with a code from your authenticator app."))
        query = urlencode({"next": request.get_full_path()})
        return redirect(f"{reverse('mfa_reauthenticate')}?{query}")

    @staticmethod
    def _is_staff_path(path: str) -> bool:
        return any(path.startswith(prefix) for prefix in settings.STAFF_PATH_PREFIXES)
