"""The positions register and the incompatibility rules of the code of conduct, as data.

A person in the register is identified by e-mail address (lower case): staff and office holders
can be registered before they have an account, and are linked to one once it exists.
"""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class PositionKind(models.TextChoices):
    NATIONAL_BOARD = "national_board", _("Member of the national board")
    BRANCH_BOARD = "branch_board", _("Member of a branch board")
    FRACTION_MEMBER = "fraction_member", _("Member of a fraction")
    FRACTION_STAFF = "fraction_staff", _("Fraction staff")
    PARTY_OFFICE_STAFF = "party_office_staff", _("Party office staff")
    COMMITTEE_MEMBER = "committee_member", _("Committee member")
    PARTIJRAAD = "partijraad", _("Member of the party council (partijraad)")
    LIST_CANDIDATE = "list_candidate", _("Candidate on one of the party's lists")
    OTHER_PARTY = "other_party", _("Member of another political party")
    SIDE_POSITION = "side_position", _("External side position")


class Level(models.TextChoices):
    """The level of government a fraction sits at; empty for other positions."""

    MUNICIPAL = "municipal", _("municipal")
    PROVINCIAL = "provincial", _("provincial")
    WATER_BOARD = "water_board", _("water board")
    NATIONAL = "national", _("Tweede Kamer")
    SENATE = "senate", _("Eerste Kamer")
    EUROPEAN = "european", _("European Parliament")


