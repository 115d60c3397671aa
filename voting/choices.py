"""What a ballot may say, and the one form it is stored in (DESIGN §5).

Every ballot — cast on a phone, by a proxy holder, or entered from a paper by the tellers —
passes ``clean_choices`` before it is stored, and the count reads only what ``readable``
accepts. Stored forms, per poll kind:
  yes/no/abstain: {"<option id>": "yes" | "no" | "abstain"} for every option of the poll;
  approval: the sorted list of approved option ids (empty: blank);
  ranked: the list of option ids, best first, each at most once (empty: blank).
"""

from django.utils.translation import gettext as _

from core.errors import ServiceError
from voting.models import PollKind

YES, NO, ABSTAIN = "yes", "no", "abstain"


def clean_choices(*, kind: str, option_ids: frozenset[int], seats: int, choices) -> dict | list:
    """The canonical form of ``choices`` for a poll of ``kind`` with these options, or
    ServiceError with the reason shown to the voter."""
    if kind == PollKind.RANKED:
        return _clean_ranking(option_ids, choices)
    if kind == PollKind.YES_NO_ABSTAIN:
        if not isinstance(choices, dict) or {_as_int(k) for k in choices} != option_ids:
            raise ServiceError(_("Choose yes, no or abstain for every candidate."))
        if any(value not in (YES, NO, ABSTAIN) for value in choices.values()):
            raise ServiceError(_("Choose yes, no or abstain for every candidate."))
        return {str(k): v for k, v in choices.items()}
    if not isinstance(choices, list | tuple | set):
        raise ServiceError(_("Choose among the candidates on the ballot."))
    approved = sorted({_as_int(pk) for pk in choices})
    if not set(approved) <= option_ids:
        raise ServiceError(_("Choose among the candidates on the ballot."))
    if len(approved) > seats:
        raise ServiceError(_("Choose at most %(seats)d candidates.") % {"seats": seats})
    return approved


def _clean_ranking(option_ids: frozenset[int], choices) -> list[int]:
    """A ranking is the poll's option ids, best first: any number of them (none is a blank
    ballot), each at most once. The order is the vote, so a set is no ranking."""
    if not isinstance(choices, list | tuple):
        raise ServiceError(_("Put the candidates in your order of preference."))
    ranking = [_as_int(pk) for pk in choices]
    if len(set(ranking)) != len(ranking):
        raise ServiceError(_("Give each candidate at most one place in your ranking."))
    if not set(ranking) <= option_ids:
        raise ServiceError(_("Rank only the candidates on this ballot."))
    return ranking


def _as_int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
