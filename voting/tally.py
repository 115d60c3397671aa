"""Counting a closed poll: deterministic, with the numbers that explain the outcome.

Yes/no/abstain: a candidate passes when the yes votes reach the poll's majority of the valid
votes (yes + no; abstentions and blank votes do not count toward a majority):
  simple — more yes than no; absolute — more than half of the valid votes (for yes/no the
  same as simple, kept for the statutes' wording); two-thirds — at least two thirds of them.
Approval: a ballot approves up to ``seats`` candidates; an empty ballot is blank. A candidate
passes with: simple — at least one approval; absolute — approvals from more than half of the
non-blank ballots; two-thirds — from at least two thirds of them.
Of those who pass, the most votes win the seats. A tie at the last seat leaves those seats
open and lists the tied: a new round decides, and after a tied new round, lots.
Ranked: a ballot is a ranking of option ids, best first (empty: blank). The poll's counting
method (``counting``) decides: instant-runoff, Scottish or Meek STV elect, sequential
STV and Schulze put the candidates in order. Those methods break their own ties, by looking
back and then by lots drawn from the seed recorded on the poll, so a ranked poll never ends
in a tie and never needs a new round; the count is stored with every stage of it.
Invalid: papers the tellers entered as invalid, and any stored ballot that is not exactly in
its stored form (``voting.choices.readable``), which is also reported as ``unreadable``: a
count never fails on what is stored.
"""

import random
from collections import Counter
from fractions import Fraction

from counting import count_ranked
from counting.data import result_to_data
from voting.choices import is_invalid, reader
from voting.models import ORDERING_METHODS, Majority, PollKind


def majority_share(majority: str) -> Fraction | None:
    """The share of the valid votes that the majority rule measures against: two thirds (to
    reach), one half (to pass); None for a simple majority, which weighs yes against no. The
    results chart draws its majority line here."""
    if majority == Majority.TWO_THIRDS:
        return Fraction(2, 3)
    if majority == Majority.ABSOLUTE:
        return Fraction(1, 2)
    return None


def _passes(votes: int, valid: int, majority: str, *, approval: bool, against: int = 0) -> bool:
    if votes == 0:
        return False
    if majority == Majority.TWO_THIRDS:
        return Fraction(votes, max(valid, 1)) >= majority_share(majority)
    if majority == Majority.ABSOLUTE:
        return Fraction(votes, max(valid, 1)) > majority_share(majority)
    return True if approval else votes > against


def _rows_yes_no(poll, options, ballots) -> list[dict]:
    counts = {str(option.pk): Counter() for option in options}
    for choices in ballots:
        for option_id, value in choices.items():
            counts[option_id][value] += 1
    rows = []
    for option in options:
        c = counts[str(option.pk)]
        valid = c["yes"] + c["no"]
        rows.append(
            {
                "id": option.pk,
                "label": option.label,
                "yes": c["yes"],
                "no": c["no"],
                "abstain": c["abstain"],
                "votes": c["yes"],
                "valid": valid,
                "passes": _passes(c["yes"], valid, poll.majority, approval=False, against=c["no"]),
            }
        )
    return rows


def _rows_approval(poll, options, ballots) -> tuple[list[dict], int]:
    approvals = Counter(option_id for choices in ballots for option_id in choices)
    blank = sum(1 for choices in ballots if not choices)
    valid = len(ballots) - blank
    rows = [
        {
            "id": option.pk,
            "label": option.label,
            "votes": approvals[option.pk],
            "valid": valid,
            "passes": _passes(approvals[option.pk], valid, poll.majority, approval=True),
        }
        for option in options
    ]
    return rows, blank


def _seats(rows: list[dict], seats: int) -> tuple[list[int], list[int], int]:
    """(elected, tied at the last seat, seats left open)."""
    passing = sorted((r for r in rows if r["passes"]), key=lambda r: -r["votes"])
    if len(passing) <= seats:
        return [r["id"] for r in passing], [], 0
    boundary = passing[seats - 1]["votes"]
    above = [r["id"] for r in passing if r["votes"] > boundary]
    at = [r["id"] for r in passing if r["votes"] == boundary]
    if len(above) + len(at) <= seats:
        return above + at, [], 0
    return above, at, seats - len(above)


