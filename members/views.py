from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import reverse


def admin_login_redirect(request: HttpRequest, extra_context=None) -> HttpResponse:
    """The admin has no login form of its own: everyone signs in through allauth, which asks
    for the second factor; the admin then sends staff on to where they were going."""
    if request.user.is_authenticated:
        # Signed in but not allowed in: sending them to the login page again would loop.
        raise PermissionDenied
    next_url = request.GET.get("next") or reverse("admin:index")
    return redirect_to_login(next_url, login_url=reverse("account_login"))
