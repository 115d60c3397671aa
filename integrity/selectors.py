"""Reads over the positions register: which double functions exist, in one set-based query."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db import connection
from django.db.models import Q, QuerySet
from django.utils import timezone

from integrity.models import (
    BLOCKING_STATUSES,
    ApplicationScan,
    ConflictFlag,
    Declaration,
    IncompatibilityRule,
    Position,
    Questionnaire,
    Severity,
    Signal,
)

_SEVERITY_ORDER = {Severity.BLOCKS: 0, Severity.NEEDS_WAIVER: 1, Severity.WARNS: 2}


@dataclass(frozen=True)
class PositionConflict:
    rule: IncompatibilityRule
    first: Position
    second: Position

    @property
    def email(self) -> str:
        return self.first.email


def _conflict_sql(*, email_placeholders: str) -> str:
    rule = IncompatibilityRule._meta.db_table
    position = Position._meta.db_table
    # One join of the rules with two copies of the register. A rule pairing a kind with itself
    # (two boards) yields each pair once; scope compares body or branch of the two positions.
    # Only table names and generated placeholders are formatted in; all values are parameters.
    return f"""
        SELECT r.id, a.id, b.id
        FROM {rule} r
        JOIN {position} a
          ON a.kind = r.kind_a AND (r.level_a = '' OR a.level = r.level_a)
        JOIN {position} b
          ON b.email = a.email AND b.id <> a.id
         AND b.kind = r.kind_b AND (r.level_b = '' OR b.level = r.level_b)
        WHERE r.is_active
          AND (a.starts_on IS NULL OR a.starts_on <= %(day)s)
          AND (a.ends_on IS NULL OR a.ends_on >= %(day)s)
          AND (b.starts_on IS NULL OR b.starts_on <= %(day)s)
          AND (b.ends_on IS NULL OR b.ends_on >= %(day)s)
          AND (r.kind_a <> r.kind_b OR r.level_a <> r.level_b OR a.id < b.id)
          AND CASE r.scope
                WHEN 'same_body' THEN LOWER(a.body) = LOWER(b.body)
                WHEN 'same_branch' THEN a.branch <> '' AND LOWER(a.branch) = LOWER(b.branch)
                WHEN 'other_body' THEN LOWER(a.body) <> LOWER(b.body)
                ELSE 1 = 1
              END
          {f"AND a.email IN ({email_placeholders})" if email_placeholders else ""}
        ORDER BY a.email, r.id, a.id, b.id
    """  # noqa: S608


def position_conflicts(
    *, on: date | None = None, emails: Iterable[str] | None = None
) -> list[PositionConflict]:
    """Every pair of positions that one person holds on ``on`` (default today) and that an
    active rule forbids, optionally for some people only. Three queries, however large the
    register."""
    params: dict = {"day": on or timezone.localdate()}
    placeholders = ""
    if emails is not None:
        email_list = sorted({email.lower() for email in emails})
        if not email_list:
            return []
        params.update({f"email{i}": email for i, email in enumerate(email_list)})
        placeholders = ", ".join(f"%(email{i})s" for i in range(len(email_list)))
    sql = _conflict_sql(email_placeholders=placeholders)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        triples = cursor.fetchall()
    rules = IncompatibilityRule.objects.in_bulk({rule_id for rule_id, _a, _b in triples})
    positions = Position.objects.in_bulk({pk for _r, a, b in triples for pk in (a, b)})
    conflicts = [PositionConflict(rules[r], positions[a], positions[b]) for r, a, b in triples]
    conflicts.sort(key=lambda c: (c.email, _SEVERITY_ORDER[c.rule.severity], c.rule.pk))
    return conflicts


def rules_touching(*, kinds: Iterable[str]) -> list[IncompatibilityRule]:
    """The active rules in which any of these position kinds takes part, strictest first:
    what an applicant should read about the positions they hold."""
    kinds = set(kinds)
    rules = IncompatibilityRule.objects.filter(is_active=True).filter(
        Q(kind_a__in=kinds) | Q(kind_b__in=kinds)
    )
    return sorted(rules, key=lambda rule: (_SEVERITY_ORDER[rule.severity], rule.pk))


def questionnaire_current() -> Questionnaire | None:
    """The newest published version of the integrity declaration, with its questions."""
    return (
        Questionnaire.objects.filter(published_at__isnull=False)
        .prefetch_related("questions")
        .order_by("-version")
        .first()
    )


def declaration_current(*, user) -> Declaration | None:
    return (
        Declaration.objects.filter(user=user, is_current=True)
        .select_related("questionnaire")
        .first()
    )


def declaration_history(*, user) -> QuerySet:
    return Declaration.objects.filter(user=user).select_related("questionnaire")


def positions_held(*, email: str, on: date | None = None) -> QuerySet:
    """The positions someone holds on ``on`` (default today), by e-mail address."""
    day = on or timezone.localdate()
    return Position.objects.filter(email=email.lower()).filter(
        Q(starts_on__isnull=True) | Q(starts_on__lte=day),
        Q(ends_on__isnull=True) | Q(ends_on__gte=day),
    )


def conflicted_application_ids(*, person_id: int) -> QuerySet:
    """The applications this person may not reach: an open or confirmed flag stands. For use
    as a subquery (``.exclude(pk__in=…)``)."""
    return ConflictFlag.objects.filter(person_id=person_id, status__in=BLOCKING_STATUSES).values(
        "application_id"
    )


def conflicted_person_ids(*, application_id: int) -> QuerySet:
    """The people who may not reach this application (subquery)."""
    return ConflictFlag.objects.filter(
        application_id=application_id, status__in=BLOCKING_STATUSES
    ).values("person_id")


def scanned_application_ids() -> QuerySet:
    """Applications the conflict check has covered at least once (subquery)."""
    return ApplicationScan.objects.values("application_id")


def is_conflicted(*, person_id: int, application_id: int) -> bool:
    return ConflictFlag.objects.filter(
        person_id=person_id, application_id=application_id, status__in=BLOCKING_STATUSES
    ).exists()


def flags_of_applications(*, application_ids) -> QuerySet:
    """The committee-member flags on these applications, for the chair to resolve."""
    return (
        ConflictFlag.objects.filter(application_id__in=application_ids)
        .exclude(signal=Signal.DOUBLE_FUNCTION)
        .select_related("person", "application", "resolved_by", "relation")
    )
