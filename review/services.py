"""Writes on committees: seats, vacancies, the confidentiality agreement, and the chair's
decisions on conflicts of interest. Each runs in one transaction and leaves an audit row."""

import itertools
import logging
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from applications.models import (
    IN_PROCEDURE,
    Application,
    ApplicationStatus,
    FileKind,
    ListGender,
)
from applications.services import (
    application_set_status,
    transcripts_requeue,
    withdrawal_deadline,
)
from applications.uploads import inspect_upload
from core.errors import ServiceError
from core.posted import posted_text
from core.retention import period
from core.services import audit_log
from core.tasks_util import enqueue_on_commit
from core.text_limits import NOTE_MAX_LENGTH, REASON_MAX_LENGTH
from integrity.conflicts import conflicts_check
from integrity.models import ConflictFlag
from integrity.permissions import is_integrity_officer
from integrity.selectors import is_conflicted
from integrity.services import flag_resolve, relation_declare
from members.permissions import in_group
from members.roles import BOARD, CANDIDATE_COMMITTEE, DISPUTES_COMMITTEE
from notifications.services import notification_queue
from review import selectors
from review.models import (
    SCORING_ROUND,
    Appeal,
    AppealDocument,
    AppealStatus,
    BoardAdvice,
    Committee,
    CommitteeMember,
    CommitteeRole,
    CommitteeVacancy,
    ConceptList,
    ConceptListEntry,
    ConceptListVersion,
    CriterionScore,
    Interview,
    InterviewSlot,
    InterviewStatus,
    MemberRanking,
    PriorityInterviewCheck,
    Recommendation,
    ReviewRound,
    Scorecard,
    ScorecardVersion,
    Transition,
)
from review.schulze import SchulzeResult, schulze
from review.selectors import (
    applied_in_committee,
    committee_of,
    is_acting_chair,
    may_review,
    seat_members_who_applied,
)
from vacancies.models import DatePrecision, MilestoneKind, VacancyKind

logger = logging.getLogger(__name__)


def _enqueue_seat_check(seat: CommitteeMember) -> None:
    from review.tasks import check_seat  # tasks import services

    enqueue_on_commit(check_seat, seat_id=seat.pk)


@transaction.atomic
def committee_seat_add(
    *, committee: Committee, user, role: str = CommitteeRole.MEMBER, actor
) -> CommitteeMember:
    """Give someone a seat. Refused for anyone who applied in one of the committee's
    procedures, and for a second chair or deputy. The new member gets staff access (with the
    second factor that brings) and sees no application before their conflicts are checked
    and they accepted the confidentiality agreement."""
    if applied_in_committee(committee=committee, user=user):
        raise ServiceError(
            _("%(name)s applied in a procedure of this committee and cannot sit on it.")
            % {"name": user}
        )
    try:
        with transaction.atomic():
            seat = CommitteeMember.objects.create(committee=committee, user=user, role=role)
    except IntegrityError as exc:
        raise ServiceError(
            _("%(name)s already has a seat, or this committee already has a %(role)s.")
            % {"name": user, "role": CommitteeRole(role).label}
        ) from exc
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    user.groups.add(Group.objects.get_or_create(name=CANDIDATE_COMMITTEE)[0])
    _enqueue_seat_check(seat)
    board_member = in_group(user, BOARD)
    audit_log(
        actor=actor,
        action="review.seat_added",
        target=committee,
        data={"user": user.pk, "role": role, "board": board_member},
    )
    _tell_committee_of_newcomer(seat, board_member=board_member, actor=actor)
    return seat


def _tell_committee_of_newcomer(seat: CommitteeMember, *, board_member: bool, actor) -> None:
    """Whoever joins — the board included — is announced to the chair and every member
    already on the committee, so nobody reads the committee's files unseen."""
    others = (
        CommitteeMember.objects.filter(committee_id=seat.committee_id)
        .exclude(pk=seat.pk)
        .select_related("user")
    )
    for other in others:
        notification_queue(
            kind="review.seat_added",
            recipient=other.user.email,
            language=other.user.language or "nl",
            template="review/email/seat_added",
            context={
                "committee": seat.committee,
                "newcomer": str(seat.user),
                "role": CommitteeRole(seat.role).label,
                "board_member": board_member,
                "added_by": str(actor) if actor is not None else _("the system"),
            },
            target=seat,
        )


@transaction.atomic
def committee_seat_change_role(*, seat: CommitteeMember, role: str, actor) -> CommitteeMember:
    try:
        with transaction.atomic():
            seat.role = role
            seat.save(update_fields=["role"])
    except IntegrityError as exc:
        raise ServiceError(
            _("This committee already has a %(role)s.") % {"role": CommitteeRole(role).label}
        ) from exc
    audit_log(actor=actor, action="review.seat_role", target=seat.committee, data={"role": role})
    return seat


@transaction.atomic
def committee_seat_remove(*, seat: CommitteeMember, actor) -> None:
    audit_log(
        actor=actor,
        action="review.seat_removed",
        target=seat.committee,
        data={"user": seat.user_id, "role": seat.role},
    )
    seat.delete()


@transaction.atomic
def committee_vacancy_add(*, committee: Committee, vacancy, actor) -> CommitteeVacancy:
    """Let the committee judge a vacancy. Refused when the vacancy has a committee already, or
    when a member applied for it. The members see nothing of the committee's work until their
    seats are checked again, this vacancy included."""
    # Two boards adding the same vacancy at once: the second waits and then finds the first.
    type(vacancy).objects.select_for_update(no_key=True).filter(pk=vacancy.pk).first()
    existing = committee_of(vacancy_id=vacancy.pk)
    if existing is not None:
        raise ServiceError(
            _("%(vacancy)s is judged by %(committee)s already.")
            % {"vacancy": vacancy, "committee": existing}
        )
    applied = seat_members_who_applied(committee=committee, vacancy_id=vacancy.pk)
    if applied.exists():
        names = ", ".join(str(seat.user) for seat in applied.select_related("user"))
        raise ServiceError(
            _("These members applied for %(vacancy)s and cannot judge it: %(names)s.")
            % {"vacancy": vacancy, "names": names}
        )
    link = CommitteeVacancy.objects.create(committee=committee, vacancy=vacancy)
    # "Seat checked" means checked against every vacancy the committee judges: until the
    # check has covered this one, the members are behind the gate again (the beat's catch-up
    # runs it should the enqueued task be lost).
    committee.members.update(conflicts_checked_at=None)
    for seat in committee.members.all():
        _enqueue_seat_check(seat)
    audit_log(
        actor=actor, action="review.vacancy_added", target=committee, data={"vacancy": vacancy.pk}
    )
    return link


