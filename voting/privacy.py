"""The ALV's part of a person's data export (core.privacy): their entries in the voter
register (name, membership number, check-ins), the proxies they gave or hold, the polls in which
a vote was recorded for them, the amendments and candidacies they filed or supported, and, as a
candidate, where they stood on ballots and the list votes.

Never how they voted: a secret ballot is stored apart from who voted and cannot be traced back
(docs/ballot-secrecy.md). ``EXPORTED_MODELS`` and ``WITHHELD_MODELS`` declare the coverage of
this module; a test fails when a model holding personal data is covered by no privacy module."""

from django.db.models import Q

from voting.models import (
    Amendment,
    Ballot,
    Challenge,
    CheckInLog,
    LeaderCandidacy,
    ListVote,
    ListVoteStep,
    Option,
    PaperBallot,
    PaperEntry,
    Poll,
    Proxy,
    Receipt,
    SealedBallot,
    Voter,
    VoteRecord,
)

EXPORTED_MODELS = (
    Amendment,
    CheckInLog,
    Challenge,
    LeaderCandidacy,
    ListVote,
    ListVoteStep,
    Option,
    Poll,
    Proxy,
    Voter,
    VoteRecord,
)
_UNLINKED = "a ballot is secret: nothing links it to a voter, by design"
WITHHELD_MODELS = {
    Ballot: _UNLINKED,
    Receipt: _UNLINKED,
    SealedBallot: _UNLINKED,
    PaperBallot: "who got which ballot paper is never recorded",
    PaperEntry: "a paper result awaiting a second teller lasts minutes: it is deleted when "
    "confirmed or withdrawn, and the audit rows of what you did as a teller are exported",
}

WITHHELD = [
    "How you voted: a secret ballot is stored apart from who voted, in a random order, without "
    "a time and without anything linking it to you, so nobody (not even we) can find your "
    "vote. We can only tell in which polls a vote was recorded for you. Choices in named "
    "(open) polls are in that meeting's published results.",
    "Your check-in code: a key for the meeting, not information about you.",
    "Who checked you in, and who filed or supported an amendment or candidacy about you: other "
    "members' names are withheld.",
]


def voters_of(user):
    return Voter.objects.filter(Q(user=user) | Q(member__user=user))


def audit_about(user) -> Q:
    """The audit rows of the user's check-ins, proxies and paper ballots handed out for their
    vote or to them (core.privacy_audit)."""
    ids = list(voters_of(user).values_list("pk", flat=True))
    return (
        Q(action__in=("voting.check_in", "voting.check_out"), data__voter__in=ids)
        | Q(Q(data__principal__in=ids) | Q(data__holder__in=ids), action="voting.proxy")
        | Q(Q(data__voter__in=ids) | Q(data__handed_to__in=ids), action="voting.paper_issued")
    )


def export_voting(user):
    voters = (
        voters_of(user)
        .select_related("meeting", "proxy_given__holder")
        .prefetch_related("checkins", "proxies_held__principal", "vote_records__poll")
        .order_by("meeting__starts_at", "pk")
    )
    return {
        "voter_register": [_voter_record(voter) for voter in voters],
        "as_candidate": _candidate_record(user),
        # As the ALV chair: the polls they voided, a decision on the assembly's record.
        "polls_voided": list(
            Poll.objects.filter(voided_by=user)
            .order_by("voided_at")
            .values("title", "meeting__title", "voided_at", "void_reason")
        ),
        "withheld": WITHHELD,
    }, []


def _voter_record(voter: Voter) -> dict:
    proxy = getattr(voter, "proxy_given", None)
    amendments = Amendment.objects.filter(filed_by=voter).select_related("application")
    return {
        "meeting": voter.meeting.title,
        "meeting_starts_at": voter.meeting.starts_at,
        "name": voter.name,
        "membership_number": voter.membership_number,
        "takes_part_online": voter.online,
        "checked_in_at": voter.checked_in_at,
        "check_ins": [
            {"at": log.at, "arrived": log.arrived}
            for log in sorted(voter.checkins.all(), key=lambda log: log.at)
        ],
        "proxy_given_to": {"name": proxy.holder.name, "given_at": proxy.given_at}
        if proxy
        else None,
        "proxies_held_for": [
            {"name": held.principal.name, "given_at": held.given_at}
            for held in voter.proxies_held.all()
        ],
        "vote_recorded_in": [
            {"poll": record.poll.title, "by_proxy": record.by_proxy, "on_paper": record.on_paper}
            for record in voter.vote_records.all()
        ],
        "amendments_filed": [
            {
                "proposal": amendment.kind,
                "candidate": amendment.application.full_name,
                "place": amendment.place,
                "explanation": amendment.explanation,
                "filed_at": amendment.filed_at,
                "status": amendment.status,
            }
            for amendment in amendments
        ],
        "amendments_supported": list(
            Amendment.objects.filter(supporters=voter).values("kind", "place", "filed_at")
        ),
        "leader_candidacies_supported": [
            candidacy.application.full_name
            for candidacy in LeaderCandidacy.objects.filter(supporters=voter).select_related(
                "application"
            )
        ],
    }


def _candidate_record(user) -> dict:
    mine = Q(application__applicant=user)
    return {
        "on_ballots": list(
            Option.objects.filter(mine).values(
                "label", "poll__title", "poll__meeting__title", "poll__closed_at"
            )
        ),
        "list_places_voted_on": [
            {
                "list": step.list_vote.vacancy.title,
                "place": step.place,
                "nominee": step.nominee.applicant_id == user.pk,
                "elected": step.winner_id is not None and step.winner.applicant_id == user.pk,
                "applied_at": step.applied_at,
            }
            for step in ListVoteStep.objects.filter(
                Q(nominee__applicant=user) | Q(winner__applicant=user)
            ).select_related("list_vote__vacancy", "nominee", "winner")
        ],
        "elected_list_leader": list(
            ListVote.objects.filter(leader__applicant=user).values(
                "vacancy__title", "meeting__title"
            )
        ),
        "challenges_filed": list(
            Challenge.objects.filter(mine).values("list_vote__vacancy__title", "place", "filed_at")
        ),
        "leader_candidacies": [
            {
                "list": candidacy.list_vote.vacancy.title,
                "filed_at": candidacy.filed_at,
                "supporters": candidacy.supporters.count(),
            }
            for candidacy in LeaderCandidacy.objects.filter(mine).select_related(
                "list_vote__vacancy"
            )
        ],
        "amendments_about_you": list(
            Amendment.objects.filter(mine).values(
                "kind", "place", "explanation", "filed_at", "status"
            )
        ),
    }


def kept_voter_entries(user) -> list:
    """The ALV's registers are its minutes: who could vote and who was present decide the
    quorum and the count, so an erased account's entries stay (unlinked from the account)."""
    from django.utils.translation import gettext as _

    from core.privacy import Kept

    if not voters_of(user).exists():
        return []
    return [
        Kept(
            what=_(
                "Your entries in the voter registers of ALVs (name, membership number, "
                "presence; never how you voted)"
            ),
            ground=_("the ALV's minutes: who could vote, and whether the quorum was met"),
        )
    ]
