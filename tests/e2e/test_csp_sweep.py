"""Every page of the site, in Chromium, on the demo data: not one Content-Security-Policy
violation (the policy allows no inline code without the response's nonce), and no complaint
about the Permissions-Policy header.

Four visitors, each with a browser context of their own: a superuser who used the second
factor and holds every party role and a committee seat (the admin: index, each app, each
model's list, add and change form, every custom admin view; the staff, committee and account
pages), a demo applicant (their application, its file, the application form with its
recorder, their declaration and account pages), a member checked in at the demo general
assembly (meeting, every open ballot, results, projector; they also cast a vote through
cast.js) and an anonymous visitor (public, sign-in, sign-up and password-reset pages, 404).
The routes come from the URL patterns (tests/hardening/urlpatterns.py), their arguments from
`seed_demo`'s data."""

import io
import re
import time
import uuid
from collections import Counter

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client
from playwright.sync_api import Error as PlaywrightError

from applications.models import Application, FileKind
from demo.members import DEMO_TOTP_SECRET
from exports.models import GeneratedDocument
from members.models import User
from members.roles import STAFF_GROUPS
from members.totp import current_totp_code
from review.models import Committee
from tests.factories import attached_file, seat_ready
from tests.hardening.urlpatterns import all_routes
from vacancies.models import Vacancy
from voting.models import ListVote, Meeting, Poll, PollStatus, Voter
from voting.services import check_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# Reports each violation to the test the moment it happens, also one that fires while the
# page is being left. Installed before any script of the page runs.
LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolation({
    page: location.pathname + location.search,
    directive: event.effectiveDirective,
    blocked: event.blockedURI,
    source: event.sourceFile + ":" + event.lineNumber,
    sample: event.sample,
  });
}, true);
"""
# Not pages: files, feeds and the JSON the scripts poll (their headers are tested elsewhere).
NOT_PAGES = re.compile(r"(\.(pdf|csv|json|xlsx|ics|ico)$|/(bestand|stand|feed|telling/\d+)/?$)")
SKIPPED = {"account_logout", "admin:logout", "set_language", "health"}


class Sweep:
    def __init__(self, browser, base_url):
        self.browser, self.base_url = browser, base_url
        self.problems: list[str] = []
        self.visited = 0
        self.not_pages = 0
        self.statuses = Counter()

    def context(self, session_key: str | None = None):
        context = self.browser.new_context(
            base_url=self.base_url, locale="nl-NL", viewport={"width": 1280, "height": 900}
        )
        context.expose_binding("__cspViolation", self._violation)
        context.add_init_script(LISTENER)
        context.on("console", self._console)
        if session_key:
            context.add_cookies(
                [{"name": settings.SESSION_COOKIE_NAME, "value": session_key, "url": self.base_url}]
            )
        context.new_page()
        return context

    def _violation(self, _source, violation):
        self.problems.append(
            "{page}: {directive} blocked {blocked} ({source}) {sample}".format(**violation)
        )

    def _console(self, message):
        text = message.text
        if "Content Security Policy" in text or "Permissions-Policy" in text:
            self.problems.append(f"{message.page.url if message.page else '?'}: {text}")

    def visit(self, context, path: str):
        page = context.pages[-1]
        try:
            response = page.goto(path, wait_until="load")
        except PlaywrightError as error:
            # An empty answer (405 to a GET of a form's target) or a file: not a page. The
            # browser then shows its own error page; the next address gets a fresh tab.
            if "ERR_HTTP_RESPONSE_CODE_FAILURE" in str(error) or "Download is" in str(error):
                self.not_pages += 1
                page.close()
                context.new_page()
                return None
            raise
        self.visited += 1
        self.statuses[response.status if response else None] += 1
        if response is not None and page.locator("script[src*='/static/js/']").count():
            # Let the page's own scripts do their work (polling, drag and drop, autosave).
            page.wait_for_load_state("networkidle")
        return page


def _session_of(user, *, second_factor: bool = False) -> str:
    client = Client()
    client.force_login(user)
    if second_factor:
        client.post("/accounts/2fa/reauthenticate/", {"code": current_totp_code(DEMO_TOTP_SECRET)})
        assert client.get("/admin/").status_code == 200  # the staff pages are open
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def _demo_world(tmp_path, settings):
    """The demo data, plus what it leaves out outside the embedded mode: an uploaded letter,
    a checked-in member and a document being made."""
    call_command("seed_demo", force=True, stdout=io.StringIO())
    settings.MEDIA_ROOT = tmp_path
    application = Application.objects.get(applicant__email="daan@example.org")
    letter = attached_file(
        application,
        kind=FileKind.LETTER,
        name="brief.pdf",
        content_type="application/pdf",
        content=b"%PDF-1.4\n",
    )
    meeting = Meeting.objects.get()
    member = User.objects.get(email="lid@example.org")
    voter = Voter.objects.get(meeting=meeting, user=member)
    check_in(voter=voter, actor=None)
    concept_vacancy = Vacancy.objects.get(slug="kandidatenlijst-tweede-kamer")
    # The superuser also holds every party role and a committee seat: the admin shows each
    # role its own pages, and the committee's review pages only to its members.
    admin_user = User.objects.get(email="admin@example.org")
    admin_user.groups.add(*Group.objects.filter(name__in=STAFF_GROUPS))
    for committee in Committee.objects.all():
        seat_ready(committee, admin_user)
    document = GeneratedDocument.objects.create(
        kind=GeneratedDocument._meta.get_field("kind").choices[0][0],
        object_id=concept_vacancy.pk,
        language="nl",
        fingerprint="sweep",
        title="Kandidatenlijst",
        requested_by=admin_user,
    )
    open_poll = Poll.objects.filter(meeting=meeting, status=PollStatus.OPEN).order_by("order")
    closed_poll = Poll.objects.filter(meeting=meeting, status=PollStatus.CLOSED).first()
    return {
        "admin": admin_user,
        "applicant": application.applicant,
        "member": member,
        "application": application,
        "letter": letter,
        "meeting": meeting,
        "voter": voter,
        "open_poll": open_poll.first(),
        "open_polls": list(open_poll),
        "closed_poll": closed_poll,
        "list_vote": ListVote.objects.filter(meeting=meeting).first(),
        "concept_vacancy": concept_vacancy,
        "other_vacancy": Vacancy.objects.exclude(pk=application.vacancy_id)
        .filter(status="published")
        .first(),
        "document": document,
    }


def _fill(route, world) -> str | None:
    """The route with its arguments taken from the demo data (None: nothing to fill in)."""
    name, application, meeting = route.name, world["application"], world["meeting"]
    poll = world["closed_poll"] if re.search(r"results|ballots_", name) else world["open_poll"]
    values = {
        "slug": world["other_vacancy"].slug
        if name.endswith(":apply")
        else application.vacancy.slug,
        "pk": meeting.pk if name.startswith("voting:") else application.pk,
        "poll_pk": poll.pk,
        "poll_id": poll.pk,
        "meeting_id": meeting.pk,
        "list_pk": world["list_vote"].pk if world["list_vote"] else 0,
        "file_uuid": world["letter"].uuid,
        "document_uuid": uuid.uuid4(),
        "code": world["voter"].checkin_code,
        "vacancy_id": world["concept_vacancy"].pk,
        "kind": world["document"].kind,
        "object_id": world["concept_vacancy"].pk,
    }
    if name.startswith("exports:document"):
        values["pk"] = world["document"].pk
    path = route.route
    for key in route.kwargs:
        if key not in values:
            return None
        path = re.sub(rf"<(?:\w+:)?{key}>", str(values[key]), path)
    return "/" + path


def _admin_pages(world) -> list[str]:
    """The admin index, each app's index, each registered model's list, add form and the
    change form of its first row, and every custom admin view (from the URL patterns)."""
    pages = ["/admin/"]
    for model in admin.site._registry:
        meta = model._meta
        base = f"/admin/{meta.app_label}/{meta.model_name}/"
        pages += [base, base + "add/"]  # a model without an add form answers 403
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            pages.append(f"{base}{first.pk}/change/")
    pages += [f"/admin/{label}/" for label in {m._meta.app_label for m in admin.site._registry}]
    standard = re.compile(r"_(changelist|add|change|delete|history)$|^admin:(app_list|index)$")
    for route in all_routes():
        if not route.is_admin or standard.search(route.name) or "RedirectView" in route.name:
            continue
        if route.name in {"admin:login", "admin:logout", "admin:autocomplete"}:
            continue
        if route.name in {"admin:view_on_site", "admin:jsi18n"} or "catch_all" in route.name:
            continue
        model = _model_of(route.route)
        first = model._default_manager.order_by("pk").first() if model else None
        values = {"pk": first.pk if first else 0, "vacancy_id": world["concept_vacancy"].pk}
        path = route.route
        for key in route.kwargs:
            path = re.sub(rf"<(?:\w+:)?{key}>", str(values[key]), path)
        pages.append("/" + path)
    return pages


def _model_of(route: str):
    parts = route.split("/")
    try:
        return apps.get_model(parts[1], parts[2])
    except (LookupError, IndexError, ValueError):
        return None


def _site_pages(world, *names: str) -> list[str]:
    """The pages outside the admin whose route name starts with one of ``names`` (all of
    them without names), the arguments filled in from the demo data."""
    pages = []
    for route in all_routes():
        if route.is_admin or route.name in SKIPPED or not route.name.startswith(names or ""):
            continue
        path = _fill(route, world)
        if path is not None and not NOT_PAGES.search(path):
            pages.append(path)
    return pages


def _anonymous_pages(world) -> list[str]:
    user = world["applicant"]
    address = EmailAddress.objects.get(user=user)
    reset = f"{user_pk_to_url_str(user)}-{default_token_generator.make_token(user)}"
    return [
        "/",
        f"/vacatures/{world['application'].vacancy.slug}/",
        f"/vacatures/{world['other_vacancy'].slug}/",
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password/reset/",
        "/accounts/password/reset/done/",
        f"/accounts/password/reset/key/{reset}/",
        f"/accounts/confirm-email/{EmailConfirmationHMAC(address).key}/",
        "/accounts/confirm-email/",
        "/accounts/inactive/",
        "/sollicitaties/",  # to the sign-in page
        "/bestaat-niet/",  # the 404 page
    ]


def _cast_a_vote(sweep, member, world) -> None:
    """The ballot, its confirmation and cast.js casting it, as a checked-in member does."""
    poll = Poll.objects.get(pk=world["open_poll"].pk)
    page = sweep.visit(member, f"/alv/{world['meeting'].pk}/stemmen/{poll.pk}/")
    for option in poll.options.all():
        page.locator(f"input[name$='-option_{option.pk}']").first.check()
    page.locator("main button.btn-primary").click()
    page.locator("dd.fw-bold").first.wait_for()
    page.wait_for_load_state("networkidle")
    sweep.visited += 1
    page.locator("main button.btn-primary").click()
    page.locator("[data-receipt]").first.wait_for()


# A style attribute added by a script: the policy must block it, and the sweep must hear.
CANARY = "document.body.insertAdjacentHTML('beforeend', '<p style=\\'color: red\\'>x</p>')"


def test_no_page_violates_the_content_security_policy(browser, live_server, tmp_path, settings):
    started = time.monotonic()
    world = _demo_world(tmp_path, settings)
    sweep = Sweep(browser, live_server.url)
    seeded = time.monotonic()

    anonymous = sweep.context()
    sweep.visit(anonymous, "/").evaluate(CANARY)
    anonymous.pages[-1].wait_for_timeout(100)
    assert any("style-src-attr blocked inline" in problem for problem in sweep.problems)
    sweep.problems.clear()  # "/" is visited again below
    for path in _anonymous_pages(world):
        sweep.visit(anonymous, path)

    superuser = sweep.context(_session_of(world["admin"], second_factor=True))
    # The applicant's and the member's own pages are theirs to see (below), not the admin's.
    for path in _admin_pages(world) + _site_pages(
        world, "home", "vacancies:", "review:", "exports:", "voting:", "account_", "mfa_"
    ):
        sweep.visit(superuser, path)
    applicant = sweep.context(_session_of(world["applicant"]))
    for path in _site_pages(
        world,
        "home",
        "vacancies:",
        "applications:",
        "integrity:",
        "candidate:",
        "members:",
        "account_",
        "mfa_index",
    ):
        sweep.visit(applicant, path)
    member = sweep.context(_session_of(world["member"]))
    for path in _site_pages(world, "voting:", "members:"):
        if not path.startswith("/staff/"):
            sweep.visit(member, path)
    for poll in world["open_polls"]:
        sweep.visit(member, f"/alv/{world['meeting'].pk}/stemmen/{poll.pk}/")
    _cast_a_vote(sweep, member, world)

    print(
        f"CSP sweep: {sweep.visited} pages ({sweep.not_pages} addresses that are no page) "
        f"in {time.monotonic() - seeded:.1f} s, after {seeded - started:.1f} s of demo data"
    )
    print(f"CSP sweep: answers {dict(sweep.statuses)}")
    assert sweep.problems == []
    assert sweep.visited >= 180
    assert sweep.statuses[200] >= 140  # pages with content, not only refusals
