"""Reads that decide what a committee member may reach. Every path into an application —
admin list and detail, media, scores, panels, rankings, exports — starts from
``applications_for_reviewer`` or asks ``may_review``, so a conflict excludes everywhere."""

import statistics
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Avg,
    Case,
    Count,
    Exists,
    F,
    Max,
    Min,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import IN_PROCEDURE, Application, ApplicationStatus
from applications.selectors import matching_segments, transcripts_matching
from integrity.selectors import (
    conflicted_application_ids,
    conflicted_person_ids,
    is_conflicted,
    scanned_application_ids,
)
from members.permissions import in_group
from members.roles import BOARD
from review.models import (
    SCORING_ROUND,
    Committee,
    CommitteeMember,
    CommitteeRole,
    CommitteeVacancy,
    ReviewRound,
    Scorecard,
)

CHAIR_ROLES = (CommitteeRole.CHAIR, CommitteeRole.DEPUTY_CHAIR)
# Who runs the procedure (moves applications, plans interviews, edits the list).
MANAGING_ROLES = (*CHAIR_ROLES, CommitteeRole.SECRETARY)
SCORING_ROLES = (*CHAIR_ROLES, CommitteeRole.MEMBER)
# Members disagree when their weighted scores (1 to 5) lie this far apart or more.
DISAGREEMENT_SPREAD = Decimal("1.5")


def reviewer_seat_rows() -> QuerySet:
    """Every seat as (user_id, vacancy_id): what integrity's checks join against."""
    return (
        CommitteeMember.objects.annotate(vacancy_id=F("committee__vacancy_links__vacancy_id"))
        .filter(vacancy_id__isnull=False)
        .order_by()
        .values_list("user_id", "vacancy_id")
    )


def seats_of(*, user) -> QuerySet:
    return CommitteeMember.objects.filter(user=user).select_related("committee")


def unaccepted_seats(*, user) -> QuerySet:
    """Seats whose confidentiality agreement the person has not accepted yet: the committee's
    pages send them to accept it first."""
    return seats_of(user=user).filter(confidentiality_accepted_at__isnull=True)


def has_seat(*, user) -> bool:
    """Whether the user sits on any committee; asked by every committee admin on every page,
    so read once per user object (per request)."""
    if not user.is_authenticated:
        return False
    if not hasattr(user, "_has_seat"):
        user._has_seat = CommitteeMember.objects.filter(user=user).exists()
    return user._has_seat


def committee_of(*, vacancy_id: int) -> Committee | None:
    link = CommitteeVacancy.objects.filter(vacancy_id=vacancy_id).select_related("committee")
    first = link.first()
    return first.committee if first else None


def _ready_seats(user) -> QuerySet:
    """The gate of every committee path: seats whose holder accepted the confidentiality
    agreement and whose conflicts were checked. Nothing counts a seat that is not ready."""
    return CommitteeMember.objects.filter(
        user=user,
        confidentiality_accepted_at__isnull=False,
        conflicts_checked_at__isnull=False,
    )


def applications_for_reviewer(*, user) -> QuerySet:
    """The sent applications of the vacancies this person judges, once they accepted the
    confidentiality agreement and their seat was checked, minus every application they have
    an open or confirmed conflict with, and minus any the check has not covered yet."""
    if not user.is_authenticated:
        return Application.objects.none()
    vacancy_ids = CommitteeVacancy.objects.filter(
        committee__in=_ready_seats(user).values("committee")
    ).values("vacancy_id")
    return (
        Application.objects.filter(vacancy_id__in=vacancy_ids)
        .exclude(status=ApplicationStatus.DRAFT)
        .filter(pk__in=scanned_application_ids())
        .exclude(pk__in=conflicted_application_ids(person_id=user.pk))
    )


def may_review(*, user, application: Application) -> bool:
    return applications_for_reviewer(user=user).filter(pk=application.pk).exists()


def recordings_withheld(*, user, application: Application) -> bool:
    """The score-from-transcript mode of a vacancy: a scoring member reads the transcript and
    the letter, and sees or hears the video and voice note only once they submitted a
    scorecard for this application. (The secretary, who does not score, sees them.)"""
    if not application.vacancy.score_from_transcript:
        return False
    if not scores_as_member(user=user, application=application):
        return False
    return not Scorecard.objects.filter(
        application=application, reviewer=user, submitted_at__isnull=False
    ).exists()