def _count_ranked(poll, options, ballots) -> dict:
    """The ranked count of the poll as data, with ``elected`` (option ids: elected in order
    of election, or the order of the list) and first preferences per candidate for the
    chart. Candidates go in in ballot-paper order, which is what the lot order starts from."""
    labels = {option.pk: option.label for option in options}
    result = count_ranked(
        poll.method, ballots, list(labels), seats=poll.seats, seed=poll.lots_seed or None
    )
    data = result_to_data(result, labels)
    valid = data["ballots"]["valid"]
    elected = list(data["order"] if poll.method in ORDERING_METHODS else data["elected"])
    if not valid:  # lots alone never decide a vote that nobody cast
        elected = []
    first = Counter(ranking[0] for ranking in ballots if isinstance(ranking, list) and ranking)
    rows = [
        {
            "id": pk,
            "label": label,
            "votes": first[pk],
            "valid": valid,
            "passes": pk in elected,
        }
        for pk, label in labels.items()
    ]
    return {
        "method": poll.kind,  # as for the other kinds; the counting method follows
        "counting": poll.method,
        "seats": poll.seats,
        "ballots": len(ballots),
        "blank": data["ballots"]["blank"],
        "options": rows,
        "elected": elected,
        "tied": [],
        "seats_left": 0,
        "outcome": "elected" if elected else "none",
        "seed": poll.lots_seed,
        "count": data,
    }


def count(poll) -> dict:
    options = list(poll.options.all())
    everything = list(poll.ballots.values_list("choices", flat=True))
    return count_choices(poll, options, everything)


def count_choices(poll, options, everything: list) -> dict:
    """The result of ``poll`` (its kind, seats, majority or method, seed) with ``options``
    over the stored choices of all its ballots. Never fails on what is stored: the papers
    entered as invalid, and any ballot not exactly in its stored form (``choices.readable``:
    written around the checks, or by an older version), count as invalid; the second kind
    is also reported apart, as ``unreadable``. Only readable ballots reach the counting."""
    is_readable = reader(
        kind=poll.kind, option_ids=frozenset(option.pk for option in options), seats=poll.seats
    )
    ballots, unreadable = [], 0
    for choices in everything:
        if is_readable(choices):
            ballots.append(choices)
        elif not is_invalid(choices):
            unreadable += 1
    result = _count(poll, options, ballots)
    result["ballots"], result["invalid"] = len(everything), len(everything) - len(ballots)
    result["unreadable"] = unreadable
    return result


def _count(poll, options, ballots) -> dict:
    if poll.kind == PollKind.RANKED:
        return _count_ranked(poll, options, ballots)
    blank = 0
    if poll.kind == PollKind.APPROVAL:
        rows, blank = _rows_approval(poll, options, ballots)
    else:
        rows = _rows_yes_no(poll, options, ballots)
    elected, tied, seats_left = _seats(rows, poll.seats)
    outcome = "tie" if tied else ("elected" if elected else "none")
    return {
        "method": poll.kind,
        "majority": poll.majority,
        "seats": poll.seats,
        "ballots": len(ballots),
        "blank": blank,
        "options": rows,
        "elected": elected,
        "tied": tied,
        "seats_left": seats_left,
        "outcome": outcome,
    }


def draw(tied: list[int], *, seed: str, seats: int) -> list[int]:
    """Lots: the tied candidates shuffled by a generator seeded with ``seed`` (recorded on the
    poll), starting from their sorted order, so the draw can be redone by anyone."""
    order = sorted(tied)
    random.Random(seed).shuffle(order)  # noqa: S311 - reproducible on purpose, seed is random
    return order[:seats]
