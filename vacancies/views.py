from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from vacancies.calendar import vacancy_calendar
from vacancies.forms import VacancyFilterForm
from vacancies.hooks import apply_url
from vacancies.jsonld import job_posting
from vacancies.models import RequirementKind, Vacancy, VacancyKind, VacancyStatus
from vacancies.selectors import (
    portfolio_names_open,
    vacancy_get_public,
    vacancy_list_open,
    vacancy_related,
)
from vacancies.services import vacancies_close_expired

PAGE_SIZE = 20


@require_GET
def vacancy_list(request: HttpRequest) -> HttpResponse:
    form = VacancyFilterForm(request.GET or None, portfolio_names=portfolio_names_open())
    filters = form.filters()
    page = Paginator(vacancy_list_open(filters=filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "vacancies/vacancy_list.html",
        {
            "form": form,
            "page": page,
            "filtered": filters != type(filters)(),
            "query": query.urlencode(),
        },
    )


def _public_vacancy(slug: str) -> Vacancy:
    try:
        vacancy = vacancy_get_public(slug=slug)
    except Vacancy.DoesNotExist as exc:
        raise Http404 from exc
    if vacancy.status == VacancyStatus.PUBLISHED and vacancy.is_past_deadline():
        # The sweep runs every minute; a visitor in the minute between must not see it open.
        vacancies_close_expired()
        vacancy.refresh_from_db(fields=["status"])
    return vacancy


def render_vacancy_detail(request: HttpRequest, vacancy: Vacancy, *, preview: bool = False):
    requirements = list(vacancy.requirements.all())
    context = {
        "vacancy": vacancy,
        "must_haves": [item for item in requirements if item.kind == RequirementKind.MUST],
        "nice_to_haves": [item for item in requirements if item.kind == RequirementKind.NICE],
        "accepts_applications": vacancy.accepts_applications(),
        "apply_url": apply_url(vacancy),
        "related": vacancy_related(vacancy=vacancy),
        "job_posting": job_posting(vacancy=vacancy, request=request)
        if vacancy.kind == VacancyKind.STAFF
        else None,
        "preview": preview,
    }
    return render(request, "vacancies/vacancy_detail.html", context)


@require_GET
def vacancy_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return render_vacancy_detail(request, _public_vacancy(slug))


@require_GET
def vacancy_ics(request: HttpRequest, slug: str) -> HttpResponse:
    vacancy = _public_vacancy(slug)
    body = vacancy_calendar(vacancy=vacancy, base_url=request.build_absolute_uri("/").rstrip("/"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slugify(vacancy.slug)}.ics"'
    return response