@dataclass(frozen=True)
class TranscriptHit:
    application: Application
    transcript: object  # applications.models.Transcript
    segments: list[dict]


def transcript_search(*, user, query: str, limit: int = 100) -> list[TranscriptHit]:
    """Search the transcripts of the applications this person may judge — the same set, with
    the same conflicts left out, as every other path to an application and its recordings."""
    reachable = applications_for_reviewer(user=user)
    hits = []
    for transcript in transcripts_matching(applications=reachable, query=query)[:limit]:
        segments = transcript.current_segments
        hits.append(
            TranscriptHit(
                application=transcript.file.application,
                transcript=transcript,
                segments=matching_segments(segments, query) or segments[:1],
            )
        )
    return hits


def acting_chair(*, committee: Committee, application: Application):
    """Who chairs the committee for this application: the chair, or the deputy when the chair
    has a conflict with it. None when both have one (the board must appoint another)."""
    seats = {
        seat.role: seat.user
        for seat in committee.members.filter(role__in=CHAIR_ROLES).select_related("user")
    }
    for role in CHAIR_ROLES:
        person = seats.get(role)
        if person is not None and not is_conflicted(
            person_id=person.pk, application_id=application.pk
        ):
            return person
    return None


def is_acting_chair(*, user, application: Application) -> bool:
    """The acting chair, and only behind the gate: their seat ready (``holds_role``)."""
    committee = committee_of(vacancy_id=application.vacancy_id)
    if committee is None or not user.is_authenticated:
        return False
    if not holds_role(user=user, vacancy_id=application.vacancy_id, roles=CHAIR_ROLES):
        return False
    chair = acting_chair(committee=committee, application=application)
    return chair is not None and chair.pk == user.pk


def chairs_applications(*, user) -> QuerySet:
    """Applications of committees where this person is chair or deputy chair, whatever their
    own conflicts: the chair's list of flags to resolve comes from here (filtered further by
    ``is_acting_chair`` per flag). Only seats past the gate count (``_ready_seats``)."""
    committees = _ready_seats(user).filter(role__in=CHAIR_ROLES).values("committee")
    vacancy_ids = CommitteeVacancy.objects.filter(committee__in=committees).values("vacancy_id")
    return Application.objects.filter(vacancy_id__in=vacancy_ids).exclude(
        status=ApplicationStatus.DRAFT
    )


def applied_in_committee(*, committee: Committee, user) -> bool:
    """Whether the person has an application (even a draft) in one of the committee's
    vacancies: they cannot sit on it."""
    return Application.objects.filter(
        applicant=user,
        vacancy_id__in=CommitteeVacancy.objects.filter(committee=committee).values("vacancy_id"),
    ).exists()


def seat_members_who_applied(*, committee: Committee, vacancy_id: int) -> QuerySet:
    """Members of the committee who applied for this vacancy."""
    return CommitteeMember.objects.filter(committee=committee).filter(
        Exists(Application.objects.filter(applicant_id=OuterRef("user_id"), vacancy_id=vacancy_id))
    )


def holds_role(*, user, vacancy_id: int, roles) -> bool:
    """Whether this person sits, in one of these roles, on the committee of the vacancy, with
    a ready seat (agreement accepted, conflicts checked: ``_ready_seats``). Every committee
    power — scoring, ranking, planning, the list, the notice — asks this, so none is open
    before the gate."""
    if not user.is_authenticated:
        return False
    return (
        _ready_seats(user)
        .filter(role__in=roles, committee__vacancy_links__vacancy_id=vacancy_id)
        .exists()
    )


def scoring_members(*, committee: Committee) -> QuerySet:
    """The people on the committee who score (everyone but the secretary)."""
    from members.models import User

    return User.objects.filter(committee_seats__in=committee.members.filter(role__in=SCORING_ROLES))


def scores_as_member(*, user, application: Application) -> bool:
    return holds_role(user=user, vacancy_id=application.vacancy_id, roles=SCORING_ROLES)


def is_secretary(*, user, application: Application) -> bool:
    return holds_role(
        user=user, vacancy_id=application.vacancy_id, roles=(CommitteeRole.SECRETARY,)
    )


def round_expression() -> Case:
    """The round whose scores count for an application: the one it is being scored in, or,
    once past the rounds, the latest round it has submitted scorecards in."""
    cards = Scorecard.objects.filter(application=OuterRef("pk"), submitted_at__isnull=False)
    return Case(
        *(When(status=status, then=Value(round_)) for status, round_ in SCORING_ROUND.items()),
        *(
            When(Exists(cards.filter(round=round_)), then=Value(round_))
            for round_ in (ReviewRound.ROUND_2, ReviewRound.ROUND_1)
        ),
        default=Value(ReviewRound.SCREENING),
    )