@transaction.atomic
def committee_vacancy_remove(*, link: CommitteeVacancy, actor) -> None:
    """The committee no longer judges the vacancy (the board's committee admin); the link is
    never re-pointed in place: a new one goes through ``committee_vacancy_add`` and its
    checks."""
    audit_log(
        actor=actor,
        action="review.vacancy_removed",
        target=link.committee,
        data={"vacancy": link.vacancy_id},
    )
    link.delete()


def seat_check(*, seat_id: int) -> int:
    """Run the conflict check for a seat's holder and mark the seat checked."""
    return _seats_check(CommitteeMember.objects.filter(pk=seat_id))


def seats_check_unchecked() -> int:
    """Catch up on seats whose check was never enqueued (a broker outage): one set-based
    check for all their holders."""
    return _seats_check(CommitteeMember.objects.filter(conflicts_checked_at__isnull=True))


@transaction.atomic
def _seats_check(seats) -> int:
    locked = list(seats.select_for_update())
    if not locked:
        return 0
    created = conflicts_check(person_ids=[seat.user_id for seat in locked])
    CommitteeMember.objects.filter(pk__in=[seat.pk for seat in locked]).update(
        conflicts_checked_at=timezone.now()
    )
    return created


@transaction.atomic
def confidentiality_accept(*, seat: CommitteeMember, actor) -> CommitteeMember:
    if seat.user_id != actor.pk:
        raise ServiceError(_("Only the member themselves can accept the agreement."))
    accepted = CommitteeMember.objects.filter(
        pk=seat.pk, confidentiality_accepted_at__isnull=True
    ).update(confidentiality_accepted_at=timezone.now())
    if accepted:
        audit_log(actor=actor, action="review.confidentiality_accepted", target=seat.committee)
    seat.refresh_from_db(fields=["confidentiality_accepted_at"])
    return seat


def reviewer_declares_relation(*, reviewer, application, kind: str, note: str = ""):
    """A committee member says they know the applicant: they are recused at once."""
    if not may_review(user=reviewer, application=application):
        raise ServiceError(_("You cannot reach this application."))
    return relation_declare(person=reviewer, other=application.applicant, kind=kind, note=note)


def may_resolve_flag(*, user, flag: ConflictFlag) -> bool:
    if user.pk == flag.person_id:
        return False
    return is_integrity_officer(user) or is_acting_chair(user=user, application=flag.application)


def conflict_resolve(*, flag: ConflictFlag, status: str, reason: str, actor) -> ConflictFlag:
    """The acting chair (the deputy, when the chair has a conflict with the application) or
    an integrity officer confirms, dismisses or waives a flag."""
    if not may_resolve_flag(user=actor, flag=flag):
        raise ServiceError(_("Only the acting chair or an integrity officer can decide this."))
    return flag_resolve(flag=flag, status=status, reason=reason, actor=actor)


# --- Scoring -------------------------------------------------------------------------------


def _weighted_total(values: dict[int, int], weights: dict[int, int]) -> Decimal | None:
    if not values:
        return None
    weighted = sum(value * weights.get(pk, 1) for pk, value in values.items())
    total_weight = sum(weights.get(pk, 1) for pk in values)
    return (Decimal(weighted) / Decimal(total_weight)).quantize(Decimal("0.01"))


def _snapshot(card: Scorecard) -> dict:
    return {
        "recommendation": card.recommendation,
        "comment": card.comment,
        "total": str(card.total) if card.total is not None else None,
        "scores": {
            str(score.requirement_id): [score.value, score.comment] for score in card.scores.all()
        },
        "submitted_at": card.submitted_at.isoformat() if card.submitted_at else None,
    }


@transaction.atomic
def scorecard_save(
    *,
    reviewer,
    application: Application,
    scores: dict[int, tuple[int, str]],
    recommendation: str = "",
    comment: str = "",
    submit: bool = False,
) -> Scorecard:
    """Save a member's scorecard for the application's current round: a score from 1 to 5 per
    requirement (with an optional comment) and a recommendation. ``submit`` asks for every
    criterion and the recommendation; a submitted card can still be corrected, and each
    correction is kept as a version."""
    if not may_review(user=reviewer, application=application):
        raise ServiceError(_("You cannot reach this application."))
    if not selectors.scores_as_member(user=reviewer, application=application):
        raise ServiceError(_("The secretary of the committee does not score."))
    round_ = SCORING_ROUND.get(application.status)
    if round_ is None:
        raise ServiceError(_("This application is not being scored at this stage."))
    requirements = {r.pk: r for r in application.vacancy.requirements.all()}
    for requirement_id, (value, _comment) in scores.items():
        if requirement_id not in requirements:
            raise ServiceError(_("Score only the requirements of this vacancy."))
        if value not in range(1, 6):
            raise ServiceError(_("A score is a whole number from 1 to 5."))
    if recommendation and recommendation not in Recommendation.values:
        raise ServiceError(_("Choose a recommendation."))
    card, _created = Scorecard.objects.select_for_update().get_or_create(
        application=application, reviewer=reviewer, round=round_
    )
    was_submitted = card.submitted_at is not None
    if (submit or was_submitted) and (set(scores) != set(requirements) or not recommendation):
        raise ServiceError(_("Score every requirement and give your recommendation."))
    card.scores.all().delete()
    CriterionScore.objects.bulk_create(
        CriterionScore(scorecard=card, requirement_id=pk, value=value, comment=note.strip())
        for pk, (value, note) in scores.items()
    )
    card.recommendation, card.comment = recommendation, comment.strip()
    card.total = _weighted_total(
        {pk: value for pk, (value, _note) in scores.items()},
        {pk: r.weight or 1 for pk, r in requirements.items()},
    )
    if (submit or was_submitted) and card.submitted_at is None:
        card.submitted_at = timezone.now()
    card.save()
    if card.submitted_at is not None:
        ScorecardVersion.objects.create(scorecard=card, snapshot=_snapshot(card))
    audit_log(
        actor=reviewer,
        action="review.scorecard_saved",
        target=application,
        data={"round": round_, "submitted": card.submitted_at is not None},
    )
    return card


