"""The right to access and to erasure (AVG/GDPR): every app that keeps personal data registers
what it holds about a user, and how to erase its files, in its AppConfig.ready. The account
page then exports or erases everything in one go without importing any app
(docs/architecture.md)."""

import io
import json
import logging
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from core.erasure_journal import journal_erasure, journaled_erasures
from core.retention import period
from core.services import audit_log

# The domain of the inert accounts that carry an erased person's records under a legal hold:
# .invalid never resolves (RFC 2606), and the outbox writes nothing for it.
ERASED_DOMAIN = "erased.invalid"


def is_inert_address(address: str) -> bool:
    return str(address).lower().endswith(f"@{ERASED_DOMAIN}")


logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Kept:
    """What an erasure leaves, for whom to read: what, on which ground, until when (None:
    as long as the ground lasts)."""

    what: str
    ground: str
    until: datetime | None = None


Exporter = Callable[[object], tuple[dict | list, list[tuple[str, object]]]]
# Erases what the app holds about the user that the account's deletion would not take with it
# (or must not: a legal hold), inside the erasure's transaction; says what it keeps.
Eraser = Callable[[object], list[Kept]]
# What an erasure would keep, asked before the person confirms.
KeptPreview = Callable[[object], list[Kept]]
# Locks the rows the app will change, before the account's own row is locked: the nightly
# purge locks an application first, so an erasure must take the same order or they deadlock.
Locker = Callable[[object], None]


@dataclass(frozen=True)
class PersonalDataSource:
    name: str
    export: Exporter | None
    erase: Eraser | None = None
    preview: KeptPreview | None = None
    lock: Locker | None = None


_sources: dict[str, PersonalDataSource] = {}
_after_purge: list[Callable[[set[int]], None]] = []


def register_personal_data(
    name: str,
    export: Exporter | None,
    erase: Eraser | None = None,
    preview: KeptPreview | None = None,
    lock: Locker | None = None,
) -> None:
    _sources[name] = PersonalDataSource(name, export, erase, preview, lock)


def register_after_purge(hook: Callable[[set[int]], None]) -> None:
    """``hook(user_ids)`` runs after the retention purge deleted applications of these users,
    so apps above applications can delete what belonged only to those applications."""
    if hook not in _after_purge:
        _after_purge.append(hook)


def after_purge_hooks() -> list[Callable[[set[int]], None]]:
    return list(_after_purge)


def personal_data_zip(*, user) -> bytes:
    """A zip with data.json (everything each app holds) and the user's own files."""
    data: dict = {"exported_at": timezone.now()}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for source in _sources.values():
            if source.export is None:
                continue
            records, files = source.export(user)
            data[source.name] = records
            for arcname, field_file in files:
                if field_file:
                    with field_file.open("rb") as handle:
                        archive.writestr(f"files/{arcname}", handle.read())
        archive.writestr(
            "data.json", json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)
        )
    audit_log(actor=user, action="privacy.export", target=user)
    return buffer.getvalue()


def erasure_preview(*, user) -> list[Kept]:
    """What erasing this account would keep, and why (shown before the person confirms)."""
    sources = [source for source in reversed(_sources.values()) if source.preview]
    return [kept for source in sources for kept in source.preview(user)]


def personal_data_erase(*, user, journal: bool = True) -> list[Kept]:
    """Delete the account and, through the apps' cascades and erasers, all data that belongs
    to it, in one transaction; files leave the disk only after it commits (core.files). What a
    legal hold keeps is returned, to tell the person. The audit trail keeps that it happened,
    not who it was, and the erasure journal lets a restore from backup apply it again."""
    with transaction.atomic():
        for source in _sources.values():
            if source.lock:
                source.lock(user)
        user = get_user_model()._base_manager.select_for_update().filter(pk=user.pk).first()
        if user is None:
            return []  # erased meanwhile (a second click)
        # The apps above first (registered last): they clean up what points at the rows the
        # apps below then delete.
        sources = [source for source in reversed(_sources.values()) if source.erase]
        kept = [item for source in sources for item in source.erase(user)]
        audit_log(actor=None, action="privacy.erase_account", data={"user_id": user.pk})
        if journal:
            journal_erasure(user=user)
        user.delete()
    return kept


def erasures_reapply() -> int:
    """Erase again every journaled account that is back (a restore from an older backup).
    An account is the same only when its id and sign-up moment both match. Returns how many."""
    User = get_user_model()
    again = 0
    for entry in journaled_erasures():
        user = User.objects.filter(pk=entry.get("user_id")).first()
        if user is None or user.date_joined.isoformat() != entry.get("joined"):
            continue
        personal_data_erase(user=user, journal=False)
        again += 1
    return again


# Apps say which accounts they still need (a seat, an application): an account unused for its
# period (core.retention, "inactive_account") is erased only when no app needs it.
_in_use: list[Callable[[QuerySet], QuerySet]] = []


def register_account_in_use(exclude: Callable[[QuerySet], QuerySet]) -> None:
    if exclude not in _in_use:
        _in_use.append(exclude)


def inactive_accounts_purge(now: datetime) -> int:
    """Erase the accounts nobody signed in to for the period and no app still needs, each in
    its own savepoint (one that cannot go is logged and skipped)."""
    cutoff = now - period("inactive_account")
    idle = (
        get_user_model()
        .objects.filter(is_staff=False, is_superuser=False, groups=None)
        .filter(Q(last_login__lt=cutoff) | Q(last_login=None, date_joined__lt=cutoff))
        .exclude(email__iendswith=f"@{ERASED_DOMAIN}")
    )
    for exclude in _in_use:
        idle = exclude(idle)
    erased = 0
    for user in idle.order_by("pk"):
        try:
            personal_data_erase(user=user)
        except Exception:
            logger.exception("Retention: account %s could not be erased", user.pk)
        else:
            erased += 1
    return erased
