"""Fuzzing the public pages: the vacancy list's filter form (a GET form), and the vacancy
pages, calendar and feed whose input is their path and query string."""

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import strategies as st

from tests.factories import PortfolioFactory, VacancyFactory
from tests.hardening import fuzz
from tests.hardening.fuzz import Target, any_of, forms, hostile_text, numbers, with_url_args
from vacancies.models import PostingLanguage, VacancyKind

pytestmark = [pytest.mark.django_db, pytest.mark.fuzz]


@fuzz.fuzzes("home")
def test_fuzz_the_vacancy_filter(request):
    portfolio = PortfolioFactory()
    VacancyFactory()
    fields = {
        "q": st.one_of(any_of("bestuur", "%", "_"), hostile_text(150)),
        "kind": any_of(*VacancyKind.values, ""),
        "portfolio": any_of(portfolio.name, ""),
        "hours": any_of("upto16", "16to32", "32plus", ""),
        "language": any_of(*PostingLanguage.values, ""),
        "page": numbers(1, 2, 0, -1),
    }
    fuzz.run(Target("home", Client(), reverse("home"), method="get"), forms(fields), request)


SLUG_PAGES = ("vacancies:detail", "vacancies:ics")


@pytest.mark.parametrize("name", SLUG_PAGES)
@fuzz.fuzzes(*SLUG_PAGES, "vacancies:feed")
def test_fuzz_the_vacancy_pages(name, request):
    vacancy = VacancyFactory()
    slug_characters = st.characters(codec="ascii", categories=["L", "N"], include_characters="-_")
    slugs = st.one_of(st.just(vacancy.slug), st.text(slug_characters, min_size=1, max_size=80))
    payloads = with_url_args(forms({"preview": any_of("1")}), slugs)
    fuzz.run(
        Target(name, Client(), lambda payload: reverse(name, args=payload.url_args), method="get"),
        payloads,
        request,
    )
