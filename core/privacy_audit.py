"""The audit trail's part of a person's data export (core.privacy): every row about them (their
account, and the records the apps say are theirs: applications, flags, check-ins …) with who
did it by alias (core.privacy_people), and the rows of what they did themselves, without what
those concern (often someone else).

``EXPORTED_MODELS`` and ``WITHHELD_MODELS`` declare the coverage of this module; a test fails
when a model holding personal data is covered by no privacy module."""

from collections.abc import Callable

from django.db.models import Q

from core.models import AuditEntry
from core.privacy_people import aliases_for

EXPORTED_MODELS = (AuditEntry,)
WITHHELD_MODELS: dict = {}

WITHHELD = [
    "Who did something to your file is given as 'you', 'committee member N' (the same number "
    "as elsewhere in this export) or 'someone else': the names of the people who judged you "
    "are withheld to protect their privacy and the committee's freedom to judge.",
    "Of what you did yourself, we give the action, the time and the kind of record, but not "
    "which record or its details: those are often about other people.",
    "Reads of your data by others are in 'read_by_others', with the reader's role.",
]

# Reads of the person's data by others: the export's read log (members.selectors) lists them
# with the reader's name and role; under an alias here they would pair that name with the
# alias of a committee member.
READ_ACTION_PREFIX = "privacy.read_"

AuditAbout = Callable[[object], Q]
_about: list[AuditAbout] = []


def register_audit_about(source: AuditAbout) -> AuditAbout:
    """``source(user)`` gives the audit rows (a ``Q`` on AuditEntry) about records of the user
    that the app keeps: their applications, the flags on them, their check-ins …"""
    if source not in _about:
        _about.append(source)
    return source


def _about_q(user) -> Q:
    about = Q(object_type=user._meta.label_lower, object_id=str(user.pk))
    for source in _about:
        about |= source(user)
    return about


def export_audit_trail(user):
    aliases = aliases_for(user)
    about = list(
        AuditEntry.objects.filter(_about_q(user))
        .exclude(action__startswith=READ_ACTION_PREFIX)
        .order_by("at", "pk")
    )
    own = (
        AuditEntry.objects.filter(actor=user)
        .exclude(pk__in=[row.pk for row in about])
        .order_by("at", "pk")
        .values("at", "action", "object_type")
    )
    return {
        "about_you": [
            {
                "at": row.at,
                "action": row.action,
                "by": aliases.in_role(row.actor_id),
                "record": row.object_type,
                "details": row.data,
            }
            for row in about
        ],
        "done_by_you": [
            {"at": row["at"], "action": row["action"], "record": row["object_type"]} for row in own
        ],
        "withheld": WITHHELD,
    }, []
