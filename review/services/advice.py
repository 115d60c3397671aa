"""Board advice: the committee's judgement per portfolio for a board call."""

from django.db import transaction
from django.utils.translation import gettext as _

from applications.models import Application
from core.errors import ServiceError
from core.posted import posted_text
from core.services import audit_log
from core.text_limits import NOTE_MAX_LENGTH
from review.models import BoardAdvice
from review.selectors import is_acting_chair
from vacancies.models import VacancyKind


@transaction.atomic
def advice_record(
    *, application: Application, portfolio, suitable: bool, reasons: str, actor
) -> BoardAdvice:
    """For a board call: the committee's judgement per portfolio, always with reasons."""
    if not is_acting_chair(user=actor, application=application):
        raise ServiceError(_("The acting chair records the committee's advice."))
    if application.vacancy.kind != VacancyKind.BOARD:
        raise ServiceError(_("Advice per portfolio is for board calls."))
    if portfolio.vacancy_id != application.vacancy_id:
        raise ServiceError(_("Choose a portfolio of this vacancy."))
    if not posted_text(reasons, max_length=NOTE_MAX_LENGTH).strip():
        raise ServiceError(_("Give the reasons: the statutes ask for them either way."))
    advice, _created = BoardAdvice.objects.update_or_create(
        application=application,
        portfolio=portfolio,
        defaults={"suitable": suitable, "reasons": reasons.strip(), "decided_by": actor},
    )
    audit_log(
        actor=actor,
        action="review.advice",
        target=application,
        data={"portfolio": portfolio.pk, "suitable": suitable},
    )
    return advice
