"""Rankings and the concept list: the members' rankings and the Schulze proposal, the
committee's order with its versions and revision, consent and gender markers per place,
the ALV's adoption, and moving up after a withdrawal."""

import itertools

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import IN_PROCEDURE, Application, ListGender
from core.errors import ServiceError
from core.posted import posted_text
from core.services import audit_log
from core.text_limits import NOTE_MAX_LENGTH
from counting.schulze_paths import SchulzeResult, schulze
from review import selectors
from review.models import ConceptList, ConceptListEntry, ConceptListVersion, MemberRanking


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
