"""Values read from a POST without a form (an id in a button, a reason in a bare textarea),
made safe before they reach a query: whatever a forged request sends, no server error."""

from core.errors import ServiceError
from core.text_limits import too_long_message


def posted_number(value) -> int:
    """A whole number a form posted (a place, an id, a count), or 0 for anything else; the
    services refuse what 0 cannot be, and no row has id 0."""
    text = str(value if value is not None else "").strip()
    # ASCII digits only ("²" is a digit to str.isdigit, not to int), and no more than a
    # database id can hold.
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 18 else 0


def posted_text(value, *, max_length: int | None = None) -> str:
    """A text sent without a form (a bare field, a search), without NUL characters, which
    PostgreSQL refuses in text (a form's CharField refuses them with a message of its own).
    With ``max_length``, a longer text is refused with a ``ServiceError`` (read it inside the
    ``try`` that shows the service's errors): it is never cut short without a word."""
    text = str(value or "").replace("\x00", "")
    if max_length is not None and len(text) > max_length:
        raise ServiceError(too_long_message(length=len(text), limit=max_length))
    return text
