"""schema.org/JobPosting data for staff jobs, so job search engines understand them."""

from django.conf import settings
from django.http import HttpRequest

from vacancies.models import SalaryPeriod, Vacancy

_UNIT = {SalaryPeriod.MONTH: "MONTH", SalaryPeriod.YEAR: "YEAR", SalaryPeriod.HOUR: "HOUR"}


def job_posting(*, vacancy: Vacancy, request: HttpRequest) -> dict:
    data: dict = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": vacancy.title,
        "description": vacancy.summary,
        "datePosted": (vacancy.published_at or vacancy.created_at).date().isoformat(),
        "validThrough": vacancy.deadline.isoformat(),
        "hiringOrganization": {"@type": "Organization", "name": settings.PARTY_NAME},
        "url": request.build_absolute_uri(vacancy.get_absolute_url()),
        "inLanguage": vacancy.language,
    }
    if vacancy.location:
        data["jobLocation"] = {
            "@type": "Place",
            "address": {"@type": "PostalAddress", "addressLocality": vacancy.location},
        }
    if vacancy.reference_number:
        data["identifier"] = {
            "@type": "PropertyValue",
            "name": settings.PARTY_NAME,
            "value": vacancy.reference_number,
        }
    if vacancy.hours_per_week_min is not None or vacancy.hours_per_week_max is not None:
        data["workHours"] = f"{vacancy.hours_label} hours per week"
        full_time = (vacancy.hours_per_week_max or vacancy.hours_per_week_min or 0) >= 36
        data["employmentType"] = "FULL_TIME" if full_time else "PART_TIME"
    if vacancy.education_level:
        data["educationRequirements"] = vacancy.education_level
    if vacancy.start_date:
        data["jobStartDate"] = vacancy.start_date.isoformat()
    if vacancy.salary_min is not None or vacancy.salary_max is not None:
        value: dict = {
            "@type": "QuantitativeValue",
            "unitText": _UNIT.get(vacancy.salary_period, "MONTH"),
        }
        if vacancy.salary_min is not None:
            value["minValue"] = float(vacancy.salary_min)
        if vacancy.salary_max is not None:
            value["maxValue"] = float(vacancy.salary_max)
        data["baseSalary"] = {
            "@type": "MonetaryAmount",
            "currency": vacancy.salary_currency or "EUR",
            "value": value,
        }
    return data