# --- Pipeline ------------------------------------------------------------------------------

S = ApplicationStatus
PIPELINE_ORDER = list(ApplicationStatus)
ALLOWED_MOVES = {
    S.SUBMITTED: {S.SCREENING, S.ROUND_1, S.NOT_SELECTED},
    S.SCREENING: {S.ROUND_1, S.ADVISED, S.NOT_SELECTED},
    S.ROUND_1: {S.ROUND_2, S.ADVISED, S.NOT_SELECTED},
    S.ROUND_2: {S.ADVISED, S.NOT_SELECTED},
    S.ADVISED: {S.NOTIFIED, S.NOT_SELECTED},
    S.NOTIFIED: {S.ACCEPTED, S.NOT_SELECTED},
}
# The steps the applicant hears about by e-mail, with the template that tells them.
MOVE_NOTICES = {
    S.ROUND_1: "review/email/invited_round",
    S.ROUND_2: "review/email/invited_round",
    S.NOT_SELECTED: "review/email/not_selected",
    S.ACCEPTED: "review/email/accepted",
}


def may_move(*, user, application: Application) -> bool:
    """The acting chair and the secretary (without a conflict) move applications on."""
    if is_acting_chair(user=user, application=application):
        return True
    return selectors.is_secretary(user=user, application=application) and may_review(
        user=user, application=application
    )


def transcripts_rerun(*, applications, actor, detect: bool = False) -> int:
    """Have the recordings of these applications transcribed again (the admin's action), in
    the posting's language or, with ``detect``, in the language the model hears. Only for
    applications whose procedure the actor runs (``may_move``: the acting chair, or the
    secretary without a conflict). Returns how many recordings were queued. Raises
    ServiceError."""
    allowed = [a for a in applications if may_move(user=actor, application=a)]
    if not allowed:
        raise ServiceError(
            _("Only the acting chair or the secretary has recordings transcribed again.")
        )
    return transcripts_requeue(applications=allowed, actor=actor, detect=detect)


@transaction.atomic
def application_move(
    *, application: Application, to: str, reason: str = "", actor, notify: bool = True
) -> Application:
    """Move an application one step through the committee's pipeline, with a reason (required
    when it is not selected: the applicant reads it). The applicant is e-mailed where the step
    concerns them."""
    if not may_move(user=actor, application=application):
        raise ServiceError(_("Only the acting chair or the secretary can move applications."))
    # The step is judged on the application as it stands once locked: of two members moving it
    # at the same moment, the second sees where the first put it.
    application = Application.objects.select_for_update().get(pk=application.pk)
    previous = application.status
    if to == previous:
        raise ServiceError(
            _("%(name)s is at “%(to)s” already.")
            % {"name": application.full_name, "to": S(to).label}
        )
    if to not in ALLOWED_MOVES.get(previous, set()):
        raise ServiceError(
            _("%(name)s cannot go from “%(from)s” to “%(to)s”.")
            % {"name": application.full_name, "from": S(previous).label, "to": S(to).label}
        )
    reason = posted_text(reason, max_length=REASON_MAX_LENGTH).strip()
    if to == S.NOT_SELECTED and not reason:
        raise ServiceError(_("Give the reason; the applicant will read it."))
    return _pipeline_step(application, to, reason=reason, actor=actor, notify=notify)


def _pipeline_step(
    application: Application, to: str, *, reason: str, actor, notify: bool = True
) -> Application:
    """Record the step (status and its history) and tell the applicant where it concerns
    them. Who may take which step is checked by the callers."""
    previous = application.status
    application = application_set_status(application=application, status=to, actor=actor)
    Transition.objects.create(
        application=application, from_status=previous, to_status=to, reason=reason, actor=actor
    )
    if notify and to in MOVE_NOTICES:
        notification_queue(
            kind=f"review.moved.{to}",
            recipient=application.applicant.email,
            language=application.applicant.language or "nl",
            template=MOVE_NOTICES[to],
            context={"application": application, "vacancy": application.vacancy, "reason": reason},
            target=application,
        )
    return application


def applications_move(*, applications, to: str, reason: str = "", actor) -> tuple[int, list[str]]:
    """Move several applications (an admin bulk action); each that cannot move is reported
    and left as it was. Returns the number moved and the problems."""
    moved, problems = 0, []
    try:
        posted_text(reason, max_length=REASON_MAX_LENGTH)
    except ServiceError as exc:
        return 0, [exc.message]
    for application in applications:
        try:
            application_move(application=application, to=to, reason=reason, actor=actor)
        except ServiceError as exc:
            problems.append(exc.message)
        else:
            moved += 1
    return moved, problems


# --- Rankings and the concept list ---------------------------------------------------------


