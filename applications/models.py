"""Applications and the files that come with them.

Status changes go through ``applications.services`` only (a transcript's through
``applications.transcripts``). Files live in private storage under random names; the name the
applicant gave is kept for display only.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.text_limits import LONG_TEXT_MAX_LENGTH, REASON_MAX_LENGTH
from vacancies.models import MilestoneDate, Portfolio, Vacancy


class ApplicationStatus(models.TextChoices):
    """The draft and the applicant's own steps here; the committee's pipeline (review app)
    moves a sent application through the others."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    SCREENING = "screening", _("Screening")
    ROUND_1 = "round_1", _("Interview round 1")
    ROUND_2 = "round_2", _("Interview round 2")
    ADVISED = "advised", _("Advised by the committee")
    NOTIFIED = "notified", _("Told the outcome")
    ACCEPTED = "accepted", _("Accepted")
    NOT_SELECTED = "not_selected", _("Not selected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Sent and still in the running: documents, availability and reminders apply to these.
IN_PROCEDURE = (
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.SCREENING,
    ApplicationStatus.ROUND_1,
    ApplicationStatus.ROUND_2,
    ApplicationStatus.ADVISED,
    ApplicationStatus.NOTIFIED,
)


class Retention(models.TextChoices):
    PROCEDURE = "procedure", _("Delete my data four weeks after the procedure ends")
    ONE_YEAR = "one_year", _("Keep my data on file for one year, for future vacancies")


class ListGender(models.TextChoices):
    """The gender marker the Kiesraad's candidate list may print after a name (m or v)."""

    MALE = "m", _("m (man)")
    FEMALE = "v", _("v (woman)")


class Application(models.Model):
    vacancy = models.ForeignKey(Vacancy, on_delete=models.PROTECT, related_name="applications")
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="applications"
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.DRAFT,
        editable=False,
    )
    receipt_number = models.CharField(
        _("receipt number"), max_length=20, unique=True, null=True, blank=True, editable=False
    )

    # Name parts as the Kiesraad's candidate list needs them.
    initials = models.CharField(_("initials"), max_length=30, blank=True)
    first_name = models.CharField(_("first name (roepnaam)"), max_length=100, blank=True)
    name_prefix = models.CharField(_("prefix (tussenvoegsel)"), max_length=30, blank=True)
    last_name = models.CharField(_("surname"), max_length=150, blank=True)
    pronouns = models.CharField(_("pronouns"), max_length=50, blank=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    place_of_residence = models.CharField(_("place of residence"), max_length=100, blank=True)
    country = models.CharField(
        _("country"), max_length=2, default="NL", help_text=_("Two-letter code, e.g. NL.")
    )
    list_gender = models.CharField(
        _("gender marker on the candidate list"),
        max_length=1,
        choices=ListGender.choices,
        blank=True,
        help_text=_(
            "Optional: the Kiesraad's list may show (m) or (v) after a name, and prints it only "
            "when every candidate on the list has one. This is not the confidential "
            "self-identification, which never leaves the committee."
        ),
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    phone_key = models.CharField(max_length=9, blank=True, db_index=True, editable=False)
    membership_number = models.CharField(_("membership number"), max_length=32, blank=True)

    portfolios = models.ManyToManyField(
        Portfolio, verbose_name=_("portfolios"), blank=True, related_name="applications"
    )
    motivation = models.TextField(_("motivation"), blank=True, max_length=LONG_TEXT_MAX_LENGTH)

    consent_political_data = models.BooleanField(
        _("consent to processing data that reveal political opinion"), default=False
    )
    retention = models.CharField(
        _("retention"), max_length=20, choices=Retention.choices, default=Retention.PROCEDURE
    )

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True, editable=False)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True, editable=False)
    withdrawal_reason = models.TextField(
        _("reason for withdrawing"), blank=True, max_length=REASON_MAX_LENGTH
    )
    record_anonymised_at = models.DateTimeField(
        _("record anonymised at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "A legal hold ended while the ALV's minutes still point at this application: the "
            "name is gone, the rows stay for the minutes."
        ),
    )
    duplicate_signals = models.JSONField(
        _("possible duplicates"),
        default=list,
        blank=True,
        editable=False,
        help_text=_(
            "Other applications to the same vacancy that share a phone or name and birth date."
        ),
    )

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["vacancy", "applicant"], name="one_application_per_person_per_vacancy"
            )
        ]

    def __str__(self) -> str:
        return f"{self.full_name or self.applicant} → {self.vacancy}"

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.first_name, self.name_prefix, self.last_name) if p)

    @property
    def in_procedure(self) -> bool:
        return self.status in IN_PROCEDURE

    @property
    def takes_transcript_corrections(self) -> bool:
        """The applicant may correct their transcripts until the procedure has ended."""
        return self.status == ApplicationStatus.DRAFT or self.in_procedure


