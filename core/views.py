"""Pages the project answers with outside any one app."""

from email.utils import parseaddr

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import formats, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from core.language import chosen_language
from core.request_limits import Refusal
from core.statement import stated_period, stated_periods

MEGABYTE = 1024 * 1024


def _size(limit: int) -> str:
    if limit >= MEGABYTE:
        return f"{formats.number_format(limit // MEGABYTE, force_grouping=True)} MB"
    return f"{formats.number_format(max(limit // 1024, 1), force_grouping=True)} kB"


def _message(refusal: Refusal) -> str:
    # One message each (not two joined), so a translation reads as one sentence pair.
    if refusal.file:
        text = _(
            "A file you sent is larger than %(size)s, the most allowed here. Nothing of it "
            "was saved."
        )
    else:
        text = _(
            "What you sent is larger than %(size)s, the most this page takes. Nothing of it "
            "was saved."
        )
    return text % {"size": _size(refusal.limit)}


def _wants_json(request: HttpRequest) -> bool:
    accept = request.headers.get("Accept", "")
    return (
        request.headers.get("X-Requested-With") == "XMLHttpRequest"
        or request.content_type == "application/json"
        or ("application/json" in accept and "text/html" not in accept)
    )


def _back_url(request: HttpRequest) -> str:
    """Where the visitor came from, when that is this site; else the vacancies."""
    referer = request.headers.get("Referer", "")
    host = request.headers.get("Host", "")
    if referer and host and url_has_allowed_host_and_scheme(referer, allowed_hosts={host}):
        return referer
    return reverse("home")


def request_too_large(request: HttpRequest, refusal: Refusal) -> HttpResponse:
    """413: the body or a file in it was larger than allowed (core.request_limits). Rendered without
    the session or the sign-in, which may not have run: a page of its own, not base.html."""
    with translation.override(chosen_language(request)):
        message = _message(refusal)
        if _wants_json(request):
            return JsonResponse({"ok": False, "error": message}, status=413)
        context = {
            "message": message,
            "back_url": _back_url(request),
            "sign_in_first": not refusal.signed_in,
        }
        return render(request, "413.html", context, status=413)


@require_safe
def privacy_statement(request: HttpRequest) -> HttpResponse:
    """What the party keeps, why, for how long, who sees it, and the person's rights. The
    periods are read from core.retention on every request, so the page says what the nightly
    retention run does."""
    return render(
        request,
        "core/privacy.html",
        {
            "periods": stated_periods(),
            "procedure": stated_period("application_procedure"),
            "on_file": stated_period("application_on_file"),
            "list_record": stated_period("candidate_list_record"),
            "contact_email": parseaddr(settings.DEFAULT_FROM_EMAIL)[1],
        },
    )