class Position(models.Model):
    email = models.EmailField(_("e-mail address"), db_index=True)
    name = models.CharField(_("name"), max_length=200)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="positions",
    )
    kind = models.CharField(_("kind"), max_length=30, choices=PositionKind.choices)
    body = models.CharField(
        _("body"),
        max_length=200,
        help_text=_("The board, fraction, committee or organisation, e.g. 'Fractie Utrecht'."),
    )
    branch = models.CharField(
        _("branch (afdeling)"), max_length=100, blank=True, help_text=_("Empty when national.")
    )
    level = models.CharField(_("level"), max_length=20, choices=Level.choices, blank=True)
    role = models.CharField(_("role"), max_length=200, blank=True)
    is_paid = models.BooleanField(_("paid"), default=False)
    hours_per_week = models.DecimalField(
        _("hours per week"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(_("until"), null=True, blank=True)
    source_declaration = models.ForeignKey(
        "Declaration",
        verbose_name=_("declared in"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="declared_positions",
        help_text=_("Set when the position comes from an integrity declaration."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions register")
        ordering = ["name", "kind", "body"]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True)
                | Q(ends_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="position_period_ordered",
            ),
            models.CheckConstraint(
                condition=Q(email=models.functions.Lower("email")),
                name="position_email_lower_case",
            ),
        ]
        indexes = [models.Index(fields=["kind", "email"])]

    def __str__(self) -> str:
        return f"{self.name}: {self.get_kind_display()} ({self.body})"

    def is_held_on(self, day: date) -> bool:
        return (self.starts_on is None or self.starts_on <= day) and (
            self.ends_on is None or self.ends_on >= day
        )


class RuleScope(models.TextChoices):
    SAME_BODY = "same_body", _("in the same body")
    SAME_BRANCH = "same_branch", _("in the same branch")
    OTHER_BODY = "other_body", _("in different bodies")
    ANY = "any", _("anywhere")


class Severity(models.TextChoices):
    BLOCKS = "blocks", _("Not allowed")
    NEEDS_WAIVER = "needs_waiver", _("Only with a waiver from the board")
    WARNS = "warns", _("Discuss with the board")


class IncompatibilityRule(models.Model):
    """Two kinds of position that one person may not (or only with a waiver) hold at once."""

    kind_a = models.CharField(_("position A"), max_length=30, choices=PositionKind.choices)
    level_a = models.CharField(
        _("level of A"),
        max_length=20,
        choices=Level.choices,
        blank=True,
        help_text=_("Any if empty."),
    )
    kind_b = models.CharField(_("position B"), max_length=30, choices=PositionKind.choices)
    level_b = models.CharField(
        _("level of B"),
        max_length=20,
        choices=Level.choices,
        blank=True,
        help_text=_("Any if empty."),
    )
    scope = models.CharField(_("scope"), max_length=20, choices=RuleScope.choices)
    severity = models.CharField(_("severity"), max_length=20, choices=Severity.choices)
    explanation = models.TextField(
        _("explanation"), help_text=_("In plain words, for the person it concerns.")
    )
    clause = models.CharField(
        _("source"), max_length=200, help_text=_("The article of the code of conduct or rules.")
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("incompatibility rule")
        verbose_name_plural = _("incompatibility rules")
        ordering = ["kind_a", "kind_b", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind_a", "level_a", "kind_b", "level_b", "scope"],
                name="incompatibility_rule_unique",
            )
        ]

    def __str__(self) -> str:
        return (
            f"{self.get_kind_a_display()} × {self.get_kind_b_display()} "
            f"({self.get_scope_display()})"
        )


class AnswerType(models.TextChoices):
    YES_NO = "yes_no", _("Yes or no")
    YES_NO_EXPLAIN = "yes_no_explain", _("Yes or no; explain a yes")
    TEXT = "text", _("Free text")
    SIDE_POSITIONS = "side_positions", _("List of side positions")
    AGREE = "agree", _("Agreement (must be ticked)")


class Questionnaire(models.Model):
    """One version of the integrity declaration. Signed declarations keep pointing at the
    version they answered; the board publishes a new version instead of editing a used one."""

    version = models.PositiveSmallIntegerField(_("version"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    introduction = models.TextField(_("introduction"), blank=True, help_text=_("Markdown."))
    statement = models.TextField(
        _("statement to sign"), help_text=_("The integrity statement the applicant signs.")
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("declaration questionnaire")
        verbose_name_plural = _("declaration questionnaires")
        ordering = ["-version"]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"


class Question(models.Model):
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="questions"
    )
    key = models.SlugField(_("key"), max_length=50, help_text=_("Stable name of the answer."))
    section = models.CharField(_("section"), max_length=150, blank=True)
    text = models.TextField(_("question"))
    help_text = models.TextField(_("help text"), blank=True)
    answer_type = models.CharField(_("answer type"), max_length=20, choices=AnswerType.choices)
    required = models.BooleanField(_("required"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "key"], name="question_key_unique_per_version"
            )
        ]

    def __str__(self) -> str:
        return self.text[:80]


class Declaration(models.Model):
    """A signed integrity declaration. Changing it signs a new row; the old one stays as
    history (``is_current`` False)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="declarations"
    )
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.PROTECT, related_name="declarations"
    )
    answers = models.JSONField(_("answers"), default=dict)
    signed_name = models.CharField(_("signed with the name"), max_length=200)
    signed_at = models.DateTimeField(_("signed at"))
    is_current = models.BooleanField(_("current"), default=True)

    class Meta:
        verbose_name = _("integrity declaration")
        verbose_name_plural = _("integrity declarations")
        ordering = ["-signed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(is_current=True),
                name="one_current_declaration_per_user",
            )
        ]

    def __str__(self) -> str:
        return f"{self.signed_name}, {self.signed_at:%Y-%m-%d} (v{self.questionnaire.version})"


class DeclarationView(models.Model):
    """Who looked at whose declaration, and when: every view by anyone but its owner."""

    declaration = models.ForeignKey(Declaration, on_delete=models.CASCADE, related_name="views")
    viewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # In which role the viewer read it (a key of members.selectors.READER_ROLES), written at
    # the time: the log still says "integrity officer" once the account is erased, and does
    # not change when the reader later leaves or joins a group.
    viewer_role = models.CharField(_("viewer's role"), max_length=30, blank=True, default="")
    viewed_at = models.DateTimeField(_("viewed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("declaration view")
        verbose_name_plural = _("declaration views")
        ordering = ["-viewed_at"]

    def __str__(self) -> str:
        return f"{self.viewer or self.viewer_role} @ {self.viewed_at:%Y-%m-%d %H:%M}"


class RelationKind(models.TextChoices):
    FAMILY = "family", _("Family")
    PARTNER = "partner", _("Partner or former partner")
    HOUSEHOLD = "household", _("Same household")
    EMPLOYMENT = "employment", _("Employer and employee")
    BUSINESS = "business", _("Business relation")
    POWER_LINE = "power_line", _("Relationship across a power line")
    FRIENDSHIP = "friendship", _("Close friendship")
    OTHER = "other", _("Other")


class Relation(models.Model):
    """A relation between two people that may stand in the way of one judging the other:
    declared by a committee member about an applicant, or named by an applicant."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="relations_declared"
    )
    other = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="relations_named_in"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=RelationKind.choices)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("declared at"), auto_now_add=True)

    class Meta:
        verbose_name = _("relation")
        verbose_name_plural = _("relations")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["person", "other"], name="relation_once_per_pair"),
            models.CheckConstraint(
                condition=~Q(person=models.F("other")), name="relation_between_two_people"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.other} ({self.get_kind_display()})"


