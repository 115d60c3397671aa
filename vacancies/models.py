"""Vacancies: every kind of call the party publishes, with its rules and procedure timeline.

Deadlines are stored in UTC and shown in the vacancy's own time zone. The life cycle is changed
only through the transition services in ``vacancies.services``.
"""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo, available_timezones

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MAX_LIST_SIZE = 80  # a party with 16 or more seats may submit 80 names, any other 50


class VacancyKind(models.TextChoices):
    BOARD = "board", _("Board call")
    CANDIDATE_LIST = "candidate_list", _("Candidate list")
    STAFF = "staff", _("Staff job")
    OTHER = "other", _("Other")


class VacancyStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CLOSED = "closed", _("Closed")
    IN_PROCEDURE = "in_procedure", _("In procedure")
    FINISHED = "finished", _("Finished")
    ARCHIVED = "archived", _("Archived")


class PostingLanguage(models.TextChoices):
    DUTCH = "nl", _("Dutch")
    ENGLISH = "en", _("English")
    DANISH = "da", _("Danish")


class SalaryPeriod(models.TextChoices):
    MONTH = "month", _("per month")
    YEAR = "year", _("per year")
    HOUR = "hour", _("per hour")


def time_zone_choices() -> list[tuple[str, str]]:
    return [(name, name) for name in sorted(available_timezones()) if "/" in name]


class VacancyQuerySet(models.QuerySet):
    def accepting_applications(self, now: datetime | None = None):
        """Published and before the deadline: the server's clock decides, never a browser's."""
        now = now or timezone.now()
        return self.filter(status=VacancyStatus.PUBLISHED, deadline__gt=now)

    def public(self):
        """Everything a visitor may open: published or later, but not drafts or archived."""
        return self.exclude(status__in=[VacancyStatus.DRAFT, VacancyStatus.ARCHIVED])


