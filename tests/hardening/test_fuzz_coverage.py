"""Every route of the project is fuzzed, or listed here with the reason it is not: a form
or endpoint added tomorrow fails this test until someone decides which."""

import importlib
import pkgutil
import re

import pytest

import tests.hardening
from tests.hardening import fuzz
from tests.hardening.urlpatterns import all_routes

pytestmark = pytest.mark.fuzz

READS_NO_INPUT = "shows the signed-in user's own data; reads no form, query or body"
FILE_DOWNLOAD = "a file download (GET only, or a page without a form): its input is an id"
STOCK_CHANGE = (
    "the stock admin change page: the same ModelForm and inlines as the add page, fuzzed "
    "there; the models without an add page are read-only or written through services"
)

# Route name -> why it is not fuzzed.
NOT_FUZZED = {
    "applications:portal": READS_NO_INPUT,
    "applications:detail": READS_NO_INPUT,
    "applications:download": FILE_DOWNLOAD,
    "review:download": FILE_DOWNLOAD,
    "candidate:notice": READS_NO_INPUT,
    "candidate:document": FILE_DOWNLOAD,
    "voting:mine": READS_NO_INPUT,
    "voting:projector": "a public page of a meeting; reads nothing but its id",
    "exports:committee_advice": FILE_DOWNLOAD,
    "exports:alv_results": FILE_DOWNLOAD,
    "exports:candidate_list_internal_pdf": FILE_DOWNLOAD,
    "exports:candidate_list_pdf": FILE_DOWNLOAD,
    "exports:candidate_list_csv": FILE_DOWNLOAD,
    "exports:candidate_list_xlsx": FILE_DOWNLOAD,
    "health": "the health check (GET only), no input",
    "bij1_recruit.views.favicon": "a redirect to a static file (GET only)",
    "admin:index": "the admin's index page, no form",
    "admin:app_list": "the admin's list of an app, no form",
    "admin:login": "replaced by a redirect to allauth's login (fuzzed as account_login)",
    "admin:logout": "Django's own logout view; no fields",
    "admin:password_change_done": "a confirmation page, no form",
    "admin:jsi18n": "the admin's JavaScript catalog, no input",
    "admin:view_on_site": "Django's redirect to an object's page, no form",
    "admin:integrity_position_double_functions": "a report page (GET only), no input",
    "admin:vacancies_vacancy_preview": "a preview of the public page (GET only)",
    "admin:review_conceptlist_advice": "an overview page (GET only), no input",
    "admin:applications_application_change": "the committee's read-only review page; its "
    "forms post to the score, move, advice and relation routes, fuzzed there",
    "admin:integrity_conflictflag_changelist": "a filtered list (stock changelist)",
    "django.contrib.admin.sites.AdminSite.catch_all_view": "the admin's 404 for unknown paths",
    "django.views.generic.base.RedirectView": "the admin's redirect of an old object URL",
}
# Stock admin routes by their suffix -> why they are not fuzzed one by one.
STOCK_ADMIN = {
    "_change": STOCK_CHANGE,
    "_changelist": "the stock changelist: its bulk actions are Django's delete (a "
    "confirmation) and the project's moves, fuzzed on the applications' changelist",
    "_history": "the stock history page (GET only)",
    "_delete": "the stock delete confirmation: one button, no fields",
    "_add": "no add permission for anyone: read-only, or written through services",
    "_password_change": "Django's AdminPasswordChangeForm for a user, staff only",
}
NO_ADD_PAGE = {
    "mfa_authenticator",  # set up by their owners only (members.admin.AuthenticatorAdmin)
    "core_auditentry",
    "core_workerheartbeat",
    "notifications_notification",
    "integrity_declaration",
    "integrity_conflictflag",
    "integrity_relation",
    "applications_application",
    "review_conceptlist",
    "review_interviewslot",
    "review_appeal",
    "voting_voter",
    "voting_proxy",
    "exports_candidatelistexport",
    "exports_generateddocument",
}


def _import_fuzz_modules() -> None:
    for module in pkgutil.iter_modules(tests.hardening.__path__):
        if module.name.startswith("test_fuzz_"):
            importlib.import_module(f"tests.hardening.{module.name}")


def why_not_fuzzed(name: str) -> str | None:
    if name in NOT_FUZZED:
        return NOT_FUZZED[name]
    match = re.fullmatch(r"admin:(\w+?)(_add|_change|_changelist|_history|_delete)", name)
    if match:
        model, suffix = match.groups()
        if suffix == "_add" and model not in NO_ADD_PAGE:
            return None
        return STOCK_ADMIN[suffix]
    if name.startswith("admin:") and name.endswith("_password_change"):
        return STOCK_ADMIN["_password_change"]
    return None


def test_every_route_is_fuzzed_or_excluded_with_a_reason():
    _import_fuzz_modules()
    forgotten = sorted(
        {
            route.name
            for route in all_routes()
            if route.name not in fuzz.COVERED and why_not_fuzzed(route.name) is None
        }
    )
    assert not forgotten, f"neither fuzzed nor excluded: {forgotten}"


def test_no_route_is_both_fuzzed_and_excluded():
    _import_fuzz_modules()
    names = {route.name for route in all_routes()}
    both = sorted(name for name in fuzz.COVERED & names if name in NOT_FUZZED)
    assert not both
    stale = sorted(set(NOT_FUZZED) - names)
    assert not stale, f"excluded routes that no longer exist: {stale}"