def round_of(application: Application) -> str:
    return (
        Application.objects.filter(pk=application.pk)
        .annotate(review_round=round_expression())
        .values_list("review_round", flat=True)
        .get()
    )


@dataclass(frozen=True)
class ScoreSummary:
    count: int
    mean: Decimal | None
    median: Decimal | None
    spread: Decimal | None
    disagreement: bool


def summarise(totals: list[Decimal]) -> ScoreSummary:
    if not totals:
        return ScoreSummary(0, None, None, None, False)
    spread = max(totals) - min(totals)
    return ScoreSummary(
        count=len(totals),
        mean=(sum(totals) / len(totals)).quantize(Decimal("0.01")),
        median=Decimal(statistics.median(totals)).quantize(Decimal("0.01")),
        spread=spread,
        disagreement=spread >= DISAGREEMENT_SPREAD,
    )


def my_scorecard(*, user, application: Application, round_: str) -> Scorecard | None:
    return (
        Scorecard.objects.filter(application=application, reviewer=user, round=round_)
        .prefetch_related("scores")
        .first()
    )


def others_scorecards(*, user, application: Application, round_: str) -> list[Scorecard] | None:
    """The submitted cards of the round, for a member who submitted their own (independent
    first) or for the secretary, who does not score. None while they are hidden."""
    if not may_review(user=user, application=application):
        return None
    if scores_as_member(user=user, application=application):
        mine = my_scorecard(user=user, application=application, round_=round_)
        if mine is None or mine.submitted_at is None:
            return None
    return list(
        Scorecard.objects.filter(application=application, round=round_, submitted_at__isnull=False)
        .exclude(reviewer_id__in=conflicted_person_ids(application_id=application.pk))
        .select_related("reviewer")
        .prefetch_related("scores__requirement")
        .order_by("reviewer__last_name")
    )


def with_score_columns(queryset: QuerySet, *, user) -> QuerySet:
    """Annotate the changelist: the round of each application, my submitted weighted score,
    and — only where I submitted mine — the number, average, lowest and highest of all
    submitted cards of that round (NULL elsewhere, also for filters and orderings).
    Correlated subqueries: the query count does not depend on the number of applications."""
    cards = Scorecard.objects.filter(
        application=OuterRef("pk"), round=OuterRef("review_round"), submitted_at__isnull=False
    )

    def aggregate(function):
        return Subquery(
            cards.order_by()
            .values("application")
            .annotate(value=function("total"))
            .values("value")[:1]
        )

    from review.models import Interview, InterviewStatus

    interviews = Interview.objects.filter(
        application=OuterRef("pk"), status=InterviewStatus.INVITED
    ).order_by("-slot__starts_at")
    mine = Exists(cards.filter(reviewer=user))

    def after_mine(expression):
        # Independent first, for filters and orderings too: a figure about the others'
        # cards exists only on the rows where I submitted my own card of that round; on
        # every other row it is NULL, so ``?all_mean__gte=``, ``?card_count=``, ``?o=`` on
        # these columns cannot tell one unscored application from another.
        return Case(When(mine, then=expression), default=None)

    annotated = queryset.annotate(review_round=round_expression()).annotate(
        interview_at=Subquery(interviews.values("slot__starts_at")[:1]),
        my_total=Subquery(cards.filter(reviewer=user).values("total")[:1]),
        card_count=after_mine(
            Coalesce(
                Subquery(
                    cards.order_by().values("application").annotate(n=Count("pk")).values("n")[:1]
                ),
                0,
            )
        ),
        all_mean=after_mine(aggregate(Avg)),
        all_min=after_mine(aggregate(Min)),
        all_max=after_mine(aggregate(Max)),
    )
    return annotated


def moves_applications(*, user) -> bool:
    """Chairs, deputies and secretaries get the pipeline's bulk actions (each move is still
    checked per application)."""
    if not user.is_authenticated:
        return False
    return _ready_seats(user).filter(role__in=MANAGING_ROLES).exists()


# --- Concept list and representation -------------------------------------------------------


def list_pool(*, user, vacancy) -> QuerySet:
    """The candidates of a vacancy still in the procedure that this person may judge."""
    return applications_for_reviewer(user=user).filter(vacancy=vacancy, status__in=IN_PROCEDURE)