class Vacancy(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=VacancyKind.choices)
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    summary = models.TextField(
        _("summary"), max_length=600, help_text=_("One or two sentences for the list page.")
    )
    body = models.TextField(
        _("text"), blank=True, help_text=_("Markdown. Links and lists are allowed, scripts never.")
    )
    language = models.CharField(
        _("language of the posting"),
        max_length=2,
        choices=PostingLanguage.choices,
        default=PostingLanguage.DUTCH,
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=VacancyStatus.choices,
        default=VacancyStatus.DRAFT,
        editable=False,
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    ended_at = models.DateTimeField(
        _("procedure ended at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Set when the vacancy is finished; retention periods count from here."),
    )

    deadline = models.DateTimeField(_("deadline"), help_text=_("Date and time of day."))
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="Europe/Amsterdam", choices=time_zone_choices
    )

    # Eligibility: who may apply and what they must hand in.
    members_only = models.BooleanField(_("members only"), default=False)
    min_membership_months = models.PositiveSmallIntegerField(
        _("minimum membership (months)"), null=True, blank=True
    )
    min_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    age_reference_date = models.DateField(
        _("age reference date"),
        null=True,
        blank=True,
        help_text=_("The date on which the applicant must have the minimum age."),
    )
    age_reference_label = models.CharField(
        _("age reference"), max_length=100, blank=True, help_text=_("For example 'election day'.")
    )
    vog_required = models.BooleanField(_("certificate of conduct (VOG) required"), default=False)
    integrity_declaration_required = models.BooleanField(
        _("integrity declaration required"), default=False
    )
    cv_required = models.BooleanField(_("CV required"), default=False)

    # Work: hours for every kind (volunteer roles too), employment facts for paid jobs.
    is_paid = models.BooleanField(_("paid position"), default=False)
    hours_per_week_min = models.DecimalField(
        _("hours per week (from)"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    hours_per_week_max = models.DecimalField(
        _("hours per week (to)"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    location = models.CharField(_("location"), max_length=150, blank=True)
    salary_min = models.DecimalField(
        _("salary from"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    salary_max = models.DecimalField(
        _("salary to"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    salary_currency = models.CharField(_("currency"), max_length=3, default="EUR", blank=True)
    salary_period = models.CharField(
        _("salary period"),
        max_length=10,
        choices=SalaryPeriod.choices,
        default=SalaryPeriod.MONTH,
        blank=True,
    )
    salary_scale = models.CharField(_("salary scale"), max_length=50, blank=True)
    education_level = models.CharField(_("education level"), max_length=100, blank=True)
    contract_type = models.CharField(_("contract type"), max_length=200, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    start_date_note = models.CharField(
        _("start date note"), max_length=100, blank=True, help_text=_("E.g. 'or by agreement'.")
    )
    reference_number = models.CharField(_("reference number"), max_length=50, blank=True)
    fields = models.JSONField(
        _("fields of work"), default=list, blank=True, help_text=_("A list of fields.")
    )
    terms = models.TextField(
        _("pension and other terms"), blank=True, help_text=_("Pension, leave, allowances.")
    )

    # Representation and, for candidate lists, the size of the list.
    representation_statement = models.TextField(_("representation statement"), blank=True)
    disability_priority_interview = models.BooleanField(
        _("priority interview for applicants with a disability"),
        default=False,
        help_text=_(
            "Applicants with a disability who are among the best qualified are always invited."
        ),
    )
    list_target_candidates = models.PositiveSmallIntegerField(
        _("target number of candidates"), null=True, blank=True
    )
    list_target_pushers = models.PositiveSmallIntegerField(
        _("target number of list pushers"), null=True, blank=True
    )
    list_max_size = models.PositiveSmallIntegerField(
        _("maximum list size"),
        null=True,
        blank=True,
        help_text=_("50, or 80 for a party with 16 or more seats."),
    )

    # How the committee judges recordings.
    score_from_transcript = models.BooleanField(
        _("score from the transcript first"),
        default=False,
        help_text=_(
            "Committee members read the transcript of a video or voice note, and the letter, "
            "but see and hear the recording only after they have submitted their first score "
            "for that applicant: a face or an accent cannot colour the first judgement."
        ),
    )

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = VacancyQuerySet.as_manager()

    class Meta:
        verbose_name = _("vacancy")
        verbose_name_plural = _("vacancies")
        ordering = ["deadline", "pk"]
        indexes = [models.Index(fields=["status", "deadline"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(list_max_size__isnull=True) | Q(list_max_size__lte=MAX_LIST_SIZE),
                name="vacancy_list_size_at_most_80",
            ),
            models.CheckConstraint(
                condition=Q(hours_per_week_min__isnull=True)
                | Q(hours_per_week_max__isnull=True)
                | Q(hours_per_week_min__lte=models.F("hours_per_week_max")),
                name="vacancy_hours_range_ordered",
            ),
            models.CheckConstraint(
                condition=Q(salary_min__isnull=True)
                | Q(salary_max__isnull=True)
                | Q(salary_min__lte=models.F("salary_max")),
                name="vacancy_salary_range_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("vacancies:detail", kwargs={"slug": self.slug})

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    @property
    def local_deadline(self) -> datetime:
        return self.deadline.astimezone(self.zone)

    def accepts_applications(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.status == VacancyStatus.PUBLISHED and now < self.deadline

    def is_past_deadline(self, now: datetime | None = None) -> bool:
        return (now or timezone.now()) >= self.deadline

    @property
    def hours_label(self) -> str:
        low, high = self.hours_per_week_min, self.hours_per_week_max
        if low is None and high is None:
            return ""
        if low is None or high is None or low == high:
            return _plain_number(low if low is not None else high)
        return f"{_plain_number(low)}–{_plain_number(high)}"


def _plain_number(value: Decimal) -> str:
    """10.0 → '10', 28.5 → '28.5'."""
    return format(value.normalize(), "f")


class Portfolio(models.Model):
    """A board portfolio of a board call; applicants pick one or more."""

    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="portfolios")
    name = models.CharField(_("name"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("portfolio")
        verbose_name_plural = _("portfolios")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["vacancy", "name"], name="portfolio_unique_per_vacancy")
        ]

    def __str__(self) -> str:
        return self.name


class RequirementKind(models.TextChoices):
    MUST = "must", _("Must have")
    NICE = "nice", _("Nice to have")


class Requirement(models.Model):
    """An item of the profile; the committee scores applications on these later."""

    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="requirements")
    text = models.CharField(_("requirement"), max_length=300)
    kind = models.CharField(
        _("kind"), max_length=4, choices=RequirementKind.choices, default=RequirementKind.MUST
    )
    weight = models.PositiveSmallIntegerField(
        _("weight"), null=True, blank=True, help_text=_("Optional, for scoring (e.g. 1–5).")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("requirement")
        verbose_name_plural = _("requirements")
        ordering = ["kind", "order", "pk"]

    def __str__(self) -> str:
        return self.text


class RepresentationGroup(models.TextChoices):
    """The self-identification answers (applications.diversity) a target can count. Kept
    here because vacancies sit below applications; a test checks the two agree."""

    WOMEN = "gender:woman", _("women")
    NON_BINARY = "gender:non_binary", _("non-binary people")
    PEOPLE_OF_COLOUR = "colour:yes", _("people of colour")
    LGBTQIA = "lgbtqia:yes", _("LGBTQIA+ people")
    DISABILITY = "disability:yes", _("people with a disability or chronic illness")
    REFUGEE = "refugee:yes", _("people with a refugee background")
    WORKING_CLASS = "class:yes", _("people from a working-class background")


class RepresentationTarget(models.Model):
    vacancy = models.ForeignKey(
        Vacancy, on_delete=models.CASCADE, related_name="representation_targets"
    )
    group = models.CharField(
        _("group"), max_length=100, help_text=_("For example 'women' or 'people of colour'.")
    )
    minimum_percent = models.PositiveSmallIntegerField(_("at least (%)"))
    counts = models.CharField(
        _("counted from"),
        max_length=30,
        choices=RepresentationGroup.choices,
        blank=True,
        help_text=_("The self-identification answer the committee's dashboard counts."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("representation target")
        verbose_name_plural = _("representation targets")
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(minimum_percent__lte=100), name="representation_target_percent"
            )
        ]

    def __str__(self) -> str:
        return f"{self.group} ≥ {self.minimum_percent}%"


class MilestoneKind(models.TextChoices):
    INTERVIEW_ROUND = "interview_round", _("Interview round")
    CONFIDENTIAL_NOTICE = "confidential_notice", _("Confidential notice of list place")
    WITHDRAWAL_DEADLINE = "withdrawal_deadline", _("Last day to withdraw")
    ALV = "alv", _("General members' assembly (ALV)")
    START_DATE = "start_date", _("Start")
    OTHER = "other", _("Other")


class Milestone(models.Model):
    """A step of the procedure after the deadline, with one or more dates."""

    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="milestones")
    kind = models.CharField(_("kind"), max_length=30, choices=MilestoneKind.choices)
    title = models.CharField(
        _("title"), max_length=150, blank=True, help_text=_("Leave empty to use the kind.")
    )
    description = models.TextField(_("public description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("procedure timeline")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        return self.title or str(self.get_kind_display())


class DatePrecision(models.TextChoices):
    DAY = "day", _("Exact day")
    MONTH = "month", _("Month only")


class MilestoneDate(models.Model):
    milestone = models.ForeignKey(Milestone, on_delete=models.CASCADE, related_name="dates")
    date = models.DateField(_("date"))
    precision = models.CharField(
        _("precision"), max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )

    class Meta:
        verbose_name = _("date")
        verbose_name_plural = _("dates")
        ordering = ["date", "pk"]

    def __str__(self) -> str:
        return self.date.isoformat()


class DeadlineExtension(models.Model):
    """History of a deadline moved later; written only by ``vacancy_extend_deadline``."""

    vacancy = models.ForeignKey(
        Vacancy, on_delete=models.CASCADE, related_name="deadline_extensions"
    )
    old_deadline = models.DateTimeField(_("old deadline"))
    new_deadline = models.DateTimeField(_("new deadline"))
    reason = models.TextField(_("reason"))
    early_applicants_keep_programme = models.BooleanField(
        _("early applicants keep their programme"),
        default=True,
        help_text=_(
            "Whoever applied before the old deadline keeps the procedure dates announced then."
        ),
    )
    decided_at = models.DateTimeField(_("decided at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("deadline extension")
        verbose_name_plural = _("deadline extensions")
        ordering = ["decided_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(new_deadline__gt=models.F("old_deadline")),
                name="extension_moves_deadline_later",
            )
        ]

    def __str__(self) -> str:
        return f"{self.old_deadline:%Y-%m-%d %H:%M} → {self.new_deadline:%Y-%m-%d %H:%M}"


class Contact(models.Model):
    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=150)
    role = models.CharField(_("role"), max_length=150, blank=True)
    topic = models.CharField(
        _("contact for"), max_length=150, blank=True, help_text=_("E.g. 'the procedure'.")
    )
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact people")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name


class FaqEntry(models.Model):
    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="faq_entries")
    question = models.CharField(_("question"), max_length=300)
    answer = models.TextField(_("answer"), help_text=_("Markdown."))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("question and answer")
        verbose_name_plural = _("frequently asked questions")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.question