@transaction.atomic
def ranking_submit(*, reviewer, vacancy, order: list[int]) -> MemberRanking:
    """A member's own order of the candidates (best first). Only applications they may judge
    can be ranked; they need not rank everyone."""
    if not selectors.holds_role(
        user=reviewer, vacancy_id=vacancy.pk, roles=selectors.SCORING_ROLES
    ):
        raise ServiceError(_("Only the scoring members of the committee rank candidates."))
    if len(set(order)) != len(order):
        raise ServiceError(_("Each candidate appears once in a ranking."))
    allowed = set(selectors.list_pool(user=reviewer, vacancy=vacancy).values_list("pk", flat=True))
    if not set(order) <= allowed:
        raise ServiceError(_("Rank only the candidates you may judge."))
    ranking, _created = MemberRanking.objects.update_or_create(
        vacancy=vacancy, reviewer=reviewer, defaults={"order": list(order)}
    )
    audit_log(actor=reviewer, action="review.ranking_submitted", target=vacancy)
    return ranking


def concept_list_proposal(*, vacancy) -> SchulzeResult:
    """The members' rankings combined by the Schulze method: a starting order, with its
    pairwise and strongest-path matrices. Ties follow the order of sending."""
    pool = list(
        Application.objects.filter(vacancy=vacancy, status__in=IN_PROCEDURE)
        .order_by("submitted_at", "pk")
        .values_list("pk", flat=True)
    )
    rankings = MemberRanking.objects.filter(vacancy=vacancy).values_list("order", flat=True)
    return schulze([[pk for pk in order if pk in pool] for order in rankings], pool)


def _record_version(concept_list: ConceptList, *, actor, reason: str) -> None:
    order = list(
        concept_list.entries.order_by("position").values_list("application_id", "is_pusher")
    )
    ConceptListVersion.objects.create(
        concept_list=concept_list, actor=actor, reason=reason, order=order
    )


def _next_revision(concept_list: ConceptList) -> None:
    """Count one more change of the order (on the locked row): a builder opened before it
    can no longer save over it."""
    concept_list.revision += 1
    concept_list.save(update_fields=["revision", "updated_at"])


@transaction.atomic
def concept_list_save(
    *,
    concept_list: ConceptList,
    places: list[dict],
    actor,
    reason: str = "",
    revision: int | None = None,
):
    """Replace the order of the concept list. Each place is a dict with ``application_id``,
    ``is_pusher`` and ``justification``. Refused beyond the maximum size, for a candidate who
    is not (or no longer) in the procedure, twice on the list, or a regular candidate below a
    list pusher. ``revision`` is the list's revision the editor opened (the builder carries
    it): when the order changed since, the save is refused instead of silently replacing
    someone else's work. Every save is kept as a version. ``actor=None`` is the system (the
    demo's seeding), which no request can be."""
    concept_list = ConceptList.objects.select_for_update().get(pk=concept_list.pk)
    if actor is not None and not selectors.may_edit_list(user=actor, concept_list=concept_list):
        raise ServiceError(
            _("Only the chair, the deputy or the secretary without a conflict edits the list.")
        )
    if revision is not None and revision != concept_list.revision:
        raise ServiceError(
            _(
                "Someone else changed the list since you opened it, so your order was not "
                "saved. Here is the list as it stands now: make your changes again."
            )
        )
    reason_max = ConceptListVersion._meta.get_field("reason").max_length
    if len(reason) > reason_max:
        raise ServiceError(
            _("The reason can be at most %(max)d characters long.") % {"max": reason_max}
        )
    if len(places) > concept_list.max_size:
        raise ServiceError(
            _("The list has at most %(max)d places; this proposal has %(count)d.")
            % {"max": concept_list.max_size, "count": len(places)}
        )
    ids = [int(place["application_id"]) for place in places]
    if len(set(ids)) != len(ids):
        raise ServiceError(_("A candidate appears on the list twice."))
    eligible = set(
        Application.objects.filter(
            pk__in=ids, vacancy=concept_list.vacancy, status__in=IN_PROCEDURE
        ).values_list("pk", flat=True)
    )
    if set(ids) - eligible:
        raise ServiceError(_("Only candidates who are still in the procedure can be placed."))
    justifications = [
        posted_text(place.get("justification"), max_length=NOTE_MAX_LENGTH).strip()
        for place in places
    ]
    pushers = [bool(place.get("is_pusher")) for place in places]
    if any(earlier and not later for earlier, later in itertools.pairwise(pushers)):
        raise ServiceError(_("List pushers stand together at the end of the list."))
    # The candidate's confirmation and signed consent belong to the candidate, not the place.
    kept = {
        application_id: (confirmed_at, consent_received_at)
        for application_id, confirmed_at, consent_received_at in concept_list.entries.values_list(
            "application_id", "confirmed_at", "consent_received_at"
        )
    }
    concept_list.entries.all().delete()
    ConceptListEntry.objects.bulk_create(
        ConceptListEntry(
            concept_list=concept_list,
            application_id=application_id,
            position=position,
            is_pusher=bool(place.get("is_pusher")),
            justification=justification,
            confirmed_at=kept.get(application_id, (None, None))[0],
            consent_received_at=kept.get(application_id, (None, None))[1],
        )
        for position, (application_id, place, justification) in enumerate(
            zip(ids, places, justifications, strict=True), 1
        )
    )
    _next_revision(concept_list)
    _record_version(concept_list, actor=actor, reason=reason or _("Order changed"))
    audit_log(actor=actor, action="review.concept_list_saved", target=concept_list.vacancy)
    return concept_list


@transaction.atomic
def concept_list_details_save(*, concept_list: ConceptList, details: dict[int, dict], actor) -> int:
    """Record, per candidate on the list (by application id), whether the signed consent
    (model H 9) came in and the gender marker for the Kiesraad's list ("m", "v" or "").
    A consent keeps the moment it was first recorded. Only who may edit the list does this;
    ids not on the list are ignored. Returns the number of places changed. ``actor=None`` is
    the system (the demo's seeding)."""
    concept_list = ConceptList.objects.select_for_update().get(pk=concept_list.pk)
    if actor is not None and not selectors.may_edit_list(user=actor, concept_list=concept_list):
        raise ServiceError(
            _("Only the chair, the deputy or the secretary without a conflict edits the list.")
        )
    genders = {"", *ListGender.values}
    if any(str(d.get("gender", "")) not in genders for d in details.values()):
        raise ServiceError(_("Choose m, v or no gender marker."))
    now, changed = timezone.now(), 0
    for entry in concept_list.entries.select_related("application").filter(
        application_id__in=details
    ):
        changed += _entry_details_apply(entry, details[entry.application_id], now=now)
    if changed:
        audit_log(
            actor=actor,
            action="review.concept_list_details_saved",
            target=concept_list.vacancy,
            data={"changed": changed},
        )
    return changed