def may_edit_list(*, user, concept_list) -> bool:
    """The chair, deputy or secretary edits the list, and only without a conflict with any
    candidate in the procedure: the whole order is in view while editing."""
    if not holds_role(user=user, vacancy_id=concept_list.vacancy_id, roles=MANAGING_ROLES):
        return False
    candidates = Application.objects.filter(
        vacancy_id=concept_list.vacancy_id, status__in=IN_PROCEDURE
    )
    return not candidates.filter(pk__in=conflicted_application_ids(person_id=user.pk)).exists()


def board_or_list_editor(*, user, concept_list) -> bool:
    """Who prepares the list's documents for the board and records its adoption: the board,
    and whoever may edit the list (``may_edit_list``)."""
    if not user.is_authenticated:
        return False
    return in_group(user, BOARD) or may_edit_list(user=user, concept_list=concept_list)


def list_entries_for(*, user, concept_list) -> tuple[list, int]:
    """The places a member may see, and how many are hidden because of their conflicts."""
    entries = list(concept_list.entries.select_related("application").order_by("position"))
    hidden = set(
        conflicted_application_ids(person_id=user.pk).values_list("application_id", flat=True)
    )
    visible = [entry for entry in entries if entry.application_id not in hidden]
    return visible, len(entries) - len(visible)


SMALL_GROUP = 5
AGE_BANDS = [(0, 30, "< 30"), (30, 45, "30–44"), (45, 60, "45–59"), (60, 200, "60+")]
OTHER_BRANCHES = "branch:*"


@dataclass(frozen=True)
class GroupFigure:
    """One group's size in a segment of the list. A figure that may not be shown is
    ``hidden``: its count, percentage and target check are None, so no template can show them
    by mistake (``representation`` says when that is)."""

    key: str
    label: str
    count: int | None
    percent: int | None
    hidden: bool
    target: int | None = None
    meets_target: bool | None = None


@dataclass(frozen=True)
class Segment:
    label: str
    size: int
    groups: list[GroupFigure]
    ages: list[GroupFigure]
    regions: list[GroupFigure]


def _shows(count: int, size: int) -> bool:
    """At least SMALL_GROUP people in the group and at least SMALL_GROUP not in it."""
    return count >= SMALL_GROUP and size - count >= SMALL_GROUP


def _close_partition(shown: set[str], counts: dict[str, int]) -> bool:
    """Rows that split a segment add up to it, so the rows not shown give their total away;
    while that total is under SMALL_GROUP (0 included), hide the smallest shown row too.
    True when it hid one."""
    hid = False
    while shown and len(shown) < len(counts):
        if sum(n for key, n in counts.items() if key not in shown) >= SMALL_GROUP:
            break
        shown.discard(min(shown, key=lambda key: (counts[key], key)))
        hid = True
    return hid


def _suppress(
    first: dict[str, int], first_size: int, whole: dict[str, int], whole_size: int, *, split: bool
) -> tuple[set[str], set[str]]:
    """The rows the first places and the whole list may show (rules 1 to 3 of
    ``representation``); ``split`` when the rows split the segment (age bands, branches)."""
    shown_whole = {key for key, n in whole.items() if _shows(n, whole_size)}
    shown_first = {key for key, n in first.items() if _shows(n, first_size)}
    if split:
        _close_partition(shown_whole, whole)
    rest_size = whole_size - first_size
    rest = {key: whole[key] - first[key] for key in whole}
    hiding = True
    while hiding:
        hiding = split and _close_partition(shown_first, first)
        if not rest_size:
            continue  # the first places are the whole list: nothing to subtract
        for key in sorted(shown_first & shown_whole):
            if not _shows(rest[key], rest_size):
                shown_first.discard(key)
                hiding = True
        derivable = shown_first & shown_whole
        undisclosed = sum(n for key, n in rest.items() if key not in derivable)
        if split and derivable and len(derivable) < len(rest) and undisclosed < SMALL_GROUP:
            shown_first.discard(min(derivable, key=lambda key: (rest[key], key)))
            hiding = True
    return shown_first, shown_whole


