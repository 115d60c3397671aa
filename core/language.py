from django.conf import settings


def chosen_language(request) -> str:
    """The visitor's choice from the language switcher (kept in its cookie), else Dutch."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    supported = {code for code, _name in settings.LANGUAGES}
    return chosen if chosen in supported else settings.LANGUAGE_CODE
