"""Scoring: a member's scorecard per round, with its weighted total and the versions of
every correction after it was submitted."""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Application
from core.errors import ServiceError
from core.services import audit_log
from review import selectors
from review.models import SCORING_ROUND, CriterionScore, Recommendation, Scorecard, ScorecardVersion
from review.selectors import may_review


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
