"""What a ballot may say, and the one form it is stored in (docs/architecture.md, The vote).

Every ballot — cast on a phone, by a proxy holder, or entered from a paper by the tellers —
passes ``clean_choices`` before it is stored, and the count reads only what ``readable``
accepts. Stored forms, per poll kind:
  yes/no/abstain: {"<option id>": "yes" | "no" | "abstain"} for every option of the poll;
  approval: the sorted list of approved option ids, each once, at most ``seats`` (empty:
    blank);
  ranked: the list of option ids, best first, each at most once (empty: blank);
and for every kind the paper the tellers entered as invalid: {"invalid": True} (``INVALID``).

An option id is the option's primary key: a Python int (not a bool), or a text of ASCII
digits without a sign, spaces, underscores or leading zeros ("12", never "012", "+12",
" 12", "12.0", "1_2" or "١٢"). Any other spelling is refused, so that one ballot can never
name one candidate twice under two spellings, nor hold a key the count does not know.
"""

import re
from collections.abc import Callable

from django.utils.translation import gettext as _

from core.errors import ServiceError
from voting.models import PollKind

YES, NO, ABSTAIN = "yes", "no", "abstain"
ANSWERS = (YES, NO, ABSTAIN)
INVALID = {"invalid": True}  # a spoiled paper, or one handed out and not handed in

# Primary keys are at most 2**63 - 1 (19 digits): a longer text is no option id, and is
# never handed to int() (which refuses texts of more than 4,300 digits with an error).
_ID_TEXT = re.compile(r"[1-9][0-9]{0,18}", re.ASCII)


def clean_choices(*, kind: str, option_ids: frozenset[int], seats: int, choices) -> dict | list:
    """The canonical form of ``choices`` for a poll of ``kind`` with these options, or
    ServiceError with the reason shown to the voter."""
    if kind == PollKind.RANKED:
        return _clean_ranking(option_ids, choices)
    if kind == PollKind.YES_NO_ABSTAIN:
        return _clean_answers(option_ids, choices)
    return _clean_approvals(option_ids, seats, choices)


def _clean_answers(option_ids: frozenset[int], choices) -> dict[str, str]:
    """Yes, no or abstain for every option, each option once (two spellings of one option
    id, like 7 and "7", are one option named twice)."""
    problem = _("Choose yes, no or abstain for every candidate.")
    if not isinstance(choices, dict) or len(choices) != len(option_ids):
        raise ServiceError(problem)
    answers = {}
    for key, value in choices.items():
        pk = option_id(key)
        if pk not in option_ids or pk in answers or not _is_answer(value):
            raise ServiceError(problem)
        answers[pk] = ANSWERS[ANSWERS.index(value)]  # the plain text, never a subclass
    return {str(pk): answers[pk] for pk in sorted(answers)}


def _clean_approvals(option_ids: frozenset[int], seats: int | None, choices) -> list[int]:
    """The approved options, each once, at most ``seats`` of them."""
    if not isinstance(choices, list | tuple | set | frozenset):
        raise ServiceError(_("Choose among the candidates on the ballot."))
    approved = {option_id(pk) for pk in choices}
    if not approved <= option_ids:
        raise ServiceError(_("Choose among the candidates on the ballot."))
    if seats is not None and len(approved) > seats:
        raise ServiceError(_("Choose at most %(seats)d candidates.") % {"seats": seats})
    return sorted(approved)


def _clean_ranking(option_ids: frozenset[int], choices) -> list[int]:
    """A ranking is the poll's option ids, best first: any number of them (none is a blank
    ballot), each at most once. The order is the vote, so a set is no ranking."""
    if not isinstance(choices, list | tuple):
        raise ServiceError(_("Put the candidates in your order of preference."))
    ranking = [option_id(pk) for pk in choices]
    if not set(ranking) <= option_ids:
        raise ServiceError(_("Rank only the candidates on this ballot."))
    if len(set(ranking)) != len(ranking):
        raise ServiceError(_("Give each candidate at most one place in your ranking."))
    return ranking


def option_id(value) -> int | None:
    """The option id ``value`` spells in the one accepted way, or None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return int(value)
    if isinstance(value, str) and _ID_TEXT.fullmatch(value):
        return int(value)
    return None


def _is_answer(value) -> bool:
    return isinstance(value, str) and value in ANSWERS


def is_invalid(choices) -> bool:
    """The marker of a paper the tellers entered as invalid, exactly (``{"invalid": 1}`` or
    ``{"invalid": True, ...}`` is no marker but an unreadable ballot)."""
    return isinstance(choices, dict) and len(choices) == 1 and choices.get("invalid") is True


def readable(*, kind: str, option_ids: frozenset[int], seats: int | None, choices) -> bool:
    """Whether ``choices`` is exactly in the form ``clean_choices`` stores for this poll: a
    vote the count may read. The invalid paper's marker is no vote and so not readable; tell
    it apart with ``is_invalid``. Anything else not readable was stored around the checks
    (or by an older version) and counts as invalid too."""
    return reader(kind=kind, option_ids=option_ids, seats=seats)(choices)


def reader(*, kind: str, option_ids: frozenset[int], seats: int | None) -> Callable[..., bool]:
    """``readable`` for one poll, prepared once to test each of its ballots."""
    ids = frozenset(option_ids)
    if kind == PollKind.YES_NO_ABSTAIN:
        keys = frozenset(str(pk) for pk in ids)

        def answers(choices) -> bool:
            return (
                isinstance(choices, dict)
                and choices.keys() == keys
                and all(type(value) is str and value in ANSWERS for value in choices.values())
            )

        return answers

    def ids_in_order(choices) -> bool:
        return (
            type(choices) is list
            and all(type(pk) is int and pk in ids for pk in choices)
            and len(set(choices)) == len(choices)
        )

    if kind == PollKind.APPROVAL:

        def approvals(choices) -> bool:
            return (
                ids_in_order(choices)
                and choices == sorted(choices)
                and (seats is None or len(choices) <= seats)
            )

        return approvals

    if kind == PollKind.RANKED:
        return ids_in_order
    return lambda choices: False  # a kind this code does not know: nothing can be read
