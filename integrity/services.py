"""Writes on the positions register."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.csv_import import RowRejected, csv_dict_rows, parse_csv_date
from core.db import refresh_statistics
from core.errors import ServiceError
from core.locks import hold
from core.services import audit_log
from core.tasks_util import enqueue_on_commit
from integrity.conflicts import conflicts_check
from integrity.models import (
    AnswerType,
    ConflictFlag,
    Declaration,
    DeclarationView,
    FlagStatus,
    Level,
    Position,
    PositionKind,
    Question,
    Questionnaire,
    Relation,
    RelationKind,
    Severity,
    Signal,
)
from integrity.permissions import (
    can_view_declaration,
    declaration_reader_role,
    is_integrity_officer,
)

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
    # Two imports at once would both create the same new positions: one after the other.
    hold("integrity.position_import")
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
    refresh_statistics(Position)
    _enqueue_conflict_sweep()
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


def _enqueue_conflict_sweep() -> None:
    from integrity.tasks import sweep_conflicts  # tasks import services

    enqueue_on_commit(sweep_conflicts)


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


YES, NO = "yes", "no"


def _validate_answers(questionnaire: Questionnaire, answers: dict) -> dict:
    """Keep only answers to this version's questions, and check each against its type.
    Raises ServiceError naming the first question that is not answered properly."""
    cleaned: dict = {}
    for question in questionnaire.questions.all():
        answer = answers.get(question.key)
        kind = question.answer_type
        if kind == AnswerType.AGREE:
            if answer is not True:
                raise ServiceError(_("You must agree with: %(q)s") % {"q": question.text})
        elif kind in (AnswerType.YES_NO, AnswerType.YES_NO_EXPLAIN):
            choice = (answer or {}).get("answer") if isinstance(answer, dict) else None
            if choice not in (YES, NO):
                raise ServiceError(_("Answer yes or no to: %(q)s") % {"q": question.text})
            explanation = str(answer.get("explanation") or "").strip()
            if kind == AnswerType.YES_NO_EXPLAIN and choice == YES and not explanation:
                raise ServiceError(_("Explain your yes to: %(q)s") % {"q": question.text})
            answer = {"answer": choice, "explanation": explanation}
        elif kind == AnswerType.TEXT:
            answer = str(answer or "").strip()
            if question.required and not answer:
                raise ServiceError(_("Answer the question: %(q)s") % {"q": question.text})
        elif kind == AnswerType.SIDE_POSITIONS:
            answer = [_clean_side_position(item) for item in (answer or [])]
        cleaned[question.key] = answer
    return cleaned


def _clean_side_position(item: dict) -> dict:
    organisation = str(item.get("organisation") or "").strip()
    if not organisation:
        raise ServiceError(_("Every side position needs the name of the organisation."))
    hours = item.get("hours_per_week")
    return {
        "organisation": organisation,
        "role": str(item.get("role") or "").strip(),
        "paid": bool(item.get("paid")),
        "hours_per_week": str(hours) if hours not in (None, "") else "",
    }


def _register_side_positions(declaration: Declaration, key: str) -> None:
    """Mirror the declared side positions in the positions register, replacing those of the
    person's earlier declarations."""
    user = declaration.user
    Position.objects.filter(source_declaration__user=user).delete()
    Position.objects.bulk_create(
        Position(
            email=user.email.lower(),
            name=user.get_full_name() or declaration.signed_name,
            user=user,
            kind=PositionKind.SIDE_POSITION,
            body=item["organisation"],
            role=item["role"],
            is_paid=item["paid"],
            hours_per_week=Decimal(item["hours_per_week"]) if item["hours_per_week"] else None,
            source_declaration=declaration,
        )
        for item in declaration.answers.get(key, [])
    )


@transaction.atomic
def declaration_sign(
    *, user, questionnaire: Questionnaire, answers: dict, signed_name: str
) -> Declaration:
    """Sign (or re-sign) the integrity declaration. The previous declaration stays as history;
    declared side positions land in the positions register. Raises ServiceError for an
    unanswered question, a missing signature or an unpublished questionnaire."""
    if questionnaire.published_at is None:
        raise ServiceError(_("This version of the declaration is not in use."))
    if not signed_name.strip():
        raise ServiceError(_("Sign with your full name."))
    cleaned = _validate_answers(questionnaire, answers)
    # A person's signings one at a time: two at once would both be current (a server error on
    # the unique constraint); now the second retires the first.
    hold(f"integrity.declaration:{user.pk}")
    Declaration.objects.filter(user=user, is_current=True).update(is_current=False)
    declaration = Declaration.objects.create(
        user=user,
        questionnaire=questionnaire,
        answers=cleaned,
        signed_name=signed_name.strip(),
        signed_at=timezone.now(),
    )
    for question in questionnaire.questions.all():
        if question.answer_type == AnswerType.SIDE_POSITIONS:
            _register_side_positions(declaration, question.key)
    from integrity.tasks import check_person  # tasks import services

    enqueue_on_commit(check_person, user_id=user.pk)
    audit_log(
        actor=user,
        action="integrity.declaration_signed",
        target=declaration,
        data={"version": questionnaire.version},
    )
    return declaration


