"""The conflict-of-interest check: set-based SQL that turns registers into flags.

Each signal is one ``INSERT … SELECT … ON CONFLICT DO NOTHING`` over the pairs (committee
member, application) the review app hands in (``integrity.reviewers``). The unique key of a flag
(person, application, signal, key) makes the check idempotent, and a flag the chair dismissed
stays dismissed: the insert never touches an existing row. The number of statements is fixed,
whatever the number of applicants, members or positions. The SQL runs on PostgreSQL and on the
embedded SQLite; the one function they spell differently (e-mail domain) is chosen per vendor.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from applications.models import Application, ApplicationStatus
from integrity.models import (
    ApplicationScan,
    ConflictFlag,
    FlagStatus,
    IncompatibilityRule,
    Position,
    PositionKind,
    Relation,
    Severity,
    Signal,
)
from integrity.reviewers import reviewer_seats
from members.models import Member, User
from vacancies.models import Vacancy, VacancyKind

# The position an application would lead to, for the double-function rules.
POSITION_FOR_VACANCY = {
    VacancyKind.BOARD: PositionKind.NATIONAL_BOARD,
    VacancyKind.CANDIDATE_LIST: PositionKind.LIST_CANDIDATE,
    VacancyKind.STAFF: PositionKind.PARTY_OFFICE_STAFF,
}

T_APPLICATION = Application._meta.db_table
T_FLAG = ConflictFlag._meta.db_table
T_MEMBER = Member._meta.db_table
T_POSITION = Position._meta.db_table
T_RELATION = Relation._meta.db_table
T_RULE = IncompatibilityRule._meta.db_table
T_SCAN = ApplicationScan._meta.db_table
T_USER = User._meta.db_table
T_VACANCY = Vacancy._meta.db_table

_FLAG_COLUMNS = (
    "person_id, application_id, signal, key, evidence, severity, status, reason, "
    "rule_id, relation_id, created_at"
)


@dataclass(frozen=True)
class Scope:
    """Which applications and which committee members a run covers; None means all."""

    application_ids: tuple[int, ...] | None = None
    person_ids: tuple[int, ...] | None = None

    @classmethod
    def of(cls, *, application_ids: Iterable[int] | None, person_ids: Iterable[int] | None):
        return cls(
            tuple(sorted(set(application_ids))) if application_ids is not None else None,
            tuple(sorted(set(person_ids))) if person_ids is not None else None,
        )

    @property
    def is_empty(self) -> bool:
        return self.application_ids == () or self.person_ids == ()


def _in(column: str, values: tuple | None, params: list) -> str:
    if values is None:
        return ""
    params.extend(values)
    return f" AND {column} IN ({', '.join(['%s'] * len(values))})"


def _email_domain(column: str) -> str:
    if connection.vendor == "postgresql":
        return f"SPLIT_PART(LOWER({column}), '@', 2)"
    return f"SUBSTR(LOWER({column}), INSTR({column}, '@') + 1)"


def _held_on(alias: str) -> str:
    return (
        f"({alias}.starts_on IS NULL OR {alias}.starts_on <= %s)"
        f" AND ({alias}.ends_on IS NULL OR {alias}.ends_on >= %s)"
    )


def _pairs_cte(scope: Scope, params: list) -> str | None:
    """``WITH pairs AS (…)``: every (committee member, sent application) of the member's
    committee, within the scope. None when there are no committees at all."""
    seats = reviewer_seats()
    if seats is None:
        return None
    seat_sql, seat_params = seats.query.sql_with_params()
    params.extend(seat_params)
    params.append(ApplicationStatus.DRAFT)
    where = _in("a.id", scope.application_ids, params) + _in(
        "s.person_id", scope.person_ids, params
    )
    return f"""
        WITH seats (person_id, vacancy_id) AS ({seat_sql}),
        pairs AS (
            SELECT DISTINCT s.person_id, a.id AS application_id, a.applicant_id,
                   a.last_name, a.place_of_residence, a.phone_key
            FROM seats s JOIN {T_APPLICATION} a ON a.vacancy_id = s.vacancy_id
            WHERE a.status <> %s{where}
        )
    """


def _signal_selects(day, now) -> list[tuple[str, list]]:
    """(SELECT over ``pairs``, its parameters) for each committee-member signal, in the
    column order of ``_FLAG_COLUMNS``."""
    public = list(settings.PUBLIC_EMAIL_DOMAINS) or [""]
    public_in = ", ".join(["%s"] * len(public))
    blocks, warns, open_, confirmed = (
        Severity.BLOCKS,
        Severity.WARNS,
        FlagStatus.OPEN,
        FlagStatus.CONFIRMED,
    )
    return [
        (
            "SELECT p.person_id, p.application_id, %s, '', '', %s, %s, '', NULL, NULL, %s "
            "FROM pairs p WHERE p.person_id = p.applicant_id",
            [Signal.OWN_APPLICATION, blocks, open_, now],
        ),
        (
            "SELECT p.person_id, p.application_id, %s, '', r.kind, %s, %s, r.note, NULL, r.id, %s "
            f"FROM pairs p JOIN {T_RELATION} r "
            "ON r.person_id = p.person_id AND r.other_id = p.applicant_id WHERE 1 = 1",
            [Signal.RELATION_DECLARED, blocks, confirmed, now],
        ),
        (
            "SELECT p.person_id, p.application_id, %s, '', r.kind, %s, %s, '', NULL, r.id, %s "
            f"FROM pairs p JOIN {T_RELATION} r "
            "ON r.person_id = p.applicant_id AND r.other_id = p.person_id WHERE 1 = 1",
            [Signal.RELATION_NAMED, blocks, open_, now],
        ),
        (
            "SELECT p.person_id, p.application_id, %s, '', m.last_name || ', ' || m.place, "
            f"%s, %s, '', NULL, NULL, %s FROM pairs p JOIN {T_MEMBER} m ON m.user_id = p.person_id "
            "WHERE p.person_id <> p.applicant_id AND m.last_name <> '' AND m.place <> '' "
            "AND LOWER(m.last_name) = LOWER(p.last_name) "
            "AND LOWER(m.place) = LOWER(p.place_of_residence)",
            [Signal.SURNAME_PLACE, warns, open_, now],
        ),
        (
            # Evidence: the kind of match only. The address and the phone digits are the
            # member register's, which nobody reads through a flag (README, docs/privacy.md).
            "SELECT p.person_id, p.application_id, %s, '', '', %s, %s, '', NULL, "
            f"NULL, %s FROM pairs p JOIN {T_MEMBER} mr ON mr.user_id = p.person_id "
            f"JOIN {T_MEMBER} ma ON ma.user_id = p.applicant_id "
            "WHERE p.person_id <> p.applicant_id AND mr.address_key <> '' "
            "AND mr.address_key = ma.address_key",
            [Signal.ADDRESS, warns, open_, now],
        ),
        (
            "SELECT p.person_id, p.application_id, %s, '', '', %s, %s, '', NULL, "
            f"NULL, %s FROM pairs p JOIN {T_MEMBER} mr ON mr.user_id = p.person_id "
            f"LEFT JOIN {T_MEMBER} ma ON ma.user_id = p.applicant_id "
            "WHERE p.person_id <> p.applicant_id AND mr.phone_key <> '' "
            "AND (mr.phone_key = p.phone_key OR mr.phone_key = ma.phone_key)",
            [Signal.PHONE, warns, open_, now],
        ),
        (
            f"SELECT p.person_id, p.application_id, %s, '', {_email_domain('ur.email')}, %s, "
            f"%s, '', NULL, NULL, %s FROM pairs p JOIN {T_USER} ur ON ur.id = p.person_id "
            f"JOIN {T_USER} ua ON ua.id = p.applicant_id "
            f"WHERE p.person_id <> p.applicant_id "
            f"AND {_email_domain('ur.email')} = {_email_domain('ua.email')} "
            f"AND {_email_domain('ur.email')} NOT IN ({public_in})",
            [Signal.EMAIL_DOMAIN, warns, open_, now, *public],
        ),
        (
            "SELECT p.person_id, p.application_id, %s, '', pr.body, %s, %s, '', NULL, NULL, %s "
            f"FROM pairs p JOIN {T_USER} ur ON ur.id = p.person_id "
            f"JOIN {T_USER} ua ON ua.id = p.applicant_id "
            f"JOIN {T_POSITION} pr ON pr.email = LOWER(ur.email) AND pr.kind = %s "
            f"JOIN {T_POSITION} pa ON pa.email = LOWER(ua.email) AND pa.kind = %s "
            "AND pa.branch <> '' AND LOWER(pa.branch) = LOWER(pr.branch) "
            f"WHERE p.person_id <> p.applicant_id AND {_held_on('pr')} AND {_held_on('pa')}",
            [
                Signal.BRANCH_BOARD,
                warns,
                open_,
                now,
                PositionKind.BRANCH_BOARD,
                PositionKind.BRANCH_BOARD,
                day,
                day,
                day,
                day,
            ],
        ),
        (
            # Periods overlap when neither ends before the other starts (open ends never do).
            "SELECT p.person_id, p.application_id, %s, '', pr.body, %s, %s, '', NULL, NULL, %s "
            f"FROM pairs p JOIN {T_USER} ur ON ur.id = p.person_id "
            f"JOIN {T_USER} ua ON ua.id = p.applicant_id "
            f"JOIN {T_POSITION} pr ON pr.email = LOWER(ur.email) AND pr.kind <> %s "
            f"JOIN {T_POSITION} pa ON pa.email = LOWER(ua.email) AND pa.kind <> %s "
            "AND LOWER(pa.body) = LOWER(pr.body) "
            "WHERE p.person_id <> p.applicant_id "
            "AND (pr.starts_on IS NULL OR pa.ends_on IS NULL OR pr.starts_on <= pa.ends_on) "
            "AND (pa.starts_on IS NULL OR pr.ends_on IS NULL OR pa.starts_on <= pr.ends_on)",
            [
                Signal.SAME_BODY,
                warns,
                open_,
                now,
                PositionKind.BRANCH_BOARD,
                PositionKind.BRANCH_BOARD,
            ],
        ),
    ]


def _double_function_insert(scope: Scope, day, now) -> tuple[str, list]:
    """The applicant's own flags: positions they hold now that an active rule (scope 'any')
    forbids next to the position the vacancy leads to."""
    cases = " ".join("WHEN %s THEN %s" for _ in POSITION_FOR_VACANCY)
    case_params = [code for pair in POSITION_FOR_VACANCY.items() for code in pair]
    params: list = [Signal.DOUBLE_FUNCTION, FlagStatus.OPEN, now, *case_params, *case_params]
    params.extend([ApplicationStatus.DRAFT, day, day])
    where = _in("a.id", scope.application_ids, params)
    sql = f"""
        INSERT INTO {T_FLAG} ({_FLAG_COLUMNS})
        SELECT a.applicant_id, a.id, %s, CAST(r.id AS TEXT), pa.body, r.severity, %s, '',
               r.id, NULL, %s
        FROM {T_APPLICATION} a
        JOIN {T_VACANCY} v ON v.id = a.vacancy_id
        JOIN {T_USER} ua ON ua.id = a.applicant_id
        JOIN {T_POSITION} pa ON pa.email = LOWER(ua.email)
        JOIN {T_RULE} r ON r.is_active AND r.scope = 'any'
         AND ((r.kind_a = CASE v.kind {cases} END AND r.kind_b = pa.kind
               AND (r.level_b = '' OR r.level_b = pa.level))
           OR (r.kind_b = CASE v.kind {cases} END AND r.kind_a = pa.kind
               AND (r.level_a = '' OR r.level_a = pa.level)))
        WHERE a.status <> %s AND {_held_on("pa")}{where}
        ON CONFLICT (person_id, application_id, signal, key) DO NOTHING
    """
    return sql, params


def _scan_upsert(scope: Scope, now) -> tuple[str, list]:
    params: list = [now, ApplicationStatus.DRAFT]
    where = _in("a.id", scope.application_ids, params)
    sql = f"""
        INSERT INTO {T_SCAN} (application_id, scanned_at)
        SELECT a.id, %s FROM {T_APPLICATION} a WHERE a.status <> %s{where}
        ON CONFLICT (application_id) DO UPDATE SET scanned_at = excluded.scanned_at
    """
    return sql, params


@transaction.atomic
def conflicts_check(
    *, application_ids: Iterable[int] | None = None, person_ids: Iterable[int] | None = None
) -> int:
    """Raise the flags the registers and declared relations call for, for some applications
    and/or committee members (default: everything), and mark the applications scanned.
    Returns the number of new flags. A fixed number of statements, whatever the numbers."""
    scope = Scope.of(application_ids=application_ids, person_ids=person_ids)
    if scope.is_empty:
        return 0
    day, now = timezone.localdate(), timezone.now()
    # Counted, not summed from rowcount: SQLite reports none for a WITH … INSERT.
    before = ConflictFlag.objects.count()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Right after a bulk import the planner takes the new rows for a handful and may
            # pick nested loops that turn this sub-second check into minutes (seen in tests
            # and with bench/conflicts.py). Hash joins are right for every scope here.
            cursor.execute("SET LOCAL enable_nestloop = off")
        cte_params: list = []
        cte = _pairs_cte(scope, cte_params)
        if cte is not None:
            for select, select_params in _signal_selects(day, now):
                cursor.execute(
                    f"{cte} INSERT INTO {T_FLAG} ({_FLAG_COLUMNS}) {select} "
                    "ON CONFLICT (person_id, application_id, signal, key) DO NOTHING",
                    [*cte_params, *select_params],
                )
        if scope.person_ids is None:
            for sql, params in (
                _double_function_insert(scope, day, now),
                _scan_upsert(scope, now),
            ):
                cursor.execute(sql, params)
    return ConflictFlag.objects.count() - before


def conflicts_check_unscanned() -> int:
    """Check the sent applications no check has covered since they were sent."""
    pending = (
        Application.objects.exclude(status=ApplicationStatus.DRAFT)
        .filter(Q(conflict_scan__isnull=True) | Q(conflict_scan__scanned_at__lt=F("submitted_at")))
        .values_list("pk", flat=True)
    )
    ids = list(pending)
    return conflicts_check(application_ids=ids) if ids else 0