class Signal(models.TextChoices):
    """Why a flag was raised. The first two come from what people declared; the rest are
    suggestions the checks derive from the registers."""

    OWN_APPLICATION = "own_application", _("Applies in a procedure of their own committee")
    RELATION_DECLARED = "relation_declared", _("Relation declared by the committee member")
    RELATION_NAMED = "relation_named", _("Relation named by the applicant")
    SURNAME_PLACE = "surname_place", _("Same surname and place of residence")
    ADDRESS = "address", _("Same address")
    PHONE = "phone", _("Same phone number")
    EMAIL_DOMAIN = "email_domain", _("Same non-public e-mail domain")
    BRANCH_BOARD = "branch_board", _("On the same branch board")
    SAME_BODY = "same_body", _("Positions in the same body at the same time")
    DOUBLE_FUNCTION = "double_function", _("Double function if appointed")


class FlagStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CONFIRMED = "confirmed", _("Confirmed: recused")
    DISMISSED = "dismissed", _("Dismissed")
    WAIVED = "waived", _("Waived")


# A committee member with one of these on an application cannot reach it.
BLOCKING_STATUSES = (FlagStatus.OPEN, FlagStatus.CONFIRMED)


class ConflictFlag(models.Model):
    """A possible conflict of interest between ``person`` and an application: a committee
    member who may not judge it, or (signal double_function) the applicant themselves, whose
    appointment would break an incompatibility rule. Written by the checks, resolved by the
    acting chair or an integrity officer; a resolved flag is never raised again."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="conflict_flags",
    )
    application = models.ForeignKey(
        "applications.Application",
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="conflict_flags",
    )
    signal = models.CharField(_("signal"), max_length=30, choices=Signal.choices)
    # Tells flags of one signal apart: the rule id for double functions, else empty.
    key = models.CharField(max_length=30, blank=True, default="")
    evidence = models.CharField(_("evidence"), max_length=300, blank=True)
    rule = models.ForeignKey(
        IncompatibilityRule,
        verbose_name=_("rule"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    relation = models.ForeignKey(
        Relation,
        verbose_name=_("relation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="flags",
    )
    severity = models.CharField(_("severity"), max_length=20, choices=Severity.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=FlagStatus.choices, default=FlagStatus.OPEN
    )
    reason = models.TextField(_("reason"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resolved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    created_at = models.DateTimeField(_("raised at"), auto_now_add=True)

    class Meta:
        verbose_name = _("conflict-of-interest flag")
        verbose_name_plural = _("conflict-of-interest flags")
        ordering = ["status", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "application", "signal", "key"], name="conflict_flag_once"
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[FlagStatus.DISMISSED, FlagStatus.WAIVED]) | ~Q(reason=""),
                name="dismissed_or_waived_flag_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["application", "person", "status"])]

    def __str__(self) -> str:
        return f"{self.person} × {self.application_id}: {self.get_signal_display()}"

    @property
    def blocks_access(self) -> bool:
        return self.status in BLOCKING_STATUSES


class ApplicationScan(models.Model):
    """When the conflict checks last covered an application. The committee sees an
    application only after its first scan, so nothing slips through before the check ran."""

    application = models.OneToOneField(
        "applications.Application",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="conflict_scan",
    )
    scanned_at = models.DateTimeField()

    class Meta:
        verbose_name = _("conflict scan")
        verbose_name_plural = _("conflict scans")

    def __str__(self) -> str:
        return f"{self.application_id} @ {self.scanned_at:%Y-%m-%d %H:%M}"