@transaction.atomic
def declaration_open(*, viewer, declaration: Declaration) -> Declaration:
    """Give ``viewer`` the declaration if they may read it, and log the view when it is not
    their own. Raises ServiceError otherwise (and logs nothing)."""
    if not can_view_declaration(viewer, declaration):
        raise ServiceError(_("You may not read this declaration."))
    if declaration.user_id != viewer.pk:
        role = declaration_reader_role(viewer)
        DeclarationView.objects.create(declaration=declaration, viewer=viewer, viewer_role=role)
        audit_log(
            actor=viewer,
            action="integrity.declaration_viewed",
            target=declaration,
            data={"role": role},
        )
    return declaration


def declaration_filter_refuse(*, actor, lookups: list[str]) -> None:
    """Record that someone tried to filter declarations by their answers (refused: the
    integrity admin says why). Only the field paths are kept, not the values asked for."""
    audit_log(
        actor=actor,
        action="integrity.declaration_filter_refused",
        data={"lookups": lookups[:10]},
    )


@transaction.atomic
def questionnaire_new_version(*, source: Questionnaire, actor) -> Questionnaire:
    """A draft copy of a questionnaire with the next version number, to edit and publish."""
    # Lock the newest version, then read the number anew: a copy made at the same moment has
    # committed by then and is counted.
    Questionnaire.objects.select_for_update().order_by("-version").first()
    latest = Questionnaire.objects.order_by("-version").first()
    copy = Questionnaire.objects.create(
        version=latest.version + 1,
        title=source.title,
        introduction=source.introduction,
        statement=source.statement,
    )
    Question.objects.bulk_create(
        Question(
            questionnaire=copy,
            key=q.key,
            section=q.section,
            text=q.text,
            help_text=q.help_text,
            answer_type=q.answer_type,
            required=q.required,
            order=q.order,
        )
        for q in source.questions.all()
    )
    audit_log(actor=actor, action="integrity.questionnaire_copied", target=copy)
    return copy


@transaction.atomic
def questionnaire_publish(*, questionnaire: Questionnaire, actor) -> Questionnaire:
    published = Questionnaire.objects.filter(pk=questionnaire.pk, published_at__isnull=True).update(
        published_at=timezone.now()
    )
    if published:
        audit_log(actor=actor, action="integrity.questionnaire_published", target=questionnaire)
    questionnaire.refresh_from_db(fields=["published_at"])
    return questionnaire


@transaction.atomic
def relation_declare(*, person, other, kind: str, note: str = "") -> Relation:
    """Record that ``person`` knows ``other`` in a way that may stand in the way of judging
    them (a committee member about an applicant, or an applicant naming a committee member),
    and raise the flags it calls for at once: access is taken away before the next page."""
    if person.pk == other.pk:
        raise ServiceError(_("A relation is between two different people."))
    if kind not in RelationKind.values:
        raise ServiceError(_("Choose the kind of relation."))
    relation, created = Relation.objects.select_for_update().get_or_create(
        person=person, other=other, defaults={"kind": kind, "note": note.strip()}
    )
    if not created:
        relation.kind, relation.note = kind, note.strip()
        relation.save(update_fields=["kind", "note"])
    conflicts_check(person_ids=[person.pk, other.pk])
    audit_log(
        actor=person,
        action="integrity.relation_declared",
        target=relation,
        data={"kind": kind, "other": other.pk},
    )
    return relation


RESOLUTIONS = (FlagStatus.CONFIRMED, FlagStatus.DISMISSED, FlagStatus.WAIVED)


@transaction.atomic
def flag_resolve(*, flag: ConflictFlag, status: str, reason: str, actor) -> ConflictFlag:
    """Confirm (recusal), dismiss or waive a flag, with a reason. Who may is decided by the
    caller (the acting chair through review, or an integrity officer); nobody resolves a flag
    about themselves. A resolved flag is never raised again by the checks."""
    flag = ConflictFlag.objects.select_for_update().get(pk=flag.pk)
    if actor.pk == flag.person_id:
        raise ServiceError(_("You cannot decide on a conflict of interest of your own."))
    previous = _decision_reviewed(flag, actor)
    if status not in RESOLUTIONS:
        raise ServiceError(_("Choose confirm, dismiss or waive."))
    reason = reason.strip()
    if status != FlagStatus.CONFIRMED and not reason:
        raise ServiceError(_("Give the reason for dismissing or waiving this flag."))
    if flag.signal == Signal.OWN_APPLICATION and status != FlagStatus.CONFIRMED:
        raise ServiceError(_("Nobody may judge their own application."))
    if status == FlagStatus.WAIVED and flag.severity == Severity.BLOCKS:
        raise ServiceError(_("This rule does not allow a waiver."))
    flag.status, flag.reason = status, reason
    flag.resolved_by, flag.resolved_at = actor, timezone.now()
    flag.save(update_fields=["status", "reason", "resolved_by", "resolved_at"])
    audit_log(
        actor=actor,
        action="integrity.flag_resolved",
        target=flag,
        data={"status": status, "signal": flag.signal, **previous},
    )
    return flag


def _decision_reviewed(flag: ConflictFlag, actor) -> dict:
    """A decided flag is not decided again in silence: only an integrity officer reviews a
    decision, and the audit row keeps the decision it replaces (the flag holds the last). A
    flag the checks raised as confirmed (someone named the relation themselves) has no
    decision yet."""
    if flag.resolved_at is None:
        return {}
    if not is_integrity_officer(actor):
        raise ServiceError(
            _("This flag has been decided already; only an integrity officer can review that.")
        )
    return {
        "previous": {
            "status": flag.status,
            "reason": flag.reason,
            "by": flag.resolved_by_id,
            "at": flag.resolved_at.isoformat(),
        }
    }
