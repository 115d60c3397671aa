"""Other people in a person's data export (core.privacy). The person gets what is about them,
not who judged them: each member of a committee that judged them appears as "committee member
1", "committee member 2", … with the same number in every app's part of one export, so they can
follow one member's scores, panel seat and flags without learning who it is (AVG art. 15(4): a
copy must not harm the rights of others). Anyone else who acted on their file (the board, the
disputes committee, an integrity officer, an administrator) is "someone else".

Core imports no app (docs/architecture.md): the apps that know who judged a person register
it here."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils.crypto import salted_hmac

JudgesOf = Callable[[object], Iterable[int]]
_judges: list[JudgesOf] = []

YOU = "you"
NOT_RECORDED = "not recorded (the system, or an account removed since)"
SOMEONE_ELSE = "someone else (name withheld)"
IN_ROLE = "a member of the committee (name withheld)"


def register_judges(source: JudgesOf) -> JudgesOf:
    """``source(user)`` gives the account ids of the committee members who judged the user's
    applications (or sat on the committee that did)."""
    if source not in _judges:
        _judges.append(source)
    return source


@dataclass(frozen=True)
class Aliases:
    user_id: int
    numbers: dict[int, int]

    def __call__(self, person_id: int | None) -> str:
        if person_id is None:
            return NOT_RECORDED
        if person_id == self.user_id:
            return YOU
        number = self.numbers.get(person_id)
        return f"committee member {number}" if number else SOMEONE_ELSE

    def in_role(self, person_id: int | None) -> str:
        """Who did what only a role does (moving the file on, the advice, the list, deciding a
        flag, and every audit row): "a member of the committee", never the member's number —
        the person knows who chairs the committee, and a number here would name the chair's
        scores elsewhere in the export."""
        if person_id is None:
            return NOT_RECORDED
        if person_id == self.user_id:
            return YOU
        return IN_ROLE if person_id in self.numbers else SOMEONE_ELSE


def aliases_for(user) -> Aliases:
    """The numbering of one person's judges. Ordered by a keyed hash rather than by account id,
    so a number says nothing about who joined first; the same for every call on one export."""
    ids = {pk for source in _judges for pk in source(user)} - {user.pk}
    ordered = sorted(
        ids,
        key=lambda pk: salted_hmac("privacy-alias", f"{user.pk}:{pk}", algorithm="sha256").digest(),
    )
    return Aliases(user.pk, {pk: number for number, pk in enumerate(ordered, 1)})