def _figures(
    rows: list[tuple[str, str]],
    counts: dict[str, int],
    size: int,
    shown: set[str],
    targets: dict[str, int],
) -> list[GroupFigure]:
    figures = []
    for key, label in rows:
        target = targets.get(key)
        if key not in shown:
            figures.append(GroupFigure(key, label, None, None, hidden=True, target=target))
            continue
        count = counts[key]
        figures.append(
            GroupFigure(
                key,
                label,
                count=count,
                # 5 of 1,000 is not "0 %": a shown figure is never 0 or 100.
                percent=min(99, max(1, round(100 * count / size))),
                hidden=False,
                target=target,
                meets_target=None if target is None else 100 * count >= target * size,
            )
        )
    return figures


def _counts(ids: list[int], rows: list[tuple[str, str]], keys_of) -> dict[str, int]:
    counts = dict.fromkeys((key for key, _label in rows), 0)
    for pk in ids:
        for key in keys_of(pk):
            counts[key] += 1
    return counts


def _age(born, today) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def representation(
    *, vacancy, application_ids: list[int], top: int, self_identification: bool = True
) -> list[Segment]:
    """The make-up of the list and of its first ``top`` places, against the vacancy's
    targets, in figures that single nobody out. Self-identification (``groups``) counts only
    answers the applicant let the committee see, and only for the vacancy's committee: the
    board's documents ask with ``self_identification=False`` and get no such figure at all.

    The rule, the same for every row (self-identification, age band, branch):

    1. A row is a number only when at least 5 people are in the group *and* at least 5 are
       not. 0 %, 100 %, "3 of them" and "all but 2" are never numbers, and a segment of
       fewer than 10 people shows none. Every other row reads "not shown", all alike, so not
       even the reason is told.
    2. No subtraction: where both segments show a row, the places after the first ones
       (whole list minus first places) could be worked out; when that difference fails rule
       1, the row is hidden in the *first places*, never in the whole list. The first places
       are the fewer, named, electable people, so hiding there protects those most exposed;
       and the whole list's figures then never depend on the order, so moving a candidate
       within the list changes nothing there to compare.
    3. Rows that split a segment (age bands, branches) add up to it, so the rows not shown
       give their total away: while that total — in a segment, or in the places after the
       first ones — is under 5, 0 included ("nobody over 60"), the smallest shown row is
       hidden too. Branches without a number on the whole list are pooled as "other
       branches", so that a branch's name alone does not tell someone from it is listed.
    4. "Target met" or "below" only beside a number, where it follows from it. Beside a
       hidden row it would tell on which side of the line a small or almost-whole group lies
       (for 5 named people and a 50 % target: whether at least 3 belong), so it is left out.

    Not covered: two lists that differ by one person — the list before and after a candidate
    left, or two orders tried in the builder — can still be compared. What that could tell is
    only what the committee may read per application anyway (consented answers), and the
    board sees none of it. A person placed twice counts once."""
    from applications.models import DiversityResponse
    from vacancies.models import RepresentationGroup

    application_ids = list(dict.fromkeys(application_ids))
    first, whole = application_ids[:top], application_ids
    facts = {
        a.pk: a
        for a in Application.objects.filter(pk__in=application_ids)
        .select_related("applicant__member")
        .only("pk", "date_of_birth", "applicant__member__branch")
    }
    today = timezone.localdate()
    tables = []  # (rows, keys of a person, targets, split)

    if self_identification:
        answers: dict[int, set[str]] = {pk: set() for pk in application_ids}
        for response in DiversityResponse.objects.filter(
            application_id__in=application_ids, show_to_committee=True
        ).only("application_id", "dimension", "value"):
            answers[response.application_id].add(f"{response.dimension}:{response.value}")
        targets = {
            t.counts: t.minimum_percent for t in vacancy.representation_targets.exclude(counts="")
        }
        groups = [(group.value, group.label) for group in RepresentationGroup]
        tables.append((groups, answers.__getitem__, targets, False))
    else:
        tables.append(([], lambda pk: (), {}, False))

    def age_band(pk: int) -> tuple[str, ...]:
        born = facts[pk].date_of_birth
        if born is None:
            return ()
        age = _age(born, today)
        return tuple(f"age:{low}" for low, high, _band in AGE_BANDS if low <= age < high)

    ages = [(f"age:{low}", band) for low, _high, band in AGE_BANDS]
    tables.append((ages, age_band, {}, True))

    def branch_of(pk: int) -> str:
        member = getattr(facts[pk].applicant, "member", None)
        return member.branch if member and member.branch else str(_("unknown"))

    named: dict[str, int] = {}
    for pk in whole:
        named[branch_of(pk)] = named.get(branch_of(pk), 0) + 1
    listed = {name for name, n in named.items() if _shows(n, len(whole))}
    _close_partition(listed, named)
    branches = [(f"branch:{name}", name) for name in sorted(listed)]
    if len(listed) < len(named):
        branches.append((OTHER_BRANCHES, str(_("other branches"))))

    def branch_key(pk: int) -> tuple[str]:
        name = branch_of(pk)
        return (f"branch:{name}",) if name in listed else (OTHER_BRANCHES,)

    tables.append((branches, branch_key, {}, True))

    figures: list[tuple[list[GroupFigure], list[GroupFigure]]] = []
    for rows, keys_of, targets, split in tables:
        in_first, in_whole = _counts(first, rows, keys_of), _counts(whole, rows, keys_of)
        shown_first, shown_whole = _suppress(
            in_first, len(first), in_whole, len(whole), split=split
        )
        figures.append(
            (
                _figures(rows, in_first, len(first), shown_first, targets),
                _figures(rows, in_whole, len(whole), shown_whole, targets),
            )
        )
    (groups_first, groups_whole), (ages_first, ages_whole), (branches_first, branches_whole) = (
        figures
    )
    return [
        Segment(
            label=str(_("First %(n)d places") % {"n": len(first)}),
            size=len(first),
            groups=groups_first,
            ages=ages_first,
            regions=branches_first,
        ),
        Segment(
            label=str(_("Whole list")),
            size=len(whole),
            groups=groups_whole,
            ages=ages_whole,
            regions=branches_whole,
        ),
    ]


