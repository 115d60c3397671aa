"""Settling the candidate list at the ALV: place by place, or the whole list with
amendments.

**Place by place.**

From the top, each place gets a vote. Its *nominee* is the first candidate of the committee's
order who is still standing. Unchallenged, the members vote yes/no/abstain on the nominee;
challenged (a candidate filed for that place in time), they choose between the nominee and
the challengers by instant-runoff. The winner takes the place and leaves the later ones; a
displaced nominee stays first in line for the next place. A rejected nominee leaves the list,
and everyone behind moves up one place. When no candidate is left standing (or the list is
full) the chair adopts the list: it is written to the concept list as the ALV's list.

**The whole list with amendments.** Before the deadline, members file amendments to the
committee's list ("put X on place n", "add Y as list pusher", "strike Z"), and other members
support them; an amendment with the supporters the statutes ask for is admitted. Each
admitted amendment is voted yes/no/abstain in the order filed, and an adopted one changes the
list at once; then the members vote yes/no/abstain on the list as amended. Adopted, it becomes
the candidate list; rejected, the board must come back with a new proposal.

The polls are ordinary polls: the chair opens and closes them from the console, members vote
on their usual ballot screen, and a result is applied the moment its poll closes.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from applications.models import Application, ApplicationStatus
from core.errors import ServiceError
from core.services import audit_log
from core.text import clean_name
from review.selectors import concept_list_of
from voting.models import (
    Amendment,
    AmendmentKind,
    AmendmentStatus,
    Challenge,
    LeaderCandidacy,
    LeaderMethod,
    LeaderRound,
    ListVote,
    ListVoteMethod,
    ListVoteStatus,
    ListVoteStep,
    Majority,
    Option,
    Poll,
    PollKind,
    PollStatus,
    Voter,
)

CANNOT_CHALLENGE = (ApplicationStatus.DRAFT, ApplicationStatus.WITHDRAWN)


def _stored(text: str, **values) -> str:
    """A text kept as data (a poll's title, a history reason) in the party's language, not in
    the language of whoever happened to click."""
    with translation.override(settings.LANGUAGE_CODE):
        return _(text) % values if values else _(text)


@dataclass
class ListState:
    """Where the procedure stands."""

    placed: list[tuple[int, Application]]  # (place, candidate), from the top
    remaining: list[Application]  # the committee's order of those still standing
    rejected: list[Application]
    pending: ListVoteStep | None  # a vote whose result has not been applied yet
    max_places: int
    challengers: list[Application] = field(default_factory=list)  # for the next place

    @property
    def next_place(self) -> int:
        return len(self.placed) + 1

    @property
    def nominee(self) -> Application | None:
        if self.next_place > self.max_places or not self.remaining:
            return None
        return self.remaining[0]

    @property
    def complete(self) -> bool:
        return self.pending is None and self.nominee is None


def list_state(list_vote: ListVote) -> ListState:
    concept_list = concept_list_of(vacancy=list_vote.vacancy)
    committee_order = [
        entry.application
        for entry in concept_list.entries.select_related("application").order_by("position")
    ]
    steps = list(list_vote.steps.select_related("nominee", "winner", "poll").order_by("pk"))
    placed = [(1, list_vote.leader)] if list_vote.leader_id else []
    placed += [(step.place, step.winner) for step in steps if step.winner_id]
    rejected = [
        step.nominee
        for step in steps
        if step.applied_at and not step.winner_id and step.poll.kind == PollKind.YES_NO_ABSTAIN
    ]
    gone = {a.pk for _place, a in placed} | {a.pk for a in rejected}
    state = ListState(
        placed=placed,
        remaining=[a for a in committee_order if a.pk not in gone],
        rejected=rejected,
        pending=next((step for step in steps if step.applied_at is None), None),
        max_places=concept_list.max_size,
    )
    if state.nominee is not None:
        state.challengers = [
            challenge.application
            for challenge in list_vote.challenges.filter(place=state.next_place)
            .select_related("application")
            .order_by("filed_at")
            if challenge.application_id not in gone | {state.nominee.pk}
        ]
    return state


@transaction.atomic
def challenge_file(*, list_vote: ListVote, application: Application, place: int, actor):
    """A candidate who applied for the vacancy stands for a place, before the deadline and
    before that place has been voted on."""
    list_vote = ListVote.objects.select_for_update().get(pk=list_vote.pk)
    if list_vote.challenges_until and timezone.now() > list_vote.challenges_until:
        raise ServiceError(_("The deadline for challenges has passed."))
    if list_vote.status == ListVoteStatus.DONE:
        raise ServiceError(_("The list has been adopted."))
    if application.vacancy_id != list_vote.vacancy_id or application.status in CANNOT_CHALLENGE:
        raise ServiceError(_("Only a candidate who applied for this list can challenge."))
    state = list_state(list_vote)
    if not state.next_place <= place <= state.max_places:
        raise ServiceError(
            _("Challenge a place from %(first)d to %(last)d.")
            % {"first": state.next_place, "last": state.max_places}
        )
    challenge, created = Challenge.objects.get_or_create(
        list_vote=list_vote, place=place, application=application
    )
    if created:
        audit_log(
            actor=actor, action="voting.challenge_filed", target=list_vote, data={"place": place}
        )
    return challenge


@transaction.atomic
def list_step_prepare(*, list_vote: ListVote, actor) -> ListVoteStep:
    """Apply the last vote's result, then prepare the vote on the next place: a draft poll
    the chair opens from the console."""
    list_vote = ListVote.objects.select_for_update().get(pk=list_vote.pk)
    if list_vote.status == ListVoteStatus.DONE:
        raise ServiceError(_("The list has been adopted."))
    if leader_pending(list_vote):
        raise ServiceError(_("First elect the list leader."))
    _apply_pending(list_vote)
    state = list_state(list_vote)
    if state.pending is not None:
        raise ServiceError(
            _("First close the vote on place %(place)d.") % {"place": state.pending.place}
        )
    nominee = state.nominee
    if nominee is None:
        raise ServiceError(_("Every place has been decided: adopt the list."))
    place, challengers = state.next_place, state.challengers
    poll = Poll.objects.create(
        meeting=list_vote.meeting,
        vacancy=list_vote.vacancy,
        title=_stored(gettext_noop("Candidate list, place %(place)d"), place=place),
        secret=True,
        seats=1,
        order=list_vote.meeting.polls.count() + 1,
        **_poll_kind(list_vote, challenged=bool(challengers)),
    )
    Option.objects.bulk_create(
        Option(poll=poll, label=clean_name(candidate.full_name), application=candidate, order=n)
        for n, candidate in enumerate([nominee, *challengers])
    )
    step = ListVoteStep.objects.create(list_vote=list_vote, place=place, poll=poll, nominee=nominee)
    if list_vote.status == ListVoteStatus.PREPARING:
        list_vote.status = ListVoteStatus.RUNNING
        list_vote.save(update_fields=["status"])
    audit_log(actor=actor, action="voting.list_place_prepared", target=poll, data={"place": place})
    return step


def _poll_kind(list_vote: ListVote, *, challenged: bool) -> dict:
    if challenged:
        return {"kind": PollKind.RANKED, "method": "irv"}
    return {"kind": PollKind.YES_NO_ABSTAIN, "majority": list_vote.majority}


def list_result_apply(*, poll: Poll) -> None:
    """When a poll on a place closes (voting.polls.poll_close): write its winner (none:
    the unchallenged nominee was rejected, or a challenged vote had no valid ballot and is
    held again)."""
    if poll.status != PollStatus.CLOSED:
        return
    step = ListVoteStep.objects.filter(poll=poll, applied_at__isnull=True).first()
    if step is not None:
        _apply(step, poll)
    adopted = bool(poll.result.get("elected"))
    Amendment.objects.filter(poll=poll, status=AmendmentStatus.FILED).update(
        status=AmendmentStatus.ADOPTED if adopted else AmendmentStatus.REJECTED
    )
    _leader_result_apply(poll)
    list_vote = (
        ListVote.objects.select_for_update()
        .filter(final_poll=poll, status=ListVoteStatus.RUNNING)
        .first()
    )
    if list_vote is not None:
        _final_vote_apply(list_vote, adopted=bool(poll.result.get("elected")))


def _apply_pending(list_vote: ListVote) -> None:
    step = (
        list_vote.steps.filter(applied_at__isnull=True, poll__status=PollStatus.CLOSED)
        .select_related("poll")
        .first()
    )
    if step is not None:
        _apply(step, step.poll)


def _apply(step: ListVoteStep, poll: Poll) -> None:
    """Write the step's result once: whoever comes second (closing the poll, preparing the
    next place) finds it applied and changes nothing."""
    elected = poll.result.get("elected") or []
    winner_id = Option.objects.get(pk=elected[0], poll=poll).application_id if elected else None
    ListVoteStep.objects.filter(pk=step.pk, applied_at__isnull=True).update(
        winner_id=winner_id, applied_at=timezone.now()
    )


@transaction.atomic
def list_vote_adopt(*, list_vote: ListVote, actor) -> ListVote:
    """The procedure is complete: the list as voted becomes the adopted candidate list."""
    from review.services import concept_list_adopt

    list_vote = ListVote.objects.select_for_update().get(pk=list_vote.pk)
    if list_vote.status == ListVoteStatus.DONE:
        raise ServiceError(_("The list has been adopted."))
    _apply_pending(list_vote)
    state = list_state(list_vote)
    if not state.complete:
        raise ServiceError(_("Not every place has been voted on yet."))
    if not state.placed:
        raise ServiceError(_("No candidate was elected to the list."))
    concept_list_adopt(
        concept_list=concept_list_of(vacancy=list_vote.vacancy),
        application_ids=[candidate.pk for _place, candidate in state.placed],
        reason=_stored(
            gettext_noop("Adopted place by place by %(meeting)s"), meeting=list_vote.meeting
        ),
        actor=actor,
    )
    list_vote.status = ListVoteStatus.DONE
    list_vote.save(update_fields=["status"])
    audit_log(
        actor=actor,
        action="voting.list_adopted",
        target=list_vote,
        data={"places": len(state.placed)},
    )
    return list_vote


# --- The whole list with amendments ---------------------------------------------------------


def amended_order(list_vote: ListVote) -> list[tuple[Application, bool]]:
    """The committee's list with every adopted amendment applied, in the order voted:
    (candidate, is list pusher) from the top."""
    concept_list = concept_list_of(vacancy=list_vote.vacancy)
    order = [
        (entry.application, entry.is_pusher)
        for entry in concept_list.entries.select_related("application").order_by("position")
    ]
    adopted = list_vote.amendments.filter(status=AmendmentStatus.ADOPTED).select_related(
        "application", "poll"
    )
    for amendment in sorted(adopted, key=lambda a: a.poll_id or 0):
        order = _amend(order, amendment)
    if list_vote.leader_id:  # the elected list leader heads the list
        order = [(list_vote.leader, False)] + [
            (a, p) for a, p in order if a.pk != list_vote.leader_id
        ]
    return order


def _amend(order: list, amendment: Amendment) -> list:
    candidate = amendment.application
    without = [(a, pusher) for a, pusher in order if a.pk != candidate.pk]
    if amendment.kind == AmendmentKind.STRIKE:
        return without
    if amendment.kind == AmendmentKind.ADD_PUSHER:
        return [*without, (candidate, True)]
    index = min(amendment.place, len(without) + 1) - 1
    return [*without[:index], (candidate, False), *without[index:]]


def amendment_admitted(amendment: Amendment) -> bool:
    return amendment.supporters.count() >= amendment.list_vote.amendment_supporters


@transaction.atomic
def amendment_file(
    *,
    list_vote: ListVote,
    voter: Voter,
    kind: str,
    application: Application,
    place=None,
    explanation: str = "",
) -> Amendment:
    """A member on the register proposes to change the list, before the deadline."""
    list_vote = ListVote.objects.select_for_update().get(pk=list_vote.pk)
    _check_amendable(list_vote, voter)
    if kind not in AmendmentKind.values:
        raise ServiceError(_("Choose what the amendment does."))
    if application.vacancy_id != list_vote.vacancy_id or application.status in CANNOT_CHALLENGE:
        raise ServiceError(_("Only a candidate who applied for this list can be proposed."))
    max_places = concept_list_of(vacancy=list_vote.vacancy).max_size
    if kind == AmendmentKind.MOVE and not (isinstance(place, int) and 1 <= place <= max_places):
        raise ServiceError(_("Choose a place from 1 to %(last)d.") % {"last": max_places})
    amendment = Amendment.objects.create(
        list_vote=list_vote,
        kind=kind,
        application=application,
        place=place if kind == AmendmentKind.MOVE else None,
        explanation=explanation.strip(),
        filed_by=voter,
    )
    audit_log(actor=voter.user, action="voting.amendment_filed", target=list_vote)
    return amendment


@transaction.atomic
def amendment_support(*, amendment: Amendment, voter: Voter) -> Amendment:
    # Locked: support that comes while the votes are being prepared waits, and is then refused.
    _check_amendable(ListVote.objects.select_for_update().get(pk=amendment.list_vote_id), voter)
    if voter.pk == amendment.filed_by_id:
        raise ServiceError(_("You filed this amendment yourself."))
    amendment.supporters.add(voter)
    return amendment


def amendments_open(list_vote: ListVote) -> bool:
    """Filing and supporting end at the deadline, or when the votes begin."""
    deadline = list_vote.challenges_until
    return list_vote.status == ListVoteStatus.PREPARING and (
        deadline is None or timezone.now() <= deadline
    )


def _check_amendable(list_vote: ListVote, voter: Voter) -> None:
    if list_vote.method != ListVoteMethod.AMENDMENTS:
        raise ServiceError(_("This list is voted on place by place, without amendments."))
    if voter.meeting_id != list_vote.meeting_id:
        raise ServiceError(_("You are not on the voter register of this meeting."))
    if not amendments_open(list_vote):
        raise ServiceError(_("Amendments can no longer be filed or supported."))


def amendment_next(list_vote: ListVote) -> Amendment | None:
    """The first admitted amendment not voted on yet, in the order filed."""
    for amendment in list_vote.amendments.filter(
        status=AmendmentStatus.FILED, poll__isnull=True
    ).select_related("application", "list_vote"):
        if amendment_admitted(amendment):
            return amendment
    return None


def amendments_pending_poll(list_vote: ListVote) -> Poll | None:
    """A poll of this list vote that has not closed yet."""
    polls = Poll.objects.filter(amendment__list_vote=list_vote) | Poll.objects.filter(
        list_final=list_vote
    )
    return polls.exclude(status=PollStatus.CLOSED).first()


@transaction.atomic
def amendment_vote_prepare(*, list_vote: ListVote, actor) -> Poll:
    """Prepare the vote on the next admitted amendment or, when none is left, the final vote
    on the list as amended: a draft yes/no/abstain poll the chair opens from the console."""
    list_vote = ListVote.objects.select_for_update().get(pk=list_vote.pk)
    if list_vote.method != ListVoteMethod.AMENDMENTS:
        raise ServiceError(_("This list is voted on place by place, without amendments."))
    if list_vote.status in (ListVoteStatus.DONE, ListVoteStatus.REJECTED) or list_vote.final_poll:
        raise ServiceError(_("The final vote on the list has been prepared already."))
    if leader_pending(list_vote):
        raise ServiceError(_("First elect the list leader."))
    pending = amendments_pending_poll(list_vote)
    if pending is not None:
        raise ServiceError(_("First close the vote on: %(poll)s") % {"poll": pending.title})
    amendment = amendment_next(list_vote)
    if amendment is not None:
        if len(_amend(amended_order(list_vote), amendment)) > _max_places(list_vote):
            raise ServiceError(_("Adopted, this amendment would make the list too long."))
        poll = _yes_no_poll(
            list_vote, title=_stored(gettext_noop("Amendment: %(what)s"), what=amendment)
        )
        amendment.poll = poll
        amendment.save(update_fields=["poll"])
    else:
        poll = _yes_no_poll(list_vote, title=_stored(gettext_noop("The candidate list as amended")))
        list_vote.final_poll = poll
    list_vote.status = ListVoteStatus.RUNNING
    list_vote.save(update_fields=["status", "final_poll"])
    audit_log(actor=actor, action="voting.list_amendment_vote_prepared", target=poll)
    return poll


def _max_places(list_vote: ListVote) -> int:
    return concept_list_of(vacancy=list_vote.vacancy).max_size


def _yes_no_poll(list_vote: ListVote, *, title: str) -> Poll:
    poll = Poll.objects.create(
        meeting=list_vote.meeting,
        vacancy=list_vote.vacancy,
        title=title,
        kind=PollKind.YES_NO_ABSTAIN,
        majority=list_vote.majority,
        secret=True,
        seats=1,
        order=list_vote.meeting.polls.count() + 1,
    )
    Option.objects.create(poll=poll, label=title, order=0)
    return poll


def _final_vote_apply(list_vote: ListVote, *, adopted: bool) -> None:
    from review.services import concept_list_adopt

    if adopted:
        concept_list_adopt(
            concept_list=concept_list_of(vacancy=list_vote.vacancy),
            application_ids=[a.pk for a, _pusher in amended_order(list_vote)],
            pushers={a.pk for a, pusher in amended_order(list_vote) if pusher},
            reason=_stored(
                gettext_noop("Adopted with amendments by %(meeting)s"), meeting=list_vote.meeting
            ),
            actor=None,
        )
    list_vote.status = ListVoteStatus.DONE if adopted else ListVoteStatus.REJECTED
    list_vote.save(update_fields=["status"])


# --- The list leader (lijsttrekker) ---------------------------------------------------------


@transaction.atomic
def leader_candidacy_file(*, list_vote: ListVote, application: Application, actor):
    """A candidate who applied for the list stands for list leader (the chair records it)."""
    list_vote = ListVote.objects.select_for_update().get(pk=list_vote.pk)
    _check_leader_open(list_vote)
    if application.vacancy_id != list_vote.vacancy_id or application.status in CANNOT_CHALLENGE:
        raise ServiceError(_("Only a candidate who applied for this list can stand."))
    candidacy, _created = LeaderCandidacy.objects.get_or_create(
        list_vote=list_vote, application=application
    )
    audit_log(actor=actor, action="voting.leader_candidacy_filed", target=list_vote)
    return candidacy


@transaction.atomic
def leader_candidacy_support(*, candidacy: LeaderCandidacy, voter: Voter) -> LeaderCandidacy:
    list_vote = ListVote.objects.select_for_update().get(pk=candidacy.list_vote_id)
    _check_leader_open(list_vote)
    if voter.meeting_id != list_vote.meeting_id:
        raise ServiceError(_("You are not on the voter register of this meeting."))
    candidacy.supporters.add(voter)
    return candidacy


def _check_leader_open(list_vote: ListVote) -> None:
    if not list_vote.leader_first:
        raise ServiceError(_("This list has no separate election of its leader."))
    if list_vote.leader_rounds.exists() or not amendments_open(list_vote):
        raise ServiceError(_("Candidacies for list leader are closed."))


def leader_candidates(list_vote: ListVote) -> list[Application]:
    """The candidacies with the support the statutes ask for, in the order filed."""
    return [
        candidacy.application
        for candidacy in list_vote.leader_candidacies.select_related("application").annotate(
            support=Count("supporters")
        )
        if candidacy.support >= list_vote.leader_supporters
    ]


def leader_pending(list_vote: ListVote) -> bool:
    """The list leader must be elected before the places or amendments are voted on."""
    return list_vote.leader_first and list_vote.leader_id is None


@transaction.atomic
def leader_round_prepare(*, list_vote: ListVote, actor) -> Poll:
    """The next round of the list leader's election: the first among every admitted candidacy
    (a ranked ballot, or one choice that needs more than half of the valid votes); for two
    rounds, a second between the two with the most votes (ties at second place included)."""
    list_vote = ListVote.objects.select_for_update().get(pk=list_vote.pk)
    if not leader_pending(list_vote):
        raise ServiceError(_("The list leader has been elected (or is not elected apart)."))
    last = list_vote.leader_rounds.select_related("poll").order_by("-number").first()
    if last is not None and last.poll.status != PollStatus.CLOSED:
        raise ServiceError(_("First close the vote on: %(poll)s") % {"poll": last.poll.title})
    if last is None:
        candidates = leader_candidates(list_vote)
    elif list_vote.leader_method == LeaderMethod.TWO_ROUNDS and last.number == 1:
        candidates = _two_best(last.poll)
    else:
        raise ServiceError(_("The election of the list leader has no further round."))
    if len(candidates) < 1:
        raise ServiceError(_("No candidacy for list leader has the support it needs."))
    number = 1 if last is None else last.number + 1
    poll = Poll.objects.create(
        meeting=list_vote.meeting,
        vacancy=list_vote.vacancy,
        title=_stored(gettext_noop("List leader, round %(number)d"), number=number),
        secret=True,
        seats=1,
        order=list_vote.meeting.polls.count() + 1,
        **_leader_poll_kind(list_vote, candidates, second_round=number > 1),
    )
    Option.objects.bulk_create(
        Option(poll=poll, label=clean_name(c.full_name), application=c, order=n)
        for n, c in enumerate(candidates)
    )
    LeaderRound.objects.create(list_vote=list_vote, number=number, poll=poll)
    list_vote.status = ListVoteStatus.RUNNING
    list_vote.save(update_fields=["status"])
    audit_log(actor=actor, action="voting.leader_round_prepared", target=poll)
    return poll


def _leader_poll_kind(list_vote: ListVote, candidates: list, *, second_round: bool) -> dict:
    if len(candidates) == 1:  # one candidate: the members say yes or no
        return {"kind": PollKind.YES_NO_ABSTAIN, "majority": Majority.SIMPLE}
    if list_vote.leader_method == LeaderMethod.IRV:
        return {"kind": PollKind.RANKED, "method": "irv"}
    # One choice among several; the first round needs more than half of the valid votes, the
    # second the most votes.
    return {
        "kind": PollKind.APPROVAL,
        "majority": Majority.SIMPLE if second_round else Majority.ABSOLUTE,
    }


def _two_best(poll: Poll) -> list[Application]:
    rows = sorted(poll.result.get("options", []), key=lambda row: -row.get("votes", 0))
    if len(rows) > 2:
        rows = [row for row in rows if row.get("votes", 0) >= rows[1].get("votes", 0)]
    options = {o.pk: o.application for o in poll.options.select_related("application")}
    return [options[row["id"]] for row in rows if options.get(row["id"])]


def _leader_round_of(poll: Poll) -> LeaderRound | None:
    """The round of the leader's election this poll decides: its own, or, for a new round
    after a tie (and its lots), the round it continues."""
    while poll is not None:
        found = LeaderRound.objects.filter(poll=poll).select_related("list_vote").first()
        if found is not None:
            return found
        poll = poll.previous_round
    return None


def _leader_result_apply(poll: Poll) -> None:
    leader_round = _leader_round_of(poll)
    elected = poll.result.get("elected") or []
    if leader_round is None or not elected or leader_round.list_vote.leader_id:
        return
    # Only the first result that elects a leader is kept.
    ListVote.objects.filter(pk=leader_round.list_vote_id, leader__isnull=True).update(
        leader_id=Option.objects.get(pk=elected[0], poll=poll).application_id
    )
