"""The access matrix: every URL pattern of the project (admin and allauth included, read
from the resolver, so a URL added tomorrow is covered without anyone listing it) requested as
each role, about realistic objects (tests/hardening/access_world.py), against a table of who
may see what (tests/hardening/access_expectations.py). Any difference fails, listed.

How a response counts:

- ALLOW: a 2xx; a redirect that is the view's own answer (to a page, a static file, the
  next step); a 400, 409 or 413 (the view took the request on its merits and refused its
  content: an empty form, a blocked export — it got past the access check to say so).
- DENY: 401, 403, 404 (the app answers "not found" for what one may not see), 405 (the view
  serves nothing to this method, so nothing leaks), and a redirect to sign in
  (``/accounts/login/``, the admin's login), to the second factor (set up or use it), or to
  the admin's index (the admin's answer for an object one may not see).
- A 5xx, or an exception, is always a difference.

A POST listed in ``access_world.ACTIONS`` (casting a ballot in applicant A's name) carries
a real form, and counts as ALLOW only if it took effect (a vote was recorded), whatever the
status: that action's refusal is a page that explains it.

Each role is one test: the world is built once and every route requested with it, each
request inside a savepoint that is rolled back, so no request changes what the next one
sees. A POST-only route is requested twice: its GET must show nothing to anyone, and an
empty POST must be refused to everyone the table does not name.

Beside the status, no response to someone who may not read applicant A's application (nor
B's) may contain what is confidential in it (markers in the motivation, the recording and the
transcript), whatever its status.
"""

from urllib.parse import urlsplit

import pytest
from django.db import transaction

from tests.hardening.access_expectations import (
    ACCOUNTS,
    ADMIN_MODELS,
    ADMIN_PAGES,
    QUERY_STRINGS,
    READERS_OF_A,
    READERS_OF_B,
    SITE,
    expected_access,
    table_key,
)
from tests.hardening.access_world import ACTIONS, ROLES, build_world, concrete_url
from tests.hardening.urlpatterns import all_routes

pytestmark = pytest.mark.django_db

ALLOW, DENY = "ALLOW", "DENY"
REFUSING_REDIRECTS = (
    "/accounts/login/",
    "/admin/login/",
    "/accounts/2fa/reauthenticate/",
    "/accounts/2fa/totp/activate/",
)
MERITS_REFUSED = (400, 409, 413)


def classify(response) -> str:
    status = response.status_code
    if 200 <= status < 300:
        return ALLOW
    if 300 <= status < 400:
        target = urlsplit(response["Location"]).path
        if target.startswith(REFUSING_REDIRECTS) or target == "/admin/":
            return DENY
        return ALLOW
    if status in MERITS_REFUSED:
        return ALLOW
    if status in (401, 403, 404, 405):
        return DENY
    return f"ERROR {status}"


def _body(response) -> bytes:
    # Consuming the stream closes it (the test client's wrapper); closing a plain response
    # here would fire request_finished, which closes the connection of the test transaction.
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def _request(client, method: str, url: str, world, action=None):
    """One request whose effects are rolled back: (response, body, whether the action in
    ``ACTIONS`` took effect, or None when the route has none)."""
    with transaction.atomic():
        try:
            if method == "GET":
                response = client.get(url)
            elif action is None:
                response = client.post(url, {})
            else:
                before = action.state(world)
                response = client.post(url, action.data(world))
            body = _body(response)
            took_effect = (
                None if action is None or method == "GET" else action.state(world) != before
            )
        finally:
            transaction.set_rollback(True)
    return response, body, took_effect


def _describe(response) -> str:
    if response is None:
        return ""
    where = f" -> {response['Location']}" if response.has_header("Location") else ""
    return f"{response.status_code}{where}"


@pytest.fixture
def world(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return build_world()


def _leaks(role: str, world, body: bytes) -> list[str]:
    secrets = []
    if role not in READERS_OF_A:
        secrets += world.secrets_of_a
    if role not in READERS_OF_B:
        secrets += world.secrets_of_b
    return [secret for secret in secrets if secret.encode() in body]


def _seen(world, body: bytes) -> set[str]:
    return {secret for secret in world.secrets_of_a if secret.encode() in body}


def _cells(route, access):
    """The requests for one route: (method, who may be allowed)."""
    yield "GET", access.get
    if access.post is not None:
        yield "POST", access.post


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reaches_exactly_what_the_table_allows(client, world, role):
    world.sign_in(client, role)
    routes = all_routes()
    differences, counts, seen = [], {ALLOW: 0, DENY: 0}, set()
    for route in routes:
        access = expected_access(route.route)
        if access is None:
            differences.append(
                f"{route.route} ({route.name}): not in the expected table — add it to "
                "tests/hardening/access_expectations.py"
            )
            continue
        try:
            url = concrete_url(route, world) + QUERY_STRINGS.get(route.route, "")
        except LookupError as exc:
            differences.append(
                f"{route.route} ({route.name}): no concrete URL for parameter {exc} — teach "
                "tests/hardening/access_world.py which object it names"
            )
            continue
        for method, allowed in _cells(route, access):
            expected = ALLOW if role in allowed else DENY
            if method == "POST" and "logout" in route.route:
                continue  # never posted: it would end the session the other requests use
            try:
                response, body, took_effect = _request(
                    client, method, url, world, ACTIONS.get(route.name)
                )
                actual = classify(response)
                if took_effect is not None:
                    actual = ALLOW if took_effect else DENY
            except Exception as exc:  # a crash is a difference like any other
                response, body, actual = None, b"", f"ERROR {type(exc).__name__}: {exc}"
            counts[actual] = counts.get(actual, 0) + 1
            if actual != expected:
                differences.append(
                    f"{method} {url} [{route.route}]: expected {expected}, got {actual} "
                    f"({_describe(response)})"
                )
            seen |= _seen(world, body)
            leaked = _leaks(role, world, body)
            if leaked:
                differences.append(f"{method} {url}: LEAK of {leaked} ({_describe(response)})")
    if role in READERS_OF_A and seen != set(world.secrets_of_a):
        # Those who may read A's application do see each marker somewhere (A: the detail
        # page, the download, the transcript; the committee: the review page, its download):
        # so the leak check above looks for what pages really show.
        differences.append(f"{role} never saw {set(world.secrets_of_a) - seen}")
    cells = sum(counts.values())
    summary = (
        f"access matrix, role {role}: {len(routes)} routes, {cells} requests "
        f"({counts[ALLOW]} ALLOW, {counts[DENY]} DENY); whole matrix {len(routes)} routes x "
        f"{len(ROLES)} roles = {cells * len(ROLES)} requests"
    )
    print(summary)
    assert not differences, f"{summary}\n" + "\n".join(differences)


def test_the_table_names_no_route_that_is_gone():
    """A route removed from the project leaves no stale line in the table."""
    routes = {table_key(route.route) for route in all_routes()}
    admin_models = {
        "/".join(route.split("/")[1:3]) for route in routes if route.startswith("admin/")
    }

    stale = [
        route for table in (SITE, ACCOUNTS, ADMIN_PAGES) for route in table if route not in routes
    ]
    stale += [model for model in ADMIN_MODELS if model not in admin_models]

    assert not stale, f"tests/hardening/access_expectations.py names what is gone: {stale}"
