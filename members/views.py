from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from core.privacy import erasure_preview, personal_data_erase, personal_data_zip


def admin_login_redirect(request: HttpRequest, extra_context=None) -> HttpResponse:
    """The admin has no login form of its own: everyone signs in through allauth, which asks
    for the second factor; the admin then sends staff on to where they were going."""
    if request.user.is_authenticated:
        # Signed in but not allowed in: sending them to the login page again would loop.
        raise PermissionDenied
    next_url = request.GET.get("next") or reverse("admin:index")
    return redirect_to_login(next_url, login_url=reverse("account_login"))


class EraseAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password, to confirm"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That is not your password."))
        return password


@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    """Download everything we keep about you, or erase your account with all of it."""
    form = EraseAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        # Erased first, signed out after: when the erasure fails, nothing is half done.
        kept = personal_data_erase(user=request.user)
        logout(request)
        messages.success(request, _("Your account and everything that belonged to it are erased."))
        for item in kept:
            messages.info(request, kept_message(item))
        return redirect("home")
    kept = erasure_preview(user=request.user)
    return render(request, "members/my_data.html", {"form": form, "kept": kept})


def kept_message(item) -> str:
    if item.until is None:
        return _("Kept: %(what)s. Ground: %(ground)s.") % {"what": item.what, "ground": item.ground}
    return _("Kept: %(what)s. Ground: %(ground)s; kept until %(until)s.") % {
        "what": item.what,
        "ground": item.ground,
        "until": date_format(timezone.localtime(item.until).date()),
    }


@login_required
@require_GET
def my_data_download(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(personal_data_zip(user=request.user), content_type="application/zip")
    response["Content-Disposition"] = 'attachment; filename="mijn-gegevens.zip"'
    response["Cache-Control"] = "private, no-store"
    return response
