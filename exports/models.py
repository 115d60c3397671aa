from django.utils.translation import gettext_lazy as _

from vacancies.models import Vacancy


class CandidateListExport(Vacancy):
    """A candidate-list vacancy seen from the board's side: its list checked and exported
    (PDF, CSV, XLSX) and its adoption by the ALV recorded. No table of its own."""

    class Meta:
        proxy = True
        verbose_name = _("candidate list for the Kiesraad")
        verbose_name_plural = _("candidate lists for the Kiesraad")
