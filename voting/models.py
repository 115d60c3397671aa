"""ALV meetings, the register of who may vote, proxies, polls and ballots
(docs/architecture.md, The vote).

Secrecy by construction (docs/ballot-secrecy.md): a vote in a secret poll is written as
``VoteRecord`` (who voted in which poll) and ``SealedBallot`` (what was voted and the receipt
code, readable only with the poll's key, which is kept outside the database). At closing the
sealed ballots are opened and written anew, in a random order and apart from each other, as
``Ballot`` (choices) and ``Receipt`` (codes): nothing in the database then pairs a member with
a receipt or a choice, or a receipt with a choice. A named (open) poll writes its ballot and
receipt at once, and the record points at its ballot on purpose.
"""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    OPEN = "open", _("In session")
    CLOSED = "closed", _("Closed")


class Meeting(models.Model):
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    online = models.BooleanField(_("members can also take part online"), default=False)
    status = models.CharField(
        _("status"), max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    # Who may vote.
    eligibility_cutoff = models.DateField(
        _("members on"), help_text=_("Members in good standing on this date may vote.")
    )
    min_membership_months = models.PositiveSmallIntegerField(
        _("minimum membership (months)"), default=0
    )
    dues_required = models.BooleanField(_("dues must be paid up"), default=True)
    # Statutory settings of the meeting.
    quorum = models.PositiveIntegerField(
        _("quorum"), default=0, help_text=_("Voters present (or voting online) for a valid vote.")
    )
    proxies_allowed = models.BooleanField(_("proxies (volmachten) allowed"), default=True)
    max_proxies_per_holder = models.PositiveSmallIntegerField(
        _("maximum proxies per holder"), default=2
    )
    proxy_deadline = models.DateTimeField(_("proxies until"), null=True, blank=True)
    remote_voting_opens_at = models.DateTimeField(
        _("online voting opens at"),
        null=True,
        blank=True,
        help_text=_("The law allows electronic votes up to 30 days before the meeting."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("general members' assembly (ALV)")
        verbose_name_plural = _("general members' assemblies (ALV)")
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        return f"{self.title} ({self.starts_at:%Y-%m-%d})"


def new_checkin_code() -> str:
    return secrets.token_urlsafe(12)


class Voter(models.Model):
    """A member entitled to vote at a meeting: the register, snapshotted at the cut-off."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="voters")
    member = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, related_name="voter_entries"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="voter_entries",
    )
    name = models.CharField(_("name"), max_length=300)
    membership_number = models.CharField(_("membership number"), max_length=32)
    checkin_code = models.CharField(max_length=40, unique=True, default=new_checkin_code)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    online = models.BooleanField(_("takes part online"), default=False)

    class Meta:
        verbose_name = _("voter")
        verbose_name_plural = _("voter register")
        ordering = ["meeting", "name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="voter_once_per_meeting")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.membership_number})"

    @property
    def present(self) -> bool:
        return self.checked_in_at is not None


class Proxy(models.Model):
    """A volmacht: the principal lets the holder vote for them at this meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="proxies")
    principal = models.OneToOneField(
        Voter, verbose_name=_("given by"), on_delete=models.CASCADE, related_name="proxy_given"
    )
    holder = models.ForeignKey(
        Voter, verbose_name=_("held by"), on_delete=models.CASCADE, related_name="proxies_held"
    )
    given_at = models.DateTimeField(_("given at"), auto_now_add=True)

    class Meta:
        verbose_name = _("proxy")
        verbose_name_plural = _("proxies")
        constraints = [
            models.CheckConstraint(
                condition=~Q(principal=models.F("holder")), name="proxy_between_two_voters"
            )
        ]

    def __str__(self) -> str:
        return f"{self.principal} → {self.holder}"


class PollKind(models.TextChoices):
    YES_NO_ABSTAIN = "yes_no_abstain", _("Yes / no / abstain per candidate")
    APPROVAL = "approval", _("Approval, with a number of seats")
    RANKED = "ranked", _("Ranked: members put the candidates in order")


class RankedMethod(models.TextChoices):
    """How a ranked poll is counted (``counting``)."""

    IRV = "irv", _("Instant-runoff (one seat)")
    STV = "stv", _("Scottish STV (several seats)")
    MEEK = "meek", _("Meek STV (several seats)")
    SEQUENTIAL = "sequential", _("Sequential STV (the order of a list)")
    SCHULZE = "schulze", _("Schulze method (the order of a list)")


# Methods that order candidates rather than fill seats: every ranked poll elects in order,
# these give the whole order (sequential STV: the places asked for).
ORDERING_METHODS = (RankedMethod.SEQUENTIAL, RankedMethod.SCHULZE)


class Majority(models.TextChoices):
    SIMPLE = "simple", _("Simple majority")
    ABSOLUTE = "absolute", _("Absolute majority (more than half)")
    TWO_THIRDS = "two_thirds", _("Two-thirds majority")


class PollStatus(models.TextChoices):
    DRAFT = "draft", _("Not opened yet")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Poll(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="polls")
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("method"), max_length=20, choices=PollKind.choices)
    method = models.CharField(
        _("counting method"),
        max_length=20,
        choices=RankedMethod.choices,
        blank=True,
        help_text=_(
            "Only for ranked polls. Instant-runoff fills one seat (a board position, a place "
            "with challengers); Scottish or Meek STV fill several seats in proportion to the "
            "members' preferences; sequential STV or the Schulze method put all candidates "
            "(or the first places) in order, for a candidate list."
        ),
    )
    secret = models.BooleanField(_("secret"), default=True)
    majority = models.CharField(
        _("majority"), max_length=20, choices=Majority.choices, default=Majority.ABSOLUTE
    )
    seats = models.PositiveSmallIntegerField(
        _("seats"),
        default=1,
        null=True,
        blank=True,
        help_text=_(
            "Approval polls: how many are elected at most. Ranked polls: the seats for "
            "Scottish or Meek STV; the places to fill for sequential STV (empty: every "
            "candidate gets a place). Instant-runoff and Schulze ignore it."
        ),
    )
    vacancy = models.ForeignKey(
        "vacancies.Vacancy",
        verbose_name=_("vacancy"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    previous_round = models.ForeignKey(
        "self",
        verbose_name=_("previous round"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="next_rounds",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=PollStatus.choices, default=PollStatus.DRAFT
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    entitled_at_open = models.PositiveIntegerField(null=True, blank=True)
    present_at_open = models.PositiveIntegerField(null=True, blank=True)
    entitled_at_close = models.PositiveIntegerField(null=True, blank=True)
    present_at_close = models.PositiveIntegerField(null=True, blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    # Lots drawn for a tie after a second round: the seed, so anyone can redo the draw.
    lots_seed = models.CharField(_("seed of the lots"), max_length=64, blank=True)
    # A secret poll's ballot box: the name of its key file (voting.ballot_box), made when the
    # poll opens. Not secret; the key itself never enters the database.
    ballot_key = models.CharField(max_length=32, blank=True, default="", editable=False)
    # The meeting's quorum as it stood when the poll opened: the result reads this, never the
    # meeting's live setting (which is frozen from then on anyway).
    quorum_at_open = models.PositiveIntegerField(_("quorum at opening"), null=True, blank=True)
    # A mistake is corrected by voiding, never by deleting: the poll, its ballots and its
    # result stay, marked void with the chair's reason.
    voided_at = models.DateTimeField(_("voided at"), null=True, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("voided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    void_reason = models.TextField(_("reason for voiding"), blank=True)

    class Meta:
        verbose_name = _("poll")
        verbose_name_plural = _("polls")
        ordering = ["meeting", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind=PollKind.RANKED) & ~Q(method=""))
                | (~Q(kind=PollKind.RANKED) & Q(method="")),
                name="poll_method_iff_ranked",
                violation_error_message=_(
                    "Choose a counting method for a ranked poll, and none for other polls."
                ),
            ),
            models.CheckConstraint(
                condition=Q(seats__isnull=False)
                | Q(kind=PollKind.RANKED, method__in=["irv", "sequential", "schulze"]),
                name="poll_seats_unless_ranked_order",
                violation_error_message=_("Give the number of seats."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def voided(self) -> bool:
        return self.voided_at is not None


class Option(models.Model):
    """A candidate (or an answer) on a poll's ballot."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="options")
    label = models.CharField(_("candidate"), max_length=300)
    application = models.ForeignKey(
        "applications.Application",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("candidate on the ballot")
        verbose_name_plural = _("candidates on the ballot")
        ordering = ["poll", "order", "pk"]

    def __str__(self) -> str:
        return self.label


def new_receipt() -> str:
    # Ten characters without look-alikes, in two groups: easy to read out and to find.
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    code = "".join(secrets.choice(alphabet) for _ in range(10))
    return f"{code[:5]}-{code[5:]}"


class Ballot(models.Model):
    """What was voted, in the stored form of ``voting.choices``. A random key, no timestamp,
    no sequence, no voter, no receipt. A secret poll's ballots are written when it closes."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="ballots")
    choices = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")

    def __str__(self) -> str:
        return str(self.pk)


class Receipt(models.Model):
    """A receipt code of a counted ballot, published after closing so each member can find
    theirs; never stored beside the ballot's choices."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="receipts")
    code = models.CharField(max_length=11)

    class Meta:
        verbose_name = _("receipt")
        verbose_name_plural = _("receipts")
        constraints = [
            models.UniqueConstraint(fields=["poll", "code"], name="receipt_code_unique_per_poll")
        ]

    def __str__(self) -> str:
        return self.code


class SealedBallot(models.Model):
    """A ballot of a secret poll while it is open: its choices and receipt code, sealed with
    the poll's public key (``voting.ballot_box``), all of one size. Opened and removed at
    closing."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="sealed_ballots")
    box = models.BinaryField()

    class Meta:
        verbose_name = _("sealed ballot")
        verbose_name_plural = _("sealed ballots")

    def __str__(self) -> str:
        return str(self.pk)


class VoteRecord(models.Model):
    """Who voted in a poll (the voter whose vote it is; for a proxy vote, the principal).
    One per voter per poll, enforced by the database. No timestamp."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="vote_records")
    voter = models.ForeignKey(Voter, on_delete=models.CASCADE, related_name="vote_records")
    by_proxy = models.BooleanField(default=False)
    # Handed a paper ballot by a teller (it joins the count when the tellers enter it).
    on_paper = models.BooleanField(default=False, db_default=False)
    # Only for named polls, where who voted what is public on purpose.
    named_ballot = models.OneToOneField(
        Ballot, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("vote record")
        verbose_name_plural = _("vote records")
        constraints = [
            models.UniqueConstraint(fields=["poll", "voter"], name="one_vote_per_voter_per_poll")
        ]

    def __str__(self) -> str:
        return f"{self.voter} @ {self.poll_id}"


class CheckInLog(models.Model):
    """Check-ins and departures, for the count of who is present (not linked to ballots)."""

    voter = models.ForeignKey(Voter, on_delete=models.CASCADE, related_name="checkins")
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    arrived = models.BooleanField(default=True)
    # Checked in by a teller who found the member by name or number, without the member's own
    # code: one person could vouch for an absent member, so the chair sees every such row.
    by_hand = models.BooleanField(_("checked in by hand"), default=False, db_default=False)

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.voter} {'in' if self.arrived else 'out'}"


class ListVoteMethod(models.TextChoices):
    PLACE_BY_PLACE = "place_by_place", _("Place by place, with challengers")
    AMENDMENTS = "amendments", _("The whole list, with amendments")


class ListVoteStatus(models.TextChoices):
    PREPARING = "preparing", _("In preparation")
    RUNNING = "running", _("Being voted on")
    DONE = "done", _("Adopted")
    REJECTED = "rejected", _("Not adopted")


class LeaderMethod(models.TextChoices):
    TWO_ROUNDS = (
        "two_rounds",
        _("One choice; a second round between the two best if nobody has a majority"),
    )
    IRV = "irv", _("A ranked ballot (instant-runoff)")


class ListVote(models.Model):
    """The ALV settling the order of a candidate list: the committee's concept
    list goes in, the list the members adopted comes out, built as the votes go."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="list_votes")
    vacancy = models.ForeignKey(
        "vacancies.Vacancy", verbose_name=_("vacancy"), on_delete=models.PROTECT, related_name="+"
    )
    method = models.CharField(
        _("method"),
        max_length=20,
        choices=ListVoteMethod.choices,
        default=ListVoteMethod.PLACE_BY_PLACE,
    )
    majority = models.CharField(
        _("majority for an unchallenged place"),
        max_length=20,
        choices=Majority.choices,
        default=Majority.SIMPLE,
    )
    challenges_until = models.DateTimeField(
        _("challenges and amendments until"),
        null=True,
        blank=True,
        help_text=_(
            "Challenges to a place, or amendments to the whole list, are filed before this moment."
        ),
    )
    amendment_supporters = models.PositiveSmallIntegerField(
        _("supporters an amendment needs"),
        default=0,
        help_text=_("Members besides the one who files it, as the statutes ask."),
    )
    final_poll = models.OneToOneField(
        Poll, null=True, blank=True, on_delete=models.PROTECT, related_name="list_final"
    )
    leader_first = models.BooleanField(
        _("elect the list leader (lijsttrekker) first"),
        default=False,
        help_text=_("The winner takes place 1 before the rest of the list is voted on."),
    )
    leader_method = models.CharField(
        _("how the list leader is elected"),
        max_length=20,
        choices=LeaderMethod.choices,
        default=LeaderMethod.TWO_ROUNDS,
    )
    leader_supporters = models.PositiveSmallIntegerField(
        _("supporters a candidacy for list leader needs"),
        default=0,
        help_text=_("Members besides the candidate, as the statutes ask."),
    )
    leader = models.ForeignKey(
        "applications.Application",
        verbose_name=_("list leader"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ListVoteStatus.choices, default=ListVoteStatus.PREPARING
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("vote on the candidate list")
        verbose_name_plural = _("votes on the candidate list")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "vacancy"], name="one_list_vote_per_meeting")
        ]

    def __str__(self) -> str:
        return f"{self.vacancy} @ {self.meeting}"


class Challenge(models.Model):
    """A candidate standing against the committee's nominee for a place on the list."""

    list_vote = models.ForeignKey(ListVote, on_delete=models.CASCADE, related_name="challenges")
    place = models.PositiveSmallIntegerField(_("place"))
    application = models.ForeignKey(
        "applications.Application",
        verbose_name=_("challenger"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    filed_at = models.DateTimeField(_("filed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")
        ordering = ["place", "filed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["list_vote", "place", "application"], name="one_challenge_per_place"
            ),
            models.CheckConstraint(condition=Q(place__gte=1), name="challenge_place_from_one"),
        ]

    def __str__(self) -> str:
        return f"{self.place}: {self.application}"


class ListVoteStep(models.Model):
    """One vote of the procedure: a place, its nominee (the first of the committee's order
    still standing) and the poll; the winner is written when the result is applied (none:
    the unchallenged nominee was rejected)."""

    list_vote = models.ForeignKey(ListVote, on_delete=models.CASCADE, related_name="steps")
    place = models.PositiveSmallIntegerField(_("place"))
    poll = models.OneToOneField(Poll, on_delete=models.PROTECT, related_name="list_step")
    nominee = models.ForeignKey(
        "applications.Application", on_delete=models.PROTECT, related_name="+"
    )
    winner = models.ForeignKey(
        "applications.Application",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    applied_at = models.DateTimeField(_("result applied at"), null=True, blank=True)

    class Meta:
        verbose_name = _("vote on a place")
        verbose_name_plural = _("votes on places")
        ordering = ["list_vote", "pk"]

    def __str__(self) -> str:
        return f"{self.list_vote}: {self.place}"


class AmendmentKind(models.TextChoices):
    MOVE = "move", _("Put a candidate on a place")
    ADD_PUSHER = "add_pusher", _("Add a candidate as list pusher")
    STRIKE = "strike", _("Strike a candidate from the list")


class AmendmentStatus(models.TextChoices):
    FILED = "filed", _("Filed")
    ADOPTED = "adopted", _("Adopted")
    REJECTED = "rejected", _("Rejected")


class Amendment(models.Model):
    """A member's proposal to change the list the committee proposed; voted yes/no/abstain
    in the order filed, before the final vote on the list as amended."""

    list_vote = models.ForeignKey(ListVote, on_delete=models.CASCADE, related_name="amendments")
    kind = models.CharField(_("proposal"), max_length=20, choices=AmendmentKind.choices)
    application = models.ForeignKey(
        "applications.Application",
        verbose_name=_("candidate"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    place = models.PositiveSmallIntegerField(_("place"), null=True, blank=True)
    explanation = models.TextField(_("explanation"), blank=True)
    filed_by = models.ForeignKey(
        Voter, verbose_name=_("filed by"), on_delete=models.CASCADE, related_name="+"
    )
    supporters = models.ManyToManyField(
        Voter, verbose_name=_("supported by"), blank=True, related_name="+"
    )
    filed_at = models.DateTimeField(_("filed at"), auto_now_add=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=AmendmentStatus.choices,
        default=AmendmentStatus.FILED,
    )
    poll = models.OneToOneField(
        Poll, null=True, blank=True, on_delete=models.PROTECT, related_name="amendment"
    )

    class Meta:
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")
        ordering = ["list_vote", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="move") | Q(place__gte=1), name="amendment_move_has_a_place"
            )
        ]

    def __str__(self) -> str:
        return self.summary

    @property
    def summary(self) -> str:
        name = self.application.full_name
        if self.kind == AmendmentKind.MOVE:
            return _("Put %(name)s on place %(place)d") % {"name": name, "place": self.place}
        if self.kind == AmendmentKind.ADD_PUSHER:
            return _("Add %(name)s as list pusher") % {"name": name}
        return _("Strike %(name)s from the list") % {"name": name}


class PaperBallot(models.Model):
    """A printed ballot paper: its code is printed on the tear-off receipt, and becomes the
    receipt code of the ballot the tellers enter from it. Who got which paper is never
    recorded; only that a voter got one (``VoteRecord.on_paper``)."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="paper_ballots")
    code = models.CharField(max_length=11, default=new_receipt)
    entered = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("ballot paper")
        verbose_name_plural = _("ballot papers")
        constraints = [
            models.UniqueConstraint(fields=["poll", "code"], name="paper_code_unique_per_poll")
        ]

    def __str__(self) -> str:
        return self.code


class PaperEntry(models.Model):
    """Paper results one teller entered, waiting for a second teller to confirm them: until
    then they do not count. A coded paper keeps the choices read from it; a counted stack its
    counts. In a secret poll the paper's code and choices are sealed to the poll's key, as a
    cast ballot is, so no copy of the database pairs the code (a public receipt) with a choice;
    confirming moves that very box into the ballot box. Confirmed or withdrawn, the entry is
    deleted (the audit trail says who entered and who confirmed)."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="paper_entries")
    paper = models.OneToOneField(
        PaperBallot, null=True, blank=True, on_delete=models.CASCADE, related_name="pending_entry"
    )
    choices = models.JSONField(null=True, blank=True)  # a named poll's paper
    box = models.BinaryField(null=True, blank=True)  # a secret poll's paper, sealed as cast
    counts = models.JSONField(null=True, blank=True)
    papers = models.PositiveIntegerField(default=1)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("paper result awaiting confirmation")
        verbose_name_plural = _("paper results awaiting confirmation")
        ordering = ["entered_at", "pk"]

    def __str__(self) -> str:
        return self.paper.code if self.paper_id else str(self.counts)


class LeaderCandidacy(models.Model):
    """A candidate standing for list leader, with the members who support the candidacy."""

    list_vote = models.ForeignKey(
        ListVote, on_delete=models.CASCADE, related_name="leader_candidacies"
    )
    application = models.ForeignKey(
        "applications.Application",
        verbose_name=_("candidate"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    supporters = models.ManyToManyField(
        Voter, verbose_name=_("supported by"), blank=True, related_name="+"
    )
    filed_at = models.DateTimeField(_("filed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("candidacy for list leader")
        verbose_name_plural = _("candidacies for list leader")
        ordering = ["filed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["list_vote", "application"], name="one_leader_candidacy_each"
            )
        ]

    def __str__(self) -> str:
        return str(self.application)


class LeaderRound(models.Model):
    """A round of the list leader's election (its poll)."""

    list_vote = models.ForeignKey(ListVote, on_delete=models.CASCADE, related_name="leader_rounds")
    number = models.PositiveSmallIntegerField(_("round"))
    poll = models.OneToOneField(Poll, on_delete=models.PROTECT, related_name="leader_round")

    class Meta:
        verbose_name = _("round of the list leader's election")
        verbose_name_plural = _("rounds of the list leader's election")
        ordering = ["list_vote", "number"]

    def __str__(self) -> str:
        return f"{self.list_vote}: {self.number}"
