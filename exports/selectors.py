"""What the board's documents say, gathered in a fixed number of queries."""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from applications.models import Application, ApplicationStatus
from review.models import BoardAdvice, ConceptListEntry, Scorecard, Transition
from review.selectors import concept_list_of, representation, summarise


@dataclass
class CandidateAdvice:
    application: Application
    place: ConceptListEntry | None
    advice: list[BoardAdvice]
    steps: list[Transition]
    rounds: list[tuple[str, object]] = field(default_factory=list)  # (round label, summary)


def committee_advice(*, vacancy) -> dict:
    """Per sent application: its place on the concept list (with the justification) or the
    advice per portfolio, every pipeline step with its reason, and the score summary per
    round; and the list's representation in aggregates only (small groups hidden)."""
    from review.models import ReviewRound

    applications = (
        Application.objects.filter(vacancy=vacancy)
        .exclude(status=ApplicationStatus.DRAFT)
        .select_related("list_entry")
        .prefetch_related(
            Prefetch("board_advice", queryset=BoardAdvice.objects.select_related("portfolio")),
            Prefetch("transitions", queryset=Transition.objects.order_by("at")),
            Prefetch("scorecards", queryset=Scorecard.objects.filter(submitted_at__isnull=False)),
        )
        .order_by("last_name", "first_name")
    )
    candidates = []
    for application in applications:
        rounds = []
        for round_ in ReviewRound:
            totals = [
                c.total
                for c in application.scorecards.all()
                if c.round == round_ and c.total is not None
            ]
            if totals:
                rounds.append((round_.label, summarise(totals)))
        candidates.append(
            CandidateAdvice(
                application=application,
                place=getattr(application, "list_entry", None),
                advice=list(application.board_advice.all()),
                steps=list(application.transitions.all()),
                rounds=rounds,
            )
        )
    concept_list = concept_list_of(vacancy=vacancy)
    placed = list(
        concept_list.entries.order_by("position").values_list("application_id", flat=True)
    )
    candidates.sort(key=lambda c: (c.place is None, c.place.position if c.place else 0))
    return {
        "vacancy": vacancy,
        "candidates": candidates,
        "concept_list": concept_list,
        "segments": representation(
            vacancy=vacancy, application_ids=placed, top=concept_list.electable_places
        )
        if placed
        else [],
    }