def _entry_details_apply(entry: ConceptListEntry, detail: dict, *, now) -> bool:
    consent = (entry.consent_received_at or now) if detail.get("consent") else None
    gender = str(detail.get("gender", ""))
    if consent == entry.consent_received_at and gender == entry.application.list_gender:
        return False
    entry.consent_received_at = consent
    entry.save(update_fields=["consent_received_at"])
    entry.application.list_gender = gender
    entry.application.save(update_fields=["list_gender", "updated_at"])
    return True


@transaction.atomic
def concept_list_record_adoption(*, concept_list: ConceptList, adopted_at, actor) -> ConceptList:
    """Record when the ALV adopted the list (None: not adopted). From then on its documents
    carry the title 'Candidate list' instead of marking a concept. The board, or whoever may
    edit the list, records it."""
    if not selectors.board_or_list_editor(user=actor, concept_list=concept_list):
        raise ServiceError(
            _("Only the board or the committee's chair, deputy or secretary records the adoption.")
        )
    if adopted_at is not None and adopted_at > timezone.now():
        raise ServiceError(_("The adoption cannot lie in the future."))
    # One field, written alone (update_fields), after the list's lock: it orders with saves.
    ConceptList.objects.select_for_update().filter(pk=concept_list.pk).first()
    concept_list.adopted_at = adopted_at
    concept_list.save(update_fields=["adopted_at", "updated_at"])
    audit_log(
        actor=actor,
        action="review.concept_list_adopted" if adopted_at else "review.concept_list_unadopted",
        target=concept_list.vacancy,
        data={"adopted_at": adopted_at.isoformat() if adopted_at else None},
    )
    return concept_list


def concept_list_move_up(application: Application) -> None:
    """After a withdrawal: the candidate leaves the list and everyone behind moves up one
    place; the history says why. (Registered as an applications after-withdraw hook.)"""
    entry = ConceptListEntry.objects.filter(application=application).first()
    if entry is None:
        return
    concept_list = ConceptList.objects.select_for_update().get(pk=entry.concept_list_id)
    # Read again under the list's lock: a save that came first may have moved or dropped it.
    entry = concept_list.entries.filter(application=application).first()
    if entry is None:
        return
    position = entry.position
    entry.delete()
    for behind in concept_list.entries.filter(position__gt=position).order_by("position"):
        behind.position -= 1
        behind.save(update_fields=["position"])
    _next_revision(concept_list)
    _record_version(
        concept_list,
        actor=application.applicant,
        reason=_("%(name)s withdrew from place %(place)d; those behind moved up.")
        % {"name": application.full_name, "place": position},
    )


# --- Interviews ----------------------------------------------------------------------------

ROUND_STATUS = {ReviewRound.ROUND_1: S.ROUND_1, ReviewRound.ROUND_2: S.ROUND_2}


def _require_planner(*, user, vacancy) -> None:
    if not selectors.plans_interviews(user=user, vacancy=vacancy):
        raise ServiceError(_("Only the chair, the deputy or the secretary plans interviews."))


@transaction.atomic
def slot_create(
    *, vacancy, round_: str, starts_at, ends_at, location="", online_link="", panel=(), actor
) -> InterviewSlot:
    """A time for one interview and its panel, drawn from the committee's scoring members."""
    _require_planner(user=actor, vacancy=vacancy)
    if ends_at <= starts_at:
        raise ServiceError(_("An interview ends after it starts."))
    if not (location.strip() or online_link.strip()):
        raise ServiceError(_("Give a place or an online link."))
    committee = committee_of(vacancy_id=vacancy.pk)
    seats = set(selectors.scoring_members(committee=committee).values_list("pk", flat=True))
    panel = list(panel)
    if not panel or any(person.pk not in seats for person in panel):
        raise ServiceError(_("The panel consists of members of the committee."))
    slot = InterviewSlot.objects.create(
        vacancy=vacancy,
        round=round_,
        starts_at=starts_at,
        ends_at=ends_at,
        location=location.strip(),
        online_link=online_link.strip(),
    )
    slot.panel.set(panel)
    audit_log(actor=actor, action="review.slot_created", target=vacancy, data={"slot": slot.pk})
    return slot


def interview_problems(*, slot: InterviewSlot, application: Application) -> list[str]:
    """Why this application cannot have this slot; empty when it can."""
    problems = []
    if application.vacancy_id != slot.vacancy_id:
        problems.append(_("The slot belongs to another vacancy."))
    if application.status != ROUND_STATUS.get(slot.round):
        problems.append(
            _("%(name)s is not in %(round)s.")
            % {"name": application.full_name, "round": slot.get_round_display()}
        )
    taken = getattr(slot, "interview", None)
    if taken is not None and taken.application_id != application.pk:
        problems.append(_("This slot is taken."))
    conflicted = [
        str(person)
        for person in slot.panel.all()
        if is_conflicted(person_id=person.pk, application_id=application.pk)
    ]
    if conflicted:
        problems.append(
            _("Conflict of interest in the panel: %(names)s.") % {"names": ", ".join(conflicted)}
        )
    day = timezone.localtime(slot.starts_at).date()
    if application.availability.filter(date__date=day, available=False).exists():
        problems.append(
            _("%(name)s said they cannot come on %(day)s.")
            % {"name": application.full_name, "day": formats.date_format(day, "j F")}
        )
    if (
        slot.vacancy.disability_priority_interview
        and not PriorityInterviewCheck.objects.filter(
            vacancy_id=slot.vacancy_id, round=slot.round
        ).exists()
    ):
        problems.append(
            _(
                "First tick the checklist: every applicant with a disability among the best "
                "qualified has been invited."
            )
        )
    return problems


