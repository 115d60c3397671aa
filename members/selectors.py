"""Reads about people: who read a person's confidential data, for their *Mijn gegevens* page
and their data export.

Every read of confidential data by someone else is an audit row about the person's account
(``object_type`` ``members.user``) whose action is one of ``READ_ACTIONS``; apps above members
add reads they keep their own way (integrity: the declaration views) with
``members.hooks.register_read_source``. The reader's name and role are part of each entry:
the person is promised *who* read it, not only when."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import AuditEntry
from members.hooks import read_sources
from members.models import Member, User

# The action of each read someone else made of a person's data, and what it read. Views and
# admins log these with ``core.services.audit_log(target=<the person's account>)`` and
# ``data={"role": <a key of READER_ROLES>, "detail": <the document's name, if any>}``.
READ_ACTIONS = {
    "privacy.read_outbox": _("An e-mail we sent you (address, subject and delivery)"),
    "privacy.read_member_register": _("Your entry in the member register"),
    "privacy.read_document": _("A document for the board that names you"),
    "privacy.read_appeal_document": _("A document of your appeal"),
}

# In which role someone read it (``data["role"]``, a key kept stable in the audit trail).
READER_ROLES = {
    "administrator": _("technical administrator"),
    "board": _("party board"),
    "committee": _("candidate committee (chair, deputy or secretary)"),
    "acting_chair": _("chair (or deputy chair) of the committee judging your application"),
    "integrity_officer": _("integrity officer"),
    "disputes_committee": _("disputes committee"),
    "alv_chair": _("ALV chair"),
}


@dataclass(frozen=True)
class DataRead:
    """One read of the person's data by someone else."""

    at: datetime
    reader: str
    role: str
    what: str
    detail: str = ""

    def as_export(self) -> dict:
        return {
            "at": self.at,
            "reader": self.reader,
            "role": self.role,
            "what": self.what,
            "detail": self.detail,
        }


# Readers in a committee role are named by their role only: the committee judges freely, and
# the export shows its members by alias (core.privacy_people); a name here would undo that.
COMMITTEE_ROLES = {"committee", "acting_chair"}


def reader_name(reader: User | None, *, role: str = "") -> str:
    if role in COMMITTEE_ROLES:
        return str(_("a member of the committee (name withheld)"))
    if reader is None:
        # The account is gone (erased or deleted); the role written at the time still says
        # in which capacity it was read.
        if role in READER_ROLES:
            return str(_("%(role)s (account removed since)") % {"role": READER_ROLES[role]})
        return str(_("someone whose account was removed since"))
    return reader.get_full_name() or reader.email


def reader_role(key: str) -> str:
    return str(READER_ROLES.get(key, key))


def _audited_reads(user: User) -> list[DataRead]:
    about = Q(object_type=User._meta.label_lower, object_id=str(user.pk))
    # A member row read before it was linked to this account was logged against the row.
    member_id = Member.objects.filter(user=user).values_list("pk", flat=True).first()
    if member_id is not None:
        about |= Q(object_type=Member._meta.label_lower, object_id=str(member_id))
    rows = (
        AuditEntry.objects.filter(about, action__in=READ_ACTIONS)
        .exclude(actor=user)
        .select_related("actor")
    )
    return [
        DataRead(
            at=row.at,
            reader=reader_name(row.actor, role=row.data.get("role", "")),
            role=reader_role(row.data.get("role", "")),
            what=str(READ_ACTIONS[row.action]),
            detail=str(row.data.get("detail", "")),
        )
        for row in rows
    ]


def data_reads_of(*, user: User) -> list[DataRead]:
    """Every read of this person's confidential data by someone else, newest first: the
    audited reads and those the apps keep (integrity's declaration views). A few queries,
    however many reads there were."""
    reads = _audited_reads(user)
    for source in read_sources():
        reads.extend(source(user))
    reads.sort(key=lambda read: read.at, reverse=True)
    return reads
