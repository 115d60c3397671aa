from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone, translation
from django.views.decorators.cache import never_cache

from core.services import audit_log
from exports.pdf import render_pdf
from exports.permissions import may_read_committee_advice
from exports.selectors import committee_advice
from vacancies.models import Vacancy


@never_cache
@login_required
def committee_advice_pdf(request: HttpRequest, vacancy_id: int) -> HttpResponse:
    """The committee's advice for the minutes, marked confidential (DESIGN §6)."""
    vacancy = get_object_or_404(Vacancy, pk=vacancy_id)
    if not may_read_committee_advice(user=request.user, vacancy=vacancy):
        raise PermissionDenied
    context = {**committee_advice(vacancy=vacancy), "generated_at": timezone.localtime()}
    with translation.override(translation.get_language() or "nl"):
        pdf = render_pdf("exports/committee_advice.html", context)
    audit_log(actor=request.user, action="exports.committee_advice", target=vacancy)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="advies-{vacancy.slug}.pdf"'
    return response