def _send_invitation(interview: Interview, *, kind: str, template: str) -> None:
    application = interview.application
    notification_queue(
        kind=f"{kind}.{interview.sequence}",
        recipient=application.applicant.email,
        language=application.applicant.language or "nl",
        template=template,
        context={"interview": interview, "slot": interview.slot, "application": application},
        target=interview,
        attachments=[
            {
                "filename": "uitnodiging.ics",
                "content_type": "text/calendar; method=REQUEST; charset=utf-8",
                "content": interview_calendar(interview).decode(),
            }
        ],
    )


@transaction.atomic
def interview_invite(*, slot: InterviewSlot, application: Application, actor) -> Interview:
    """Invite the applicant to this slot, with a calendar invitation by e-mail."""
    _require_planner(user=actor, vacancy=slot.vacancy)
    # The application first, then the slot (as everywhere): two planners inviting one applicant
    # to two slots, or two applicants to one slot, are decided one after the other.
    application = Application.objects.select_for_update().get(pk=application.pk)
    slot = InterviewSlot.objects.select_for_update().get(pk=slot.pk)
    problems = interview_problems(slot=slot, application=application)
    if Interview.objects.filter(
        application=application, round=slot.round, status=InterviewStatus.INVITED
    ).exists():
        problems.append(_("Already invited in this round; reschedule instead."))
    if problems:
        raise ServiceError(" ".join(problems))
    Interview.objects.filter(application=application, round=slot.round).delete()
    interview = Interview.objects.create(slot=slot, application=application, round=slot.round)
    _send_invitation(interview, kind="review.interview", template="review/email/interview")
    audit_log(actor=actor, action="review.interview_invited", target=application)
    return interview


@transaction.atomic
def interview_reschedule(*, interview: Interview, slot: InterviewSlot, actor) -> Interview:
    """Move an interview to another slot: the same calendar event, a higher sequence."""
    _require_planner(user=actor, vacancy=slot.vacancy)
    interview = Interview.objects.select_for_update().get(pk=interview.pk)
    slot = InterviewSlot.objects.select_for_update().get(pk=slot.pk)
    if slot.round != interview.round:
        raise ServiceError(_("Choose a slot of the same round."))
    problems = interview_problems(slot=slot, application=interview.application)
    if problems:
        raise ServiceError(" ".join(problems))
    interview.slot = slot
    interview.sequence += 1
    interview.status = InterviewStatus.INVITED
    interview.save(update_fields=["slot", "sequence", "status", "updated_at"])
    _send_invitation(
        interview, kind="review.interview_moved", template="review/email/interview_moved"
    )
    audit_log(actor=actor, action="review.interview_rescheduled", target=interview.application)
    return interview


