"""Comparison keys for contact details, so that checks can compare them with a plain equality
join in SQL instead of normalising every pair in Python."""

import re

_POSTAL_CODE = re.compile(r"\s+")


def phone_key(phone: str) -> str:
    """The subscriber number (last nine digits), whatever the country prefix (06… / +316…).
    Empty when too short to say anything."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    return digits[-9:] if len(digits) >= 8 else ""


def address_key(postal_code: str, house_number: str) -> str:
    """Postal code and house number as one key ('1234AB 5A'); empty unless both are given."""
    code = _POSTAL_CODE.sub("", postal_code).upper()
    number = _POSTAL_CODE.sub("", house_number).upper()
    return f"{code} {number}" if code and number else ""
