"""Candidate committees: who judges which vacancies, in which role.

Every write goes through ``review.services``; reads that decide access go through
``review.selectors``, which also apply the conflict-of-interest flags of ``integrity``.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from applications.models import ApplicationStatus
from vacancies.models import Vacancy

DEFAULT_CONFIDENTIALITY = _(
    "I keep everything I read, hear and see as a member of this committee confidential: "
    "applications, recordings, integrity declarations, scores and deliberations. I do not "
    "copy or share them, not even within the party, and I tell the chair at once when I am "
    "involved with an applicant. This holds during the procedure and after it."
)


class Committee(models.Model):
    name = models.CharField(_("name"), max_length=200)
    vacancies = models.ManyToManyField(
        Vacancy,
        verbose_name=_("vacancies"),
        through="CommitteeVacancy",
        related_name="committees",
        blank=True,
    )
    confidentiality_text = models.TextField(
        _("confidentiality agreement"),
        help_text=_("What every member accepts before they see the first application."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("committee")
        verbose_name_plural = _("committees")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CommitteeVacancy(models.Model):
    """A vacancy the committee judges. A vacancy has at most one committee."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="vacancy_links")
    vacancy = models.OneToOneField(
        Vacancy, verbose_name=_("vacancy"), on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("vacancy of the committee")
        verbose_name_plural = _("vacancies of the committee")

    def __str__(self) -> str:
        return str(self.vacancy)


class CommitteeRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    DEPUTY_CHAIR = "deputy_chair", _("Deputy chair")
    MEMBER = "member", _("Member")
    SECRETARY = "secretary", _("Secretary")


class CommitteeMember(models.Model):
    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="committee_seats",
    )
    role = models.CharField(
        _("role"), max_length=20, choices=CommitteeRole.choices, default=CommitteeRole.MEMBER
    )
    confidentiality_accepted_at = models.DateTimeField(
        _("confidentiality accepted at"), null=True, blank=True, editable=False
    )
    # Set by the conflict check that runs when the seat is created; no application is shown
    # to the member before it ran.
    conflicts_checked_at = models.DateTimeField(
        _("conflicts checked at"), null=True, blank=True, editable=False
    )
    joined_at = models.DateTimeField(_("joined at"), auto_now_add=True)

    class Meta:
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        ordering = ["committee", "role", "user__last_name"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "user"], name="committee_seat_once"),
            models.UniqueConstraint(
                fields=["committee"],
                condition=Q(role=CommitteeRole.CHAIR),
                name="committee_one_chair",
            ),
            models.UniqueConstraint(
                fields=["committee"],
                condition=Q(role=CommitteeRole.DEPUTY_CHAIR),
                name="committee_one_deputy_chair",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}, {self.committee})"

    @property
    def may_review(self) -> bool:
        return (
            self.confidentiality_accepted_at is not None and self.conflicts_checked_at is not None
        )


class ReviewRound(models.TextChoices):
    SCREENING = "screening", _("Screening")
    ROUND_1 = "round_1", _("Round 1")
    ROUND_2 = "round_2", _("Round 2")


# The round an application is scored in while it stands at that step of the pipeline.
SCORING_ROUND = {
    ApplicationStatus.SUBMITTED: ReviewRound.SCREENING,
    ApplicationStatus.SCREENING: ReviewRound.SCREENING,
    ApplicationStatus.ROUND_1: ReviewRound.ROUND_1,
    ApplicationStatus.ROUND_2: ReviewRound.ROUND_2,
}


class Recommendation(models.TextChoices):
    STRONG_YES = "strong_yes", _("Strongly recommend")
    YES = "yes", _("Recommend")
    DOUBT = "doubt", _("In doubt")
    NO = "no", _("Do not recommend")


class Scorecard(models.Model):
    """One member's judgement of one application in one round: a score per requirement of the
    vacancy, and a recommendation. A draft until submitted; other members' cards stay hidden
    from a member until their own card for that round is submitted."""

    application = models.ForeignKey(
        "applications.Application", on_delete=models.CASCADE, related_name="scorecards"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("committee member"),
        on_delete=models.CASCADE,
        related_name="scorecards",
    )
    round = models.CharField(_("round"), max_length=20, choices=ReviewRound.choices)
    recommendation = models.CharField(
        _("recommendation"), max_length=20, choices=Recommendation.choices, blank=True
    )
    comment = models.TextField(_("overall comment"), blank=True)
    # Weighted mean of the criterion scores (1 to 5), kept when the card is saved so lists can
    # average and compare cards in SQL.
    total = models.DecimalField(
        _("weighted score"), max_digits=4, decimal_places=2, null=True, blank=True
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("scorecard")
        verbose_name_plural = _("scorecards")
        ordering = ["application", "round", "reviewer"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "reviewer", "round"], name="one_scorecard_per_round"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} / {self.application_id} / {self.round}"


