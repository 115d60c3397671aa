from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from members.permissions import has_second_factor, is_staff_role, used_second_factor_this_session


class StaffSecondFactorMiddleware:
    """Keeps staff out of staff pages until they set up a second factor and used it in this
    session. Anonymous visitors pass through: the pages' own login requirement handles them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._is_staff_path(request.path_info) and is_staff_role(request.user):
            if not has_second_factor(request.user):
                messages.warning(
                    request,
                    _(
                        "Staff pages require two-factor authentication. Set up an authenticator "
                        "app first."
                    ),
                )
                return redirect("mfa_activate_totp")
            if not used_second_factor_this_session(request):
                messages.info(
                    request, _("Confirm it is you with a code from your authenticator app.")
                )
                query = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse('mfa_reauthenticate')}?{query}")
        return self.get_response(request)

    @staticmethod
    def _is_staff_path(path: str) -> bool:
        return any(path.startswith(prefix) for prefix in settings.STAFF_PATH_PREFIXES)
