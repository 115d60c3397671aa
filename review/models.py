"""Candidate committees: who judges which vacancies, in which role.

Every write goes through ``review.services``; reads that decide access go through
``review.selectors``, which also apply the conflict-of-interest flags of ``integrity``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

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
