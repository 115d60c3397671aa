"""Erasing applications, wholly or down to the record a legal hold keeps (docs/privacy.md).

An application that a list or an ALV vote must still account for (``applications.hooks``:
a place on an adopted list, a nominee on the ballot) is never deleted while its hold lasts and
never crashes an erasure: it keeps its name parts, date of birth, place of residence and
gender marker, and loses everything else — letter, files, transcripts, self-identification,
availability, scores, interviews, flags, appeals — with the hold recorded beside it. An
erased person's held applications move to an inert account that cannot sign in or receive
mail, so the person's own account can go with everything else that belonged to it."""

import secrets
from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.hooks import Hold, holds_for, kept_under_hold, run_record_end
from applications.models import Application, LegalHold
from core.privacy import ERASED_DOMAIN

# What an ended record says instead of the person's name (in the app's default language).
ERASED_NAME = _("(name erased)")

_CLEARED = {
    "receipt_number": None,
    "pronouns": "",
    "phone": "",
    "phone_key": "",
    "membership_number": "",
    "motivation": "",
    "withdrawal_reason": "",
    "duplicate_signals": [],
}


@dataclass
class ErasureResult:
    deleted: int = 0
    held: dict[int, list[Hold]] = field(default_factory=dict)
    anonymised: int = 0


def live_holds(application_ids: list[int], *, now: datetime | None = None) -> dict[int, list]:
    """The holds that still last on these applications, by application id."""
    now = now or timezone.now()
    found = holds_for(application_ids)
    return {
        application_id: lasting
        for application_id, holds in found.items()
        if (lasting := [hold for hold in holds if hold.until > now])
    }


def erase_applications(application_ids: list[int], *, now: datetime | None = None):
    """Delete these applications, or strip those under a legal hold to their record. Runs in
    the caller's transaction; files leave the disk after it commits (core.files)."""
    held = live_holds(application_ids, now=now)
    free = [pk for pk in application_ids if pk not in held]
    still_referenced = _delete_each(free)
    anonymise_ended_records(still_referenced)
    strip_to_record(held)
    return ErasureResult(
        deleted=len(free) - len(still_referenced), held=held, anonymised=len(still_referenced)
    )


def _delete_each(application_ids: list[int]) -> list[int]:
    """Delete each application in a savepoint; return those a record still points at (a hold
    that ended: the ALV's list-vote step protects its nominee)."""
    referenced = []
    for application_id in application_ids:
        try:
            with transaction.atomic():
                Application.objects.filter(pk=application_id).delete()
        except (models.ProtectedError, models.RestrictedError):
            referenced.append(application_id)
    return referenced


def anonymise_ended_records(application_ids: list[int]) -> None:
    """A record whose hold has ended but which the ALV's minutes still point at: the rows stay
    for the minutes' sake, without anything that names the person (the apps blot out their
    own copies of the name: ``applications.hooks.register_record_end``)."""
    if not application_ids:
        return
    strip_to_record({application_id: [] for application_id in application_ids})
    Application.objects.filter(pk__in=application_ids).update(
        initials="",
        first_name="",
        name_prefix="",
        last_name=str(ERASED_NAME),
        date_of_birth=None,
        place_of_residence="",
        list_gender="",
        record_anonymised_at=timezone.now(),
    )
    run_record_end(application_ids)


def strip_to_record(held: dict[int, list[Hold]]) -> None:
    """Everything about these applications goes but the record their holds keep."""
    if not held:
        return
    ids = list(held)
    keep = kept_under_hold() | {LegalHold}
    for relation in Application._meta.related_objects:
        if relation.related_model in keep or relation.many_to_many:
            continue
        if relation.on_delete is models.CASCADE:
            relation.related_model._base_manager.filter(
                **{f"{relation.field.name}__in": ids}
            ).delete()
    Application.portfolios.through.objects.filter(application_id__in=ids).delete()
    Application.objects.filter(pk__in=ids).update(**_CLEARED, updated_at=timezone.now())
    LegalHold.objects.filter(application_id__in=ids).delete()
    LegalHold.objects.bulk_create(
        LegalHold(
            application_id=application_id,
            ground=hold.ground,
            reason=hold.reason[:300],
            since=hold.since,
            until=hold.until,
        )
        for application_id, holds in held.items()
        for hold in holds
    )


def inert_account():
    """A new account for what an erased person leaves under a hold: no name, no password, no
    sign-in, an address nothing is ever sent to."""
    user = get_user_model()(email=f"erased-{secrets.token_hex(8)}@{ERASED_DOMAIN}", is_active=False)
    user.set_unusable_password()
    user.save()
    return user