class FileKind(models.TextChoices):
    LETTER = "letter", _("Letter")
    VIDEO = "video", _("Video")
    VOICE = "voice", _("Voice note")
    CV = "cv", _("CV")


# The kinds that are recordings: ffprobe checks them (applications.media), and they are
# transcribed (applications.transcripts).
RECORDINGS = (FileKind.VIDEO, FileKind.VOICE)


class FileCheck(models.TextChoices):
    PENDING = "pending", _("Being checked")
    OK = "ok", _("Checked")
    REJECTED = "rejected", _("Rejected")


def private_upload_path(instance: "ApplicationFile", filename: str) -> str:
    # A random name: nothing the applicant typed ever becomes part of a path on disk.
    return f"applications/{instance.uuid.hex[:2]}/{instance.uuid.hex}.{instance.extension}"


class ApplicationFile(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(_("kind"), max_length=10, choices=FileKind.choices)
    file = models.FileField(_("file"), upload_to=private_upload_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    extension = models.CharField(_("type"), max_length=10)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    check_status = models.CharField(
        _("check"), max_length=10, choices=FileCheck.choices, default=FileCheck.PENDING
    )
    check_message = models.CharField(_("check result"), max_length=300, blank=True)
    duration_seconds = models.FloatField(_("duration (s)"), null=True, blank=True)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("file")
        verbose_name_plural = _("files")
        ordering = ["kind", "uploaded_at"]

    def __str__(self) -> str:
        return self.original_name


class TranscriptStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting for transcription")
    RUNNING = "running", _("Being transcribed")
    DONE = "done", _("Transcribed")
    NO_SPEECH = "no_speech", _("No speech found")
    FAILED = "failed", _("Transcription failed")


class TranscriptFailure(models.TextChoices):
    NO_MODEL = "no_model", _("No speech recognition model is installed on the server.")
    NOT_INSTALLED = "not_installed", _("Speech recognition is not installed on the server.")
    UNREADABLE = "unreadable", _("The sound of this recording could not be read.")
    FILE_MISSING = "file_missing", _("The recording is no longer stored.")
    ENGINE = "engine", _("The speech recognition stopped with an error.")
    GAVE_UP = "gave_up", _("The transcription was interrupted three times and was given up.")


class Transcript(models.Model):
    """What is said in a video or voice note, made on our own machine after the media check.
    Special-category data like the recording itself: it lives and dies with its file (retention,
    erasure, replacement) and never appears in a log line or a task's arguments.

    ``segments`` is what the speech recognition heard, kept as it was; ``corrected_segments``
    is the applicant's correction of it (the same timestamps, their own words), and ``text`` is
    the version the committee reads, for search."""

    file = models.OneToOneField(
        ApplicationFile, on_delete=models.CASCADE, related_name="transcript"
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=TranscriptStatus.choices,
        default=TranscriptStatus.QUEUED,
        editable=False,
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0, editable=False)
    failure = models.CharField(
        _("reason"), max_length=20, choices=TranscriptFailure.choices, blank=True, editable=False
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0, editable=False)
    # The language asked for (the posting's), or empty to let the model detect it; and the
    # language the transcript is in.
    requested_language = models.CharField(_("requested language"), max_length=8, blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True, editable=False)
    language_detected = models.BooleanField(_("language detected"), default=False)
    model_name = models.CharField(_("model"), max_length=100, blank=True, editable=False)
    segments = models.JSONField(_("segments"), default=list, blank=True, editable=False)
    corrected_segments = models.JSONField(
        _("segments as corrected by the applicant"), null=True, blank=True, editable=False
    )
    text = models.TextField(_("text"), blank=True, editable=False)
    queued_at = models.DateTimeField(_("queued at"), default=timezone.now, editable=False)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True, editable=False)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True, editable=False)
    corrected_at = models.DateTimeField(_("corrected at"), null=True, blank=True, editable=False)
    # Moved by every write, progress included: a run whose heartbeat stops has died.
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("transcript")
        verbose_name_plural = _("transcripts")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="transcript_progress_at_most_100"
            ),
            models.CheckConstraint(
                condition=models.Q(status="failed") | models.Q(failure=""),
                name="transcript_failure_only_when_failed",
            ),
            models.CheckConstraint(
                condition=models.Q(corrected_segments__isnull=True)
                | models.Q(corrected_at__isnull=False),
                name="transcript_correction_has_a_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.file} ({self.get_status_display()})"

    @property
    def is_corrected(self) -> bool:
        return self.corrected_segments is not None

    @property
    def current_segments(self) -> list[dict]:
        """What the committee reads: the applicant's correction where there is one."""
        return self.corrected_segments if self.is_corrected else self.segments

    @property
    def is_pending(self) -> bool:
        return self.status in (TranscriptStatus.QUEUED, TranscriptStatus.RUNNING)


class Availability(models.Model):
    """Whether the applicant can come on one interview date of the vacancy's timeline."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="availability"
    )
    date = models.ForeignKey(MilestoneDate, on_delete=models.CASCADE, related_name="+")
    available = models.BooleanField(_("available"))

    class Meta:
        verbose_name = _("availability")
        verbose_name_plural = _("availability")
        constraints = [
            models.UniqueConstraint(fields=["application", "date"], name="availability_once")
        ]

    def __str__(self) -> str:
        return f"{self.date}: {'yes' if self.available else 'no'}"


class DiversityDimension(models.TextChoices):
    GENDER = "gender", _("Gender")
    COLOUR = "colour", _("Person of colour")
    LGBTQIA = "lgbtqia", _("LGBTQIA+")
    DISABILITY = "disability", _("Disability or chronic illness")
    REFUGEE = "refugee", _("Refugee background")
    CLASS = "class", _("Working-class background")


class DiversityResponse(models.Model):
    """One self-identification answer. Special-category data (AVG art. 9): optional, kept in its
    own table, and shown to the committee only where ``show_to_committee`` is set; otherwise
    only in aggregates that hide small groups."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="diversity_responses"
    )
    dimension = models.CharField(_("question"), max_length=20, choices=DiversityDimension.choices)
    value = models.CharField(_("answer"), max_length=30)
    show_to_committee = models.BooleanField(_("the committee may see this answer"), default=False)
    answered_at = models.DateTimeField(_("answered at"), auto_now=True)

    class Meta:
        verbose_name = _("diversity answer")
        verbose_name_plural = _("diversity answers")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "dimension"], name="one_answer_per_dimension"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_dimension_display()}: {self.value}"


