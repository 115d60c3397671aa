"""How long the party keeps each kind of personal data, in one place: the nightly retention
run (``core.tasks.retention_run`` and the apps' purges) deletes by these periods, and the
privacy statement (``/privacy/``) quotes them, so the two cannot drift apart.

A period is counted from the moment named in ``counted_from``. ``None`` as the period means
"as long as the ground lasts" (the statement then says so in words)."""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Period:
    key: str
    what: Promise
    kept_for: timedelta | None
    counted_from: Promise
    ground: Promise


PERIODS = (
    Period(
        "application_procedure",
        _("An application that did not lead to an appointment or a place on the list"),
        timedelta(weeks=4),
        _("the end of the procedure"),
        _("the procedure and a possible appeal"),
    ),
    Period(
        "application_on_file",
        _("The same, where the applicant asked to be kept on file"),
        timedelta(days=365),
        _("the end of the procedure"),
        _("the applicant's consent"),
    ),
    Period(
        "candidate_list_record",
        _(
            "Name, initials, date of birth, place of residence and list place of a candidate on "
            "a list the ALV adopted or voted on (a legal hold: also after erasure)"
        ),
        timedelta(days=5 * 365),
        _("the ALV's vote"),
        _(
            "the party's duty to account for the list it submitted (Kieswet) and for the ALV's "
            "decisions"
        ),
    ),
    Period(
        "outbox",
        _("E-mails sent to you (address, subject and text)"),
        timedelta(days=90),
        _("sending"),
        _("showing that a message was sent, and answering questions about it"),
    ),
    Period(
        "generated_documents",
        _("Documents made from the data (lists, reports)"),
        timedelta(days=30),
        _("making the document"),
        _("the task they were made for; they can be made again"),
    ),
    Period(
        "interview_slots",
        _("Interview slots and their panels"),
        timedelta(weeks=4),
        _("the end of the procedure"),
        _("planning the interviews"),
    ),
    Period(
        "audit_trail",
        _("Who did what in the audit trail (after this only what happened and when is kept)"),
        timedelta(days=2 * 365),
        _("the action"),
        _("accountability of the committee, the board and the ALV's tellers"),
    ),
    Period(
        "inactive_account",
        _("An account without applications, seats or roles that nobody signed in to"),
        timedelta(days=3 * 365),
        _("the last sign-in"),
        _("your account; you can erase it yourself at any time"),
    ),
    Period(
        "backups",
        _("Backups of the database and the uploaded files"),
        timedelta(days=35),
        _("making the backup"),
        _(
            "recovering from a failure; erasures are recorded apart and applied again after a "
            "restore"
        ),
    ),
)

_BY_KEY = {period.key: period for period in PERIODS}
logger = logging.getLogger(__name__)


def period(key: str) -> timedelta:
    """How long ``key`` is kept (a KeyError for a key that is not in PERIODS)."""
    kept_for = _BY_KEY[key].kept_for
    if kept_for is None:
        raise ValueError(f"{key} is kept as long as its ground lasts, not for a period")
    return kept_for


def described(key: str) -> Period:
    return _BY_KEY[key]


# The purges the apps register (AppConfig.ready): each deletes (or pseudonymises) what its
# period in PERIODS says must go and returns how many rows it touched.
Purge = Callable[[datetime], int]
_purges: dict[str, Purge] = {}


def register_purge(name: str, purge: Purge) -> None:
    _purges[name] = purge


def retention_run(*, now: datetime | None = None) -> dict[str, int | None]:
    """Every registered purge, each in a transaction of its own (one that fails is logged
    and None in the result; it never stops the others), then the sweep of orphaned files."""
    from core.files import sweep_orphans

    now = now or timezone.now()
    done: dict[str, int | None] = {}
    for name, purge in _purges.items():
        try:
            with transaction.atomic():
                done[name] = purge(now)
        except Exception:
            logger.exception("Retention: the purge %s failed", name)
            done[name] = None
    done["orphaned_files"] = len(sweep_orphans())
    return done


def audit_trail_pseudonymise(now: datetime) -> int:
    """Audit rows older than their period keep what happened and when, not who or with what."""
    from core.models import AuditEntry

    old = AuditEntry.objects.filter(at__lt=now - period("audit_trail"))
    return old.exclude(actor=None, data={}).update(actor=None, data={})
