"""Checks the processes that serve people run before they start."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def require_secret_key() -> None:
    # Read the raw value: Django's lazy check would raise its own, less helpful message.
    if not getattr(settings._wrapped, "SECRET_KEY", ""):
        raise ImproperlyConfigured("SECRET_KEY (or SECRET_KEY_FILE) is required when DEBUG is off.")