def interview_calendar(interview: Interview) -> bytes:
    slot = interview.slot
    calendar = Calendar()
    calendar.add("prodid", f"-//{settings.SITE_NAME}//bij1_recruit//NL")
    calendar.add("version", "2.0")
    calendar.add("method", "REQUEST")
    event = Event()
    event.add("uid", f"interview-{interview.pk}@bij1-recruit")
    event.add("sequence", interview.sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", slot.starts_at)
    event.add("dtend", slot.ends_at)
    event.add(
        "summary",
        _("Interview: %(title)s") % {"title": interview.application.vacancy.title},
    )
    if slot.location:
        event.add("location", slot.location)
    if slot.online_link:
        event.add("url", slot.online_link)
        event.add("description", slot.online_link)
    calendar.add_component(event)
    return calendar.to_ical()


@transaction.atomic
def priority_check_tick(*, vacancy, round_: str, note: str = "", actor) -> PriorityInterviewCheck:
    """The chair confirms that applicants with a disability among the best qualified are
    invited, as the vacancy promises."""
    if not selectors.holds_role(user=actor, vacancy_id=vacancy.pk, roles=selectors.CHAIR_ROLES):
        raise ServiceError(_("Only the chair or the deputy ticks this checklist."))
    if round_ not in ReviewRound.values:
        raise ServiceError(_("Choose the round."))
    note = posted_text(note, max_length=NOTE_MAX_LENGTH)
    check, _created = PriorityInterviewCheck.objects.get_or_create(
        vacancy=vacancy, round=round_, defaults={"ticked_by": actor, "note": note.strip()}
    )
    audit_log(actor=actor, action="review.priority_checked", target=vacancy, data={"round": round_})
    return check


# --- Board advice --------------------------------------------------------------------------


@transaction.atomic
def advice_record(
    *, application: Application, portfolio, suitable: bool, reasons: str, actor
) -> BoardAdvice:
    """For a board call: the committee's judgement per portfolio, always with reasons."""
    if not is_acting_chair(user=actor, application=application):
        raise ServiceError(_("The acting chair records the committee's advice."))
    if application.vacancy.kind != VacancyKind.BOARD:
        raise ServiceError(_("Advice per portfolio is for board calls."))
    if portfolio.vacancy_id != application.vacancy_id:
        raise ServiceError(_("Choose a portfolio of this vacancy."))
    if not posted_text(reasons, max_length=NOTE_MAX_LENGTH).strip():
        raise ServiceError(_("Give the reasons: the statutes ask for them either way."))
    advice, _created = BoardAdvice.objects.update_or_create(
        application=application,
        portfolio=portfolio,
        defaults={"suitable": suitable, "reasons": reasons.strip(), "decided_by": actor},
    )
    audit_log(
        actor=actor,
        action="review.advice",
        target=application,
        data={"portfolio": portfolio.pk, "suitable": suitable},
    )
    return advice


# --- The confidential notice ---------------------------------------------------------------


def _notify_place(entry: ConceptListEntry) -> None:
    application = entry.application
    notification_queue(
        kind="review.confidential_notice",
        recipient=application.applicant.email,
        language=application.applicant.language or "nl",
        template="review/email/confidential_notice",
        context={
            "application": application,
            "vacancy": application.vacancy,
            "entry": entry,
            "withdrawal_deadline": withdrawal_deadline(application.vacancy),
        },
        target=application,
    )


@transaction.atomic
@transaction.atomic
def not_selected_reason_save(*, concept_list: ConceptList, reason: str, actor) -> None:
    """The reason the confidential notice gives candidates who are not on the list."""
    concept_list = ConceptList.objects.select_for_update().get(pk=concept_list.pk)
    if not selectors.may_edit_list(user=actor, concept_list=concept_list):
        raise ServiceError(_("Only the chair, the deputy or the secretary sends the notice."))
    concept_list.not_selected_reason = posted_text(reason, max_length=NOTE_MAX_LENGTH).strip()
    concept_list.save(update_fields=["not_selected_reason", "updated_at"])


def confidential_notice_send(*, concept_list: ConceptList, actor=None) -> int:
    """Tell every candidate, confidentially, where the committee proposes them — or that they
    are not on the list, with the list's reason. Candidates on the list become "told the
    outcome" and can confirm or withdraw until the withdrawal deadline. Once per list; the
    beat task sends it on the timeline's date, the chair may send it earlier. Returns the
    number of candidates told."""
    concept_list = ConceptList.objects.select_for_update().get(pk=concept_list.pk)
    if actor is not None and not selectors.may_edit_list(user=actor, concept_list=concept_list):
        raise ServiceError(_("Only the chair, the deputy or the secretary sends the notice."))
    if concept_list.notice_sent_at is not None:
        raise ServiceError(_("The confidential notice has been sent already."))
    entries = list(
        concept_list.entries.select_related("application__applicant", "application__vacancy")
    )
    if not entries:
        raise ServiceError(_("The concept list is empty."))
    placed = {entry.application_id for entry in entries}
    # Every application of the vacancy is locked and its status read anew, so a step the
    # committee takes at the same moment comes wholly before or after the notice.
    locked = {
        a.pk: a
        for a in Application.objects.select_for_update(of=("self",))
        .filter(vacancy_id=concept_list.vacancy_id)
        .select_related("applicant", "vacancy")
        .order_by("pk")
    }
    for entry in entries:
        entry.application = locked[entry.application_id]
    others = [a for a in locked.values() if a.status in IN_PROCEDURE and a.pk not in placed]
    reason = concept_list.not_selected_reason.strip()
    if others and not reason:
        raise ServiceError(_("Write the reason for the candidates who are not on the list first."))
    for entry in entries:
        if entry.application.status != S.NOTIFIED:
            _pipeline_step(entry.application, S.NOTIFIED, reason="", actor=actor)
        _notify_place(entry)
    for application in others:
        _pipeline_step(application, S.NOT_SELECTED, reason=reason, actor=actor)
    concept_list.notice_sent_at = timezone.now()
    concept_list.save(update_fields=["notice_sent_at", "updated_at"])
    audit_log(
        actor=actor,
        action="review.confidential_notice",
        target=concept_list.vacancy,
        data={"placed": len(entries), "not_selected": len(others)},
    )
    return len(entries) + len(others)


def confidential_notices_due(*, today=None) -> int:
    """Send the notice of every list whose date on the timeline has come (beat task)."""
    today = today or timezone.localdate()
    due = ConceptList.objects.filter(
        notice_sent_at__isnull=True,
        entries__isnull=False,
        vacancy__milestones__kind=MilestoneKind.CONFIDENTIAL_NOTICE,
        vacancy__milestones__dates__precision=DatePrecision.DAY,
        vacancy__milestones__dates__date__lte=today,
    ).distinct()
    told = 0
    for concept_list in due:
        try:
            told += confidential_notice_send(concept_list=concept_list)
        except ServiceError:
            logger.warning("Confidential notice for %s is not ready", concept_list.vacancy)
    return told


@transaction.atomic
def notice_confirm(*, application: Application, actor) -> ConceptListEntry:
    """The candidate accepts the proposed place."""
    if application.applicant_id != actor.pk:
        raise ServiceError(_("Only the candidate confirms their place."))
    application = Application.objects.select_for_update().get(pk=application.pk)
    entry = ConceptListEntry.objects.select_for_update().filter(application=application).first()
    if entry is None or application.status != S.NOTIFIED:
        raise ServiceError(_("There is no place to confirm."))
    deadline = withdrawal_deadline(application.vacancy)
    if deadline is not None and timezone.now() > deadline:
        raise ServiceError(_("The last day to answer has passed; contact the committee."))
    if entry.confirmed_at is None:
        entry.confirmed_at = timezone.now()
        entry.save(update_fields=["confirmed_at"])
        audit_log(actor=actor, action="review.place_confirmed", target=application)
    return entry


# --- Appeals -------------------------------------------------------------------------------

APPEAL_PERIOD = timedelta(days=14)
APPEALABLE = (S.NOT_SELECTED, S.NOTIFIED)


def appeal_deadline(application: Application):
    """Two weeks after the committee's decision reached the applicant; None if there is
    nothing to appeal."""
    if application.status not in APPEALABLE:
        return None
    step = application.transitions.filter(to_status=application.status).order_by("-at").first()
    return (step.at if step else application.updated_at) + APPEAL_PERIOD


@transaction.atomic
def appeal_lodge(*, application: Application, reasons: str, actor) -> Appeal:
    if application.applicant_id != actor.pk:
        raise ServiceError(_("Only the applicant lodges an appeal."))
    # Locked, so a second press (or tab) waits and then finds the first appeal.
    application = Application.objects.select_for_update().get(pk=application.pk)
    deadline = appeal_deadline(application)
    if deadline is None:
        raise ServiceError(_("There is no decision to appeal against."))
    if timezone.now() > deadline:
        raise ServiceError(_("The period for an appeal has ended."))
    if not reasons.strip():
        raise ServiceError(_("Give your reasons: what went wrong in the procedure?"))
    if Appeal.objects.filter(application=application).exists():
        raise ServiceError(_("You have lodged an appeal already."))
    appeal = Appeal.objects.create(application=application, reasons=reasons.strip())
    audit_log(actor=actor, action="review.appeal_lodged", target=application)
    return appeal


def _may_handle_appeal(user, *, board: bool) -> bool:
    group = BOARD if board else DISPUTES_COMMITTEE
    return in_group(user, group)


@transaction.atomic
def appeal_update(
    *,
    appeal: Appeal,
    actor,
    hearing_at=None,
    hearing_notes: str | None = None,
    advice: str | None = None,
    decision: str | None = None,
) -> Appeal:
    """The disputes committee plans the hearing, writes its notes and its advice; the board
    decides after the advice. Each step is dated when it is first written; the applicant
    hears the decision by e-mail."""
    appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
    if appeal.decided_at is not None:
        raise ServiceError(_("The board has decided on this appeal; its file is closed."))
    now = timezone.now()
    committee_work = any(v not in (None, "") for v in (hearing_at, hearing_notes, advice))
    if committee_work and not _may_handle_appeal(actor, board=False):
        raise ServiceError(_("The disputes committee handles hearings and advice."))
    if hearing_at is not None:
        appeal.hearing_at = hearing_at
        appeal.status = AppealStatus.HEARING
    if hearing_notes:
        appeal.hearing_notes = hearing_notes.strip()
        appeal.hearing_noted_at = appeal.hearing_noted_at or now
    if advice:
        appeal.advice = advice.strip()
        appeal.advised_at = appeal.advised_at or now
        appeal.status = AppealStatus.ADVISED
    if decision:
        if not _may_handle_appeal(actor, board=True):
            raise ServiceError(_("The board decides on an appeal."))
        if not appeal.advice:
            raise ServiceError(_("The board decides after the disputes committee's advice."))
        if appeal.decided_at is not None:
            raise ServiceError(_("The board has decided already."))
        appeal.decision, appeal.decided_at = decision.strip(), now
        appeal.status = AppealStatus.DECIDED
        applicant = appeal.application.applicant
        notification_queue(
            kind="review.appeal_decided",
            recipient=applicant.email,
            language=applicant.language or "nl",
            template="review/email/appeal_decided",
            context={"appeal": appeal, "application": appeal.application},
            target=appeal.application,
        )
    appeal.save()
    written = {
        name: value
        for name, value in (
            ("hearing_at", hearing_at),
            ("hearing_notes", hearing_notes),
            ("advice", advice),
            ("decision", decision),
        )
        if value not in (None, "")
    }
    audit_log(
        actor=actor,
        action="review.appeal_updated",
        target=appeal.application,
        data={"written": sorted(written)},
    )
    return appeal


@transaction.atomic
def appeal_attach(*, appeal: Appeal, uploaded, actor) -> AppealDocument:
    """A document for the case (PDF, DOCX or ODT, checked by content): from the applicant
    until the decision, or from the disputes committee."""
    # Locked: a document the applicant sends while the board decides comes before or after.
    appeal = Appeal.objects.select_for_update().select_related("application").get(pk=appeal.pk)
    own = appeal.application.applicant_id == actor.pk
    if not (own or _may_handle_appeal(actor, board=False)):
        raise ServiceError(_("You cannot add documents to this appeal."))
    if appeal.decided_at is not None:  # the decided file stays as the board read it
        raise ServiceError(_("The appeal has been decided."))
    inspected = inspect_upload(uploaded, kind=FileKind.LETTER)
    document = AppealDocument(
        appeal=appeal,
        original_name=uploaded.name[-200:],
        extension=inspected.extension,
        content_type=inspected.content_type,
        uploaded_by=actor,
    )
    document.file.save("upload", uploaded, save=False)
    document.save()
    audit_log(actor=actor, action="review.appeal_document", target=appeal.application)
    return document


def may_read_appeal(*, user, appeal: Appeal) -> bool:
    return appeal.application.applicant_id == user.pk or any(
        _may_handle_appeal(user, board=board) for board in (False, True)
    )


@transaction.atomic
def concept_list_adopt(
    *, concept_list: ConceptList, application_ids: list[int], reason, actor, pushers=None
):
    """The ALV adopted the list in this order (voting.list_services): it replaces the
    committee's order, keeps each candidate's confirmation and consent, and is recorded as
    adopted now. List pushers are ``pushers`` (application ids) when the ALV decided them,
    else the committee's marks. The committee's own order stays in the list's history."""
    concept_list = ConceptList.objects.select_for_update().get(pk=concept_list.pk)
    kept = {
        entry.application_id: entry
        for entry in concept_list.entries.all()  # the committee's places, before the vote
    }
    concept_list.entries.all().delete()
    ConceptListEntry.objects.bulk_create(
        ConceptListEntry(
            concept_list=concept_list,
            application_id=application_id,
            position=position,
            is_pusher=application_id in pushers
            if pushers is not None
            else getattr(kept.get(application_id), "is_pusher", False),
            justification=getattr(kept.get(application_id), "justification", ""),
            confirmed_at=getattr(kept.get(application_id), "confirmed_at", None),
            consent_received_at=getattr(kept.get(application_id), "consent_received_at", None),
        )
        for position, application_id in enumerate(application_ids, 1)
    )
    concept_list.adopted_at = timezone.now()
    concept_list.save(update_fields=["adopted_at"])
    _next_revision(concept_list)
    _record_version(concept_list, actor=actor, reason=str(reason))
    audit_log(actor=actor, action="review.concept_list_adopted", target=concept_list.vacancy)
    return concept_list


def interview_slots_purge(now) -> int:
    """The slots (with their panels) of procedures that ended longer ago than their period
    (core.retention) go, with the interviews planned in them."""
    cutoff = now - period("interview_slots")
    old = InterviewSlot.objects.filter(
        vacancy__ended_at__isnull=False, vacancy__ended_at__lt=cutoff
    )
    interviews = Interview.objects.filter(slot__in=old).delete()[0]
    return interviews + old.delete()[0]
