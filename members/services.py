"""Writes on users and the member register."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from core.csv_import import RowRejected, csv_dict_rows, parse_csv_date
from core.db import refresh_statistics
from core.keys import address_key, phone_key
from core.locks import hold
from core.services import audit_log
from core.text import clean_name
from members.models import Member, User

REQUIRED_COLUMNS = ("membership_number", "first_name", "last_name", "email", "joined_on")
OPTIONAL_COLUMNS = (
    "name_prefix",
    "branch",
    "status",
    "dues_paid_until",
    "place",
    "postal_code",
    "house_number",
    "phone",
)

_STATUS_WORDS = {
    "": Member.Status.ACTIVE,
    "active": Member.Status.ACTIVE,
    "actief": Member.Status.ACTIVE,
    "lid": Member.Status.ACTIVE,
    "suspended": Member.Status.SUSPENDED,
    "geschorst": Member.Status.SUSPENDED,
    "ended": Member.Status.ENDED,
    "opgezegd": Member.Status.ENDED,
    "beëindigd": Member.Status.ENDED,
}


# The longest value each text column's field stores: a longer one is its row's error, not a
# database error that loses the whole file.
_COLUMN_LIMITS = {
    field.name: field.max_length
    for field in Member._meta.concrete_fields
    if getattr(field, "max_length", None)
}


@dataclass
class MemberImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    rejected: list[tuple[int, str]] = field(default_factory=list)
    linked: int = 0


def _clean_member_row(row: Mapping[str, str | None]) -> dict:
    def text(column: str) -> str:
        # Names go on ballots and the Kiesraad's list: cleaned as everywhere (core.text).
        value = clean_name(row.get(column))
        limit = _COLUMN_LIMITS.get(column)
        if limit is not None and len(value) > limit:
            raise RowRejected(
                _("%(column)s is longer than %(limit)s characters.")
                % {"column": column, "limit": limit}
            )
        return value

    number = text("membership_number")
    if not number:
        raise RowRejected(_("membership_number is empty."))
    for column in ("first_name", "last_name"):
        if not text(column):
            raise RowRejected(_("%(column)s is empty.") % {"column": column})
    email = text("email").lower()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise RowRejected(_("e-mail address %(value)r is not valid.") % {"value": email}) from exc
    status_word = text("status").lower()
    if status_word not in _STATUS_WORDS:
        raise RowRejected(_("unknown status %(value)r.") % {"value": status_word})
    return {
        "membership_number": number,
        "first_name": text("first_name"),
        "name_prefix": text("name_prefix"),
        "last_name": text("last_name"),
        "email": email,
        "branch": text("branch"),
        "place": text("place"),
        "postal_code": text("postal_code"),
        "house_number": text("house_number"),
        "phone": text("phone"),
        "address_key": address_key(text("postal_code"), text("house_number")),
        "phone_key": phone_key(text("phone")),
        "joined_on": parse_csv_date(text("joined_on"), column="joined_on", required=True),
        "status": _STATUS_WORDS[status_word],
        "dues_paid_until": parse_csv_date(
            text("dues_paid_until"), column="dues_paid_until", required=False
        ),
    }


def _save_members(rows: list[dict], report: MemberImportReport) -> None:
    """Create new rows and update changed ones with a fixed number of queries."""
    existing = Member.objects.in_bulk(
        [values["membership_number"] for values in rows], field_name="membership_number"
    )
    to_create: list[Member] = []
    to_update: list[Member] = []
    changed_fields: set[str] = set()
    for values in rows:
        number = values["membership_number"]
        member = existing.get(number)
        if member is None:
            to_create.append(Member(**values))
            report.created.append(number)
            continue
        changed = [name for name, value in values.items() if getattr(member, name) != value]
        if not changed:
            report.unchanged.append(number)
            continue
        for name in changed:
            setattr(member, name, values[name])
        member.updated_at = timezone.now()
        changed_fields.update(changed)
        to_update.append(member)
        report.updated.append(number)
    Member.objects.bulk_create(to_create, batch_size=1000)
    if to_update:
        Member.objects.bulk_update(
            to_update, [*sorted(changed_fields), "updated_at"], batch_size=1000
        )


def member_import_csv(*, text: str, actor: User | None = None) -> MemberImportReport:
    """Import the member register from CSV text (comma or semicolon separated, header row).

    Idempotent: a row equal to what is stored changes nothing. Invalid rows are reported with
    their line number and reason and skipped; all valid rows are saved in one transaction.
    Raises ServiceError when the file itself is unusable (no header, missing columns).
    """
    reader = csv_dict_rows(text, required_columns=REQUIRED_COLUMNS)
    return member_import_rows(rows=reader, actor=actor, first_line=2)


@transaction.atomic
def member_import_rows(
    *, rows: Iterable[Mapping[str, str | None]], actor: User | None = None, first_line: int = 1
) -> MemberImportReport:
    # Two imports at once would both create the same new members: one after the other.
    hold("members.import")
    report = MemberImportReport()
    valid_rows: list[dict] = []
    seen: set[str] = set()
    for line, row in enumerate(rows, start=first_line):
        try:
            values = _clean_member_row(row)
            if values["membership_number"] in seen:
                raise RowRejected(
                    _("membership number %(number)s appears more than once in the file.")
                    % {"number": values["membership_number"]}
                )
        except RowRejected as exc:
            report.rejected.append((line, str(exc)))
            continue
        seen.add(values["membership_number"])
        valid_rows.append(values)
    _save_members(valid_rows, report)
    report.linked = members_link_verified_users()
    refresh_statistics(Member)
    audit_log(
        actor=actor,
        action="members.import",
        data={
            "created": len(report.created),
            "updated": len(report.updated),
            "unchanged": len(report.unchanged),
            "rejected": len(report.rejected),
            "linked": report.linked,
        },
    )
    return report


def _unlinked_members_with_email(email: str) -> list[Member]:
    return list(
        Member.objects.annotate(email_lower=Lower("email")).filter(
            email_lower=email.lower(), user__isnull=True
        )[:2]
    )


def member_link_user(*, user: User) -> Member | None:
    """Link a user to the register by their verified e-mail addresses.

    Links only when exactly one unlinked member row carries the address, so a shared household
    address never hands one person's membership to another. Returns the linked member or None.
    """
    if hasattr(user, "member"):
        return user.member
    verified = EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    for email in verified:
        candidates = _unlinked_members_with_email(email)
        if len(candidates) == 1 and _link(candidates[0], user):
            audit_log(actor=user, action="members.link_user", target=candidates[0])
            return candidates[0]
    return None


def _link(member: Member, user: User) -> bool:
    """Link the member row to the account if neither is linked yet (when the address is
    verified and an import links at the same moment, the one that comes second changes
    nothing)."""
    try:
        with transaction.atomic():
            linked = Member.objects.filter(pk=member.pk, user__isnull=True).update(
                user=user, updated_at=timezone.now()
            )
    except IntegrityError:  # the account was linked to another row at the same moment
        return False
    if linked:
        member.user = user
    return bool(linked)


def members_link_verified_users() -> int:
    """Link every unlinked member whose e-mail is a verified address of exactly one user."""
    unlinked_emails = (
        Member.objects.filter(user__isnull=True)
        .annotate(email_lower=Lower("email"))
        .values("email_lower")
    )
    user_ids = (
        EmailAddress.objects.filter(verified=True, user__member__isnull=True)
        .annotate(email_lower=Lower("email"))
        .filter(email_lower__in=unlinked_emails)
        .values_list("user_id", flat=True)
        .distinct()
    )
    linked = 0
    for user in User.objects.filter(pk__in=list(user_ids)):
        if member_link_user(user=user) is not None:
            linked += 1
    return linked
