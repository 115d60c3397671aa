from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from vacancies.models import Vacancy


class CandidateListExport(Vacancy):
    """A candidate-list vacancy seen from the board's side: its list checked and exported
    (PDF, CSV, XLSX) and its adoption by the ALV recorded. No table of its own."""

    class Meta:
        proxy = True
        verbose_name = _("candidate list for the Kiesraad")
        verbose_name_plural = _("candidate lists for the Kiesraad")


class DocumentStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Being made")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class DocumentKindChoice(models.TextChoices):
    CANDIDATE_LIST = "candidate_list", _("Candidate list")
    COMMITTEE_ADVICE = "committee_advice", _("Advice of the candidate committee")
    ALV_RESULTS = "alv_results", _("Results of an ALV")


class GeneratedDocument(models.Model):
    """A document made in the background (Celery) and kept until its data change: asking
    again for the same document over the same data returns this one at once; any change in
    what it shows makes a new one (the fingerprint is a hash of that data)."""

    kind = models.CharField(_("document"), max_length=40, choices=DocumentKindChoice.choices)
    variant = models.CharField(_("variant"), max_length=20, blank=True)
    object_id = models.PositiveIntegerField()
    language = models.CharField(_("language"), max_length=8)
    fingerprint = models.CharField(max_length=64)
    title = models.CharField(_("title"), max_length=300)
    status = models.CharField(
        _("status"), max_length=10, choices=DocumentStatus.choices, default=DocumentStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    error = models.TextField(_("what went wrong"), blank=True)
    content = models.BinaryField(editable=False, default=bytes)
    filename = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("document for the board")
        verbose_name_plural = _("documents for the board")
        ordering = ["-requested_at"]
        indexes = [models.Index(fields=["kind", "object_id", "variant", "language"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="document_progress_at_most_100"
            )
        ]

    def __str__(self) -> str:
        return self.title