class CriterionScore(models.Model):
    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="scores")
    requirement = models.ForeignKey(
        "vacancies.Requirement", on_delete=models.CASCADE, related_name="+"
    )
    value = models.PositiveSmallIntegerField(_("score"))
    comment = models.CharField(_("comment"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("criterion score")
        verbose_name_plural = _("criterion scores")
        constraints = [
            models.UniqueConstraint(
                fields=["scorecard", "requirement"], name="one_score_per_criterion"
            ),
            models.CheckConstraint(
                condition=Q(value__gte=1, value__lte=5), name="criterion_score_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.requirement_id}: {self.value}"


class ScorecardVersion(models.Model):
    """The history of a scorecard: a snapshot each time it is saved after submission."""

    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="versions")
    saved_at = models.DateTimeField(_("saved at"), auto_now_add=True)
    snapshot = models.JSONField(_("content"))

    class Meta:
        verbose_name = _("scorecard version")
        verbose_name_plural = _("scorecard versions")
        ordering = ["-saved_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.scorecard} @ {self.saved_at:%Y-%m-%d %H:%M}"


class Transition(models.Model):
    """One step of an application through the committee's pipeline, with its reason."""

    application = models.ForeignKey(
        "applications.Application", on_delete=models.CASCADE, related_name="transitions"
    )
    from_status = models.CharField(_("from"), max_length=20)
    to_status = models.CharField(_("to"), max_length=20)
    reason = models.TextField(_("reason"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("pipeline step")
        verbose_name_plural = _("pipeline steps")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.from_status} → {self.to_status}"

    @property
    def from_label(self) -> str:
        return ApplicationStatus(self.from_status).label

    @property
    def to_label(self) -> str:
        return ApplicationStatus(self.to_status).label


class MemberRanking(models.Model):
    """One committee member's own order of the candidates of a vacancy (best first), as
    application ids. The Schulze method combines them into a starting proposal."""

    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="+")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="rankings"
    )
    order = models.JSONField(_("order"), default=list)
    submitted_at = models.DateTimeField(_("submitted at"), auto_now=True)

    class Meta:
        verbose_name = _("member ranking")
        verbose_name_plural = _("member rankings")
        constraints = [
            models.UniqueConstraint(fields=["vacancy", "reviewer"], name="one_ranking_per_member")
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} / {self.vacancy}"


class ConceptList(models.Model):
    """The committee's proposed candidate list (or, for a board call, its advice) for a
    vacancy, built place by place."""

    vacancy = models.OneToOneField(
        Vacancy, verbose_name=_("vacancy"), on_delete=models.CASCADE, related_name="concept_list"
    )
    max_size = models.PositiveSmallIntegerField(
        _("maximum number of places"),
        default=50,
        help_text=_("The Kiesraad allows 50 places, or 80 for a party with more than 15 seats."),
    )
    not_selected_reason = models.TextField(
        _("reason for those not on the list"),
        blank=True,
        help_text=_("Sent with the confidential notice to candidates who are not placed."),
    )
    notice_sent_at = models.DateTimeField(_("confidential notice sent at"), null=True, blank=True)
    electable_places = models.PositiveSmallIntegerField(
        _("realistic places"),
        default=5,
        help_text=_("How many places the dashboard counts as likely to be elected."),
    )
    # Until the ALV adopts the list, every export of it says it is a concept.
    adopted_at = models.DateTimeField(_("adopted by the ALV at"), null=True, blank=True)
    # One more with every change of the order: the builder sends back the revision it opened,
    # and a save over a newer one is refused instead of overwriting it.
    revision = models.PositiveIntegerField(_("revision"), default=0, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("concept list")
        verbose_name_plural = _("concept lists")

    def __str__(self) -> str:
        return str(self.vacancy)


class ConceptListEntry(models.Model):
    concept_list = models.ForeignKey(ConceptList, on_delete=models.CASCADE, related_name="entries")
    application = models.OneToOneField(
        "applications.Application", on_delete=models.CASCADE, related_name="list_entry"
    )
    position = models.PositiveSmallIntegerField(_("place"))
    is_pusher = models.BooleanField(_("list pusher (lijstduwer)"), default=False)
    justification = models.TextField(_("why this place"), blank=True)
    # The applicant's answer to the confidential notice.
    confirmed_at = models.DateTimeField(_("confirmed by the candidate at"), null=True, blank=True)
    # The signed consent to stand on this list (the Kiesraad's model H 9).
    consent_received_at = models.DateTimeField(
        _("consent (model H 9) received at"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("place on the concept list")
        verbose_name_plural = _("places on the concept list")
        ordering = ["concept_list", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["concept_list", "position"],
                name="one_candidate_per_place",
            )
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.application}"


class ConceptListVersion(models.Model):
    """The list as it stood after each change, with who and why: the history of the order."""

    concept_list = models.ForeignKey(ConceptList, on_delete=models.CASCADE, related_name="versions")
    at = models.DateTimeField(_("at"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=300)
    order = models.JSONField(_("order"))

    class Meta:
        verbose_name = _("concept list version")
        verbose_name_plural = _("concept list versions")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.concept_list} @ {self.at:%Y-%m-%d %H:%M}"


class InterviewSlot(models.Model):
    """A time the committee can hold one interview, with its panel."""

    vacancy = models.ForeignKey(
        Vacancy, verbose_name=_("vacancy"), on_delete=models.CASCADE, related_name="+"
    )
    round = models.CharField(
        _("round"),
        max_length=20,
        choices=[
            (ReviewRound.ROUND_1, ReviewRound.ROUND_1.label),
            (ReviewRound.ROUND_2, ReviewRound.ROUND_2.label),
        ],
        default=ReviewRound.ROUND_1,
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    location = models.CharField(_("place"), max_length=300, blank=True)
    online_link = models.URLField(_("online link"), blank=True)
    panel = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("panel"), related_name="interview_panels"
    )

    class Meta:
        verbose_name = _("interview slot")
        verbose_name_plural = _("interview slots")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="interview_slot_ends_after"
            ),
            models.CheckConstraint(
                condition=~Q(location="") | ~Q(online_link=""), name="interview_slot_has_a_place"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.starts_at:%Y-%m-%d %H:%M} ({self.get_round_display()})"


class InterviewStatus(models.TextChoices):
    INVITED = "invited", _("Invited")
    CANCELLED = "cancelled", _("Cancelled")


class Interview(models.Model):
    slot = models.OneToOneField(
        InterviewSlot, on_delete=models.PROTECT, related_name="interview", null=True, blank=True
    )
    application = models.ForeignKey(
        "applications.Application", on_delete=models.CASCADE, related_name="interviews"
    )
    round = models.CharField(_("round"), max_length=20, choices=ReviewRound.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=InterviewStatus.choices, default=InterviewStatus.INVITED
    )
    # The calendar invitation's SEQUENCE: raised at each reschedule, so calendars update.
    sequence = models.PositiveSmallIntegerField(default=0)
    invited_at = models.DateTimeField(_("invited at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("interview")
        verbose_name_plural = _("interviews")
        constraints = [
            models.UniqueConstraint(fields=["application", "round"], name="one_interview_per_round")
        ]

    def __str__(self) -> str:
        return f"{self.application} ({self.get_round_display()})"


class PriorityInterviewCheck(models.Model):
    """The chair's tick that applicants with a disability among the best qualified have been
    invited, where the vacancy promises them an interview."""

    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="+")
    round = models.CharField(_("round"), max_length=20, choices=ReviewRound.choices)
    ticked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    ticked_at = models.DateTimeField(_("ticked at"), auto_now_add=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("priority interview check")
        verbose_name_plural = _("priority interview checks")
        constraints = [
            models.UniqueConstraint(fields=["vacancy", "round"], name="priority_check_once")
        ]

    def __str__(self) -> str:
        return f"{self.vacancy} / {self.round}"


class BoardAdvice(models.Model):
    """For a board call: whether the committee judges the applicant suitable for a portfolio,
    with its reasons. The statutes ask for reasons either way."""

    application = models.ForeignKey(
        "applications.Application", on_delete=models.CASCADE, related_name="board_advice"
    )
    portfolio = models.ForeignKey(
        "vacancies.Portfolio",
        verbose_name=_("portfolio"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    suitable = models.BooleanField(_("suitable"))
    reasons = models.TextField(_("reasons"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), auto_now=True)

    class Meta:
        verbose_name = _("board advice")
        verbose_name_plural = _("board advice")
        ordering = ["portfolio", "-suitable"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "portfolio"], name="one_advice_per_portfolio"
            )
        ]

    def __str__(self) -> str:
        return f"{self.application} / {self.portfolio}: {self.suitable}"


class AppealStatus(models.TextChoices):
    LODGED = "lodged", _("Lodged")
    HEARING = "hearing", _("Hearing planned")
    ADVISED = "advised", _("Advice given")
    DECIDED = "decided", _("Decided")


class Appeal(models.Model):
    """An applicant's appeal against the committee's decision: a case for the disputes
    committee (geschillencommissie), which hears it and advises; the board decides."""

    application = models.OneToOneField(
        "applications.Application", on_delete=models.CASCADE, related_name="appeal"
    )
    reasons = models.TextField(_("reasons for the appeal"))
    lodged_at = models.DateTimeField(_("lodged at"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=20, choices=AppealStatus.choices, default=AppealStatus.LODGED
    )
    hearing_at = models.DateTimeField(_("hearing"), null=True, blank=True)
    hearing_notes = models.TextField(_("notes of the hearing"), blank=True)
    hearing_noted_at = models.DateTimeField(_("notes written at"), null=True, blank=True)
    advice = models.TextField(_("advice of the disputes committee"), blank=True)
    advised_at = models.DateTimeField(_("advised at"), null=True, blank=True)
    decision = models.TextField(_("decision of the board"), blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        ordering = ["-lodged_at"]

    def __str__(self) -> str:
        return f"{self.application} ({self.get_status_display()})"


def appeal_document_path(instance: "AppealDocument", filename: str) -> str:
    return f"appeals/{uuid.uuid4().hex}.{instance.extension}"


class AppealDocument(models.Model):
    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="documents")
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    file = models.FileField(_("file"), upload_to=appeal_document_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    extension = models.CharField(_("type"), max_length=10)
    content_type = models.CharField(_("content type"), max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("appeal document")
        verbose_name_plural = _("appeal documents")
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.original_name
