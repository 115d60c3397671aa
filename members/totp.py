import time

from allauth.mfa import app_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value


def current_totp_code(secret: str, *, at: float | None = None) -> str:
    """The code an authenticator app shows right now for this secret (RFC 6238)."""
    counter = int(at if at is not None else time.time()) // app_settings.TOTP_PERIOD
    return format_hotp_value(hotp_value(secret, counter))
