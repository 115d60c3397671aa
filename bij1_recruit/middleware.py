from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

from core.language import chosen_language


class DutchFirstLocaleMiddleware(LocaleMiddleware):
    """Dutch unless the visitor chose otherwise with the language switcher.

    Django's own middleware follows the browser's Accept-Language, which would show most
    visitors on an English-language phone an English site; the party's site speaks Dutch
    first, and English only on request (the choice is kept in the language cookie).
    """

    def process_request(self, request):
        translation.activate(chosen_language(request))
        request.LANGUAGE_CODE = translation.get_language()


class PermissionsPolicyMiddleware:
    """Sends the Permissions-Policy of settings.PERMISSIONS_POLICY (Django has no setting for
    it): the browser features the site may use, and that embedded content may never use."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(allowed)})"
            for feature, allowed in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response
