"""Legal holds the ALV's votes put on applications (applications.hooks): a candidate who stood
on a ballot, was nominated for a place or for list leader is part of the assembly's record —
the published result names them — so an erasure keeps their name with that record."""

from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from applications.hooks import Hold, register_hold_finder, register_record_end
from voting.models import (
    Amendment,
    Challenge,
    LeaderCandidacy,
    ListVote,
    ListVoteStep,
    Option,
    PollStatus,
)

GROUND = "candidate_list_record"


def _hold(meeting, what: str) -> Hold:
    reason = _("%(what)s at the ALV “%(meeting)s” of %(date)s") % {
        "what": what,
        "meeting": meeting.title,
        "date": date_format(meeting.starts_at.date()),
    }
    return Hold(ground=GROUND, reason=reason, since=meeting.starts_at)


def alv_records(application_ids: list[int]) -> dict[int, list[Hold]]:
    found: dict[int, list[Hold]] = {}

    def add(application_id, hold):
        found.setdefault(application_id, []).append(hold)

    for option in (
        Option.objects.filter(application_id__in=application_ids)
        .exclude(poll__status=PollStatus.DRAFT)
        .select_related("poll__meeting")
    ):
        add(
            option.application_id,
            _hold(option.poll.meeting, _("On the ballot “%(poll)s”") % {"poll": option.poll.title}),
        )
    for step in ListVoteStep.objects.filter(
        Q(nominee_id__in=application_ids) | Q(winner_id__in=application_ids)
    ).select_related("list_vote__meeting"):
        for application_id in {step.nominee_id, step.winner_id} & set(application_ids):
            add(
                application_id,
                _hold(
                    step.list_vote.meeting, _("Nominee for place %(place)d") % {"place": step.place}
                ),
            )
    for list_vote in ListVote.objects.filter(leader_id__in=application_ids).select_related(
        "meeting"
    ):
        add(list_vote.leader_id, _hold(list_vote.meeting, _("List leader")))
    return found


def blot_out_names(application_ids: list[int]) -> None:
    """A record's hold ended (applications.erasure): the ballots' copies of the name go too."""
    from applications.erasure import ERASED_NAME

    Option.objects.filter(application_id__in=application_ids).update(label=str(ERASED_NAME))


def register_holds() -> None:
    register_hold_finder(alv_records, keeps=(Challenge, Amendment, LeaderCandidacy))
    register_record_end(blot_out_names)
