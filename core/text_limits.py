"""How much free text an applicant, a member or the committee may send, and what they are
told when a text is longer. Forms state the limit (``core.forms.LimitedTextField``); bare
POST fields check it too (``core.posted.posted_text``)."""

from django.utils.formats import number_format
from django.utils.translation import gettext as _

# The motivation: about eight pages, more than any letter the committee asks for.
LONG_TEXT_MAX_LENGTH = 20_000
# A comment, a note or an explanation.
NOTE_MAX_LENGTH = 4_000
# A reason given with a step (withdrawing, moving an application on).
REASON_MAX_LENGTH = 2_000


def characters(count: int) -> str:
    """A number of characters the way the language writes it: 20.000 in Dutch."""
    return number_format(count, force_grouping=True)


def too_long_message(*, length: int, limit: int) -> str:
    return _(
        "This text has %(length)s characters; at most %(limit)s fit. Please make it shorter."
    ) % {"length": characters(length), "limit": characters(limit)}
