"""What the board's documents say, gathered in a fixed number of queries."""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Prefetch, QuerySet

from applications.models import Application, ApplicationStatus
from core.text import clean_name
from exports.kiesraad import (
    date_for_list,
    name_for_list,
    normalise_initials,
    prefix_for_list,
    residence_for_list,
)
from exports.models import CandidateListExport
from exports.permissions import may_export_candidate_list
from members.permissions import in_group
from members.roles import BOARD
from review.models import BoardAdvice, ConceptList, ConceptListEntry, Scorecard, Transition
from review.selectors import concept_list_of, representation, summarise, vacancies_judged_by
from vacancies.models import VacancyKind


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
    round; and the list's make-up by age and branch under ``representation``'s rule. No
    figure derived from self-identification: candidates let the committee see their answers,
    not the board, and this document is the board's (also when the chair downloads it, it is
    the same document, kept for the board among its documents)."""
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
            vacancy=vacancy,
            application_ids=placed,
            top=concept_list.electable_places,
            self_identification=False,
        )
        if placed
        else [],
    }


@dataclass(frozen=True)
class ListCandidate:
    """One place on the candidate list, with every name part as the Kiesraad writes it."""

    position: int
    is_pusher: bool
    application_id: int
    initials: str  # normalised: "A.B."
    first_name: str
    prefix: str  # lowercase: "van der"
    last_name: str
    date_of_birth: date | None
    place_of_residence: str
    country: str
    gender: str  # "m", "v" or ""
    consent_received_at: datetime | None
    raw_initials: str  # as typed, for the checks
    raw_prefix: str

    def name(self, *, with_gender: bool) -> str:
        return name_for_list(
            initials=self.initials,
            prefix=self.prefix,
            last_name=self.last_name,
            first_name=self.first_name,
            gender=self.gender if with_gender else "",
        )

    @property
    def residence(self) -> str:
        return residence_for_list(place=self.place_of_residence, country=self.country)

    @property
    def date_of_birth_text(self) -> str:
        return date_for_list(self.date_of_birth)


@dataclass(frozen=True)
class CandidateList:
    vacancy: object
    concept_list: ConceptList
    candidates: list[ListCandidate]

    @property
    def adopted(self) -> bool:
        return self.concept_list.adopted_at is not None

    @property
    def shows_gender(self) -> bool:
        """The gender marker is printed only when every candidate on the list has one."""
        return bool(self.candidates) and all(c.gender for c in self.candidates)


def candidate_list(*, vacancy) -> CandidateList:
    """The vacancy's concept list in place order, ready for the PDF and the spreadsheets: two
    queries, whatever the length of the list."""
    concept_list = concept_list_of(vacancy=vacancy)
    entries = ConceptListEntry.objects.filter(concept_list=concept_list).select_related(
        "application"
    )
    candidates = [_list_candidate(entry) for entry in entries.order_by("position")]
    return CandidateList(vacancy=vacancy, concept_list=concept_list, candidates=candidates)


def _list_candidate(entry: ConceptListEntry) -> ListCandidate:
    application = entry.application
    return ListCandidate(
        position=entry.position,
        is_pusher=entry.is_pusher,
        application_id=application.pk,
        initials=normalise_initials(clean_name(application.initials)),
        first_name=clean_name(application.first_name),
        prefix=prefix_for_list(clean_name(application.name_prefix)),
        last_name=clean_name(application.last_name),
        date_of_birth=application.date_of_birth,
        place_of_residence=clean_name(application.place_of_residence),
        country=clean_name(application.country).upper(),
        gender=application.list_gender,
        consent_received_at=entry.consent_received_at,
        raw_initials=application.initials,
        raw_prefix=application.name_prefix,
    )


def exportable_candidate_lists(*, user) -> QuerySet:
    """The candidate-list vacancies whose list this person may check and export: every one for
    the board; for a committee's chair, deputy or secretary, those of their committee where
    they have no conflict with a candidate."""
    lists = CandidateListExport.objects.filter(kind=VacancyKind.CANDIDATE_LIST)
    if not user.is_authenticated:
        return lists.none()
    if in_group(user, BOARD):
        return lists
    judged = lists.filter(pk__in=vacancies_judged_by(user=user).values("pk"))
    allowed = [v.pk for v in judged if may_export_candidate_list(user=user, vacancy=v)]
    return lists.filter(pk__in=allowed)


@dataclass
class PollReport:
    poll: object
    ballots: int
    voters: int
    quorum_met: bool
    quorum_needed: int
    rows: list[dict]
    elected: list[str]
    ranked: dict | None
    receipts_hash: str


def alv_results(*, meeting) -> dict:
    """Every closed poll of the meeting for the minutes: method, entitled/present/cast counts,
    quorum, the result with its explanation, and the hash of the published receipt list."""
    from voting.models import PollKind, PollStatus
    from voting.ranked_results import ranked_explanation
    from voting.selectors import closed_poll_counts

    polls = meeting.polls.filter(status=PollStatus.CLOSED).order_by("closed_at", "pk")
    counts = closed_poll_counts(meeting)
    reports = []
    for poll in polls:
        labels = {row["id"]: row["label"] for row in poll.result.get("options", [])}
        # Stored with the result when the poll closed (voting.services.quorum_snapshot):
        # never read from the meeting's live settings.
        quorum = poll.result.get("quorum") or {}
        reports.append(
            PollReport(
                poll=poll,
                ballots=counts[poll.pk]["ballots"],
                voters=counts[poll.pk]["voters"],
                quorum_met=quorum.get("reached", False),
                quorum_needed=quorum.get("needed", poll.quorum_at_open or 0),
                rows=poll.result.get("options", []),
                elected=[labels.get(i, str(i)) for i in poll.result.get("elected", [])],
                ranked=ranked_explanation(poll.result) if poll.kind == PollKind.RANKED else None,
                receipts_hash=counts[poll.pk]["receipts_hash"],
            )
        )
    return {"meeting": meeting, "polls": reports, "entitled": meeting.voters.count()}