def vacancies_judged_by(*, user) -> QuerySet:
    """The vacancies this person works on: those of the committees where their seat is past
    the gate (agreement accepted, conflicts checked). Every committee page about a vacancy —
    concept list, ranking, advice, interview planning — starts here
    (``review.permissions.may_work_on``)."""
    from vacancies.models import Vacancy

    if not user.is_authenticated:
        return Vacancy.objects.none()
    committees = _ready_seats(user).values("committee")
    return Vacancy.objects.filter(
        pk__in=CommitteeVacancy.objects.filter(committee__in=committees).values("vacancy_id")
    ).order_by("title")


def concept_list_of(*, vacancy):
    from review.models import ConceptList

    concept_list, _created = ConceptList.objects.get_or_create(vacancy=vacancy)
    return concept_list


def ranking_of(*, user, vacancy) -> list[int]:
    from review.models import MemberRanking

    ranking = MemberRanking.objects.filter(vacancy=vacancy, reviewer=user).first()
    return list(ranking.order) if ranking else []


def rankings_count(*, vacancy) -> int:
    from review.models import MemberRanking

    return MemberRanking.objects.filter(vacancy=vacancy).count()


def plans_interviews(*, user, vacancy) -> bool:
    return holds_role(user=user, vacancy_id=vacancy.pk, roles=MANAGING_ROLES)


def interview_slots(*, user, vacancy) -> QuerySet:
    """The slots of a vacancy with their interviews, minus any whose applicant this person may
    not reach (a planner with a conflict sees that slot as taken, nothing more)."""
    from review.models import InterviewSlot

    return (
        InterviewSlot.objects.filter(vacancy=vacancy)
        .select_related("interview__application")
        .prefetch_related("panel")
        .order_by("starts_at")
    )


def interviews_due(*, day) -> QuerySet:
    from review.models import Interview, InterviewStatus

    return Interview.objects.filter(
        status=InterviewStatus.INVITED, slot__starts_at__date=day
    ).select_related("slot", "application__applicant", "application__vacancy")


def board_advice_overview(*, user, vacancy) -> list[tuple]:
    """Per portfolio: the candidates judged suitable and not, with reasons — only those this
    person may see."""
    from review.models import BoardAdvice

    reachable = applications_for_reviewer(user=user).filter(vacancy=vacancy).values("pk")
    advice = (
        BoardAdvice.objects.filter(application__in=reachable)
        .select_related("application", "portfolio", "decided_by")
        .order_by("portfolio__order", "-suitable", "application__last_name")
    )
    grouped: dict = {}
    for item in advice:
        grouped.setdefault(item.portfolio, []).append(item)
    return list(grouped.items())


def seat_holders() -> QuerySet:
    """Everyone with a seat on a committee: the people the board's committee pages show."""
    from members.models import User

    return User.objects.filter(committee_seats__isnull=False).distinct()
