"""Writes on the positions register."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import translation
from django.utils.translation import gettext as _

from core.csv_import import RowRejected, csv_dict_rows, parse_csv_date
from core.services import audit_log
from integrity.models import Level, Position, PositionKind

REQUIRED_COLUMNS = ("email", "name", "kind", "body")
_TRUE_WORDS = {"1", "yes", "ja", "true", "waar", "betaald", "paid"}


@dataclass
class PositionImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)


def _choice_lookup(choices) -> dict[str, str]:
    """Codes and labels (Dutch and English, any case) of a TextChoices, to its code."""
    lookup = {}
    for code, label in choices.choices:
        lookup[code.lower()] = code
        for language in ("nl", "en"):
            with translation.override(language):
                lookup[str(label).lower()] = code
    return lookup


def _clean_position_row(row: Mapping[str, str | None], kinds: dict, levels: dict) -> dict:
    def text(column: str) -> str:
        return (row.get(column) or "").strip()

    email = text("email").lower()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise RowRejected(_("e-mail address %(value)r is not valid.") % {"value": email}) from exc
    for column in ("name", "body"):
        if not text(column):
            raise RowRejected(_("%(column)s is empty.") % {"column": column})
    kind = kinds.get(text("kind").lower())
    if kind is None:
        raise RowRejected(_("unknown kind of position %(value)r.") % {"value": text("kind")})
    level = levels.get(text("level").lower()) if text("level") else ""
    if level is None:
        raise RowRejected(_("unknown level %(value)r.") % {"value": text("level")})
    hours = None
    if text("hours_per_week"):
        try:
            hours = Decimal(text("hours_per_week").replace(",", "."))
        except InvalidOperation as exc:
            raise RowRejected(
                _("hours_per_week %(value)r is not a number.") % {"value": text("hours_per_week")}
            ) from exc
    starts_on = parse_csv_date(text("starts_on"), column="starts_on", required=False)
    ends_on = parse_csv_date(text("ends_on"), column="ends_on", required=False)
    if starts_on and ends_on and ends_on < starts_on:
        raise RowRejected(_("ends_on lies before starts_on."))
    return {
        "email": email,
        "name": text("name"),
        "kind": kind,
        "body": text("body"),
        "branch": text("branch"),
        "level": level,
        "role": text("role"),
        "is_paid": text("paid").lower() in _TRUE_WORDS,
        "hours_per_week": hours,
        "starts_on": starts_on,
        "ends_on": ends_on,
    }


def _key(values: dict) -> tuple:
    return (values["email"], values["kind"], values["body"].lower(), values["starts_on"])


def position_import_csv(*, text: str, actor=None) -> PositionImportReport:
    """Import positions from CSV (columns email, name, kind, body; optional branch, level, role,
    paid, hours_per_week, starts_on, ends_on). A row is the same position as a stored one when
    e-mail, kind, body and start date match; then it is updated, or left alone if equal.
    Rejected rows are reported with line and reason. Raises ServiceError for an unusable file."""
    reader = csv_dict_rows(text, required_columns=REQUIRED_COLUMNS)
    return position_import_rows(rows=reader, actor=actor, first_line=2)


@transaction.atomic
def position_import_rows(
    *, rows: Iterable[Mapping[str, str | None]], actor=None, first_line: int = 1
) -> PositionImportReport:
    report = PositionImportReport()
    kinds, levels = _choice_lookup(PositionKind), _choice_lookup(Level)
    cleaned: dict[tuple, dict] = {}
    for line, row in enumerate(rows, start=first_line):
        try:
            values = _clean_position_row(row, kinds, levels)
        except RowRejected as exc:
            report.rejected.append((line, str(exc)))
            continue
        cleaned[_key(values)] = values
    emails = {key[0] for key in cleaned}
    existing = {
        _key(vars(position)): position for position in Position.objects.filter(email__in=emails)
    }
    to_create, to_update = [], []
    for key, values in cleaned.items():
        position = existing.get(key)
        if position is None:
            to_create.append(Position(**values))
        elif any(getattr(position, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(position, name, value)
            to_update.append(position)
        else:
            report.unchanged += 1
    Position.objects.bulk_create(to_create, batch_size=1000)
    Position.objects.bulk_update(
        to_update,
        ["name", "branch", "level", "role", "is_paid", "hours_per_week", "ends_on"],
        batch_size=1000,
    )
    report.created, report.updated = len(to_create), len(to_update)
    positions_link_users()
    audit_log(
        actor=actor,
        action="integrity.import_positions",
        data={
            "created": report.created,
            "updated": report.updated,
            "unchanged": report.unchanged,
            "rejected": len(report.rejected),
        },
    )
    return report


def positions_link_users() -> int:
    """Link unlinked positions to the account whose verified address they carry."""
    verified = (
        EmailAddress.objects.filter(verified=True)
        .annotate(email_lower=Lower("email"))
        .values_list("email_lower", "user_id")
    )
    linked = 0
    by_email = dict(
        verified.filter(email_lower__in=Position.objects.filter(user__isnull=True).values("email"))
    )
    for email, user_id in by_email.items():
        linked += Position.objects.filter(email=email, user__isnull=True).update(user_id=user_id)
    return linked