class PurgeLog(models.Model):
    """What the retention purge deleted: counts only, never who."""

    ran_at = models.DateTimeField(_("ran at"), auto_now_add=True)
    vacancy = models.ForeignKey(
        Vacancy, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    applications_deleted = models.PositiveIntegerField(_("applications deleted"))
    applications_kept = models.PositiveIntegerField(
        _("applications kept under a legal hold"), default=0
    )

    class Meta:
        verbose_name = _("purge log entry")
        verbose_name_plural = _("purge log")
        ordering = ["-ran_at"]

    def __str__(self) -> str:
        return f"{self.ran_at:%Y-%m-%d}: {self.applications_deleted}"


class LegalHold(models.Model):
    """Why part of an application stays after its applicant was erased or its retention ended:
    the record a list or an ALV vote needs (``applications.hooks.Hold``). What stays is the
    name, initials, date of birth, place of residence and gender marker; the rest is gone."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="legal_holds"
    )
    ground = models.CharField(_("ground"), max_length=40)
    reason = models.CharField(_("what is kept"), max_length=300)
    since = models.DateTimeField(_("counted from"))
    until = models.DateTimeField(_("kept until"))
    decided_at = models.DateTimeField(_("decided at"), auto_now_add=True)

    class Meta:
        verbose_name = _("legal hold")
        verbose_name_plural = _("legal holds")
        ordering = ["until"]

    def __str__(self) -> str:
        return self.reason
