"""Security settings as production computes them, sign-in throttling, the second factor for
every staff role, and uploads that no public URL serves (issue #12, item 3)."""

import json
import re
import uuid
from http.cookies import SimpleCookie
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models
from django.test import Client
from django.urls import Resolver404, resolve

from applications.models import FileKind
from members.roles import STAFF_GROUPS
from members.totp import current_totp_code
from tests.bij1_recruit.test_settings import manage
from tests.conftest import current_database_url
from tests.factories import (
    PASSWORD,
    ApplicationFactory,
    UserFactory,
    VacancyFactory,
    attached_file,
    committee_for,
    give_totp,
    seat_ready,
)
from tests.hardening.urlpatterns import all_routes

HOST = "werving.example.org"

# Run by `manage.py shell -c` under production settings: fetches pages the way the proxy
# hands them to gunicorn (X-Forwarded-Proto) and prints what a browser would receive.
PRODUCTION_PROBE = r"""
import json, re
from pathlib import Path

from allauth.account.models import EmailAddress
from django.apps import apps
from django.conf import settings
from django.contrib.staticfiles import finders
from django.db import models, transaction
from django.test import Client

from members.models import User
from tests.factories import VacancyFactory

# The production static storage needs collectstatic's manifest. The probe fetches no static
# file, so a manifest naming every file unchanged will do (collectstatic takes ~40 s).
Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
names = {}
for finder in finders.get_finders():
    for path, storage in finder.list([]):
        prefix = getattr(storage, "prefix", None)
        names[f"{prefix}/{path}" if prefix else path] = f"{prefix}/{path}" if prefix else path
(Path(settings.STATIC_ROOT) / "staticfiles.json").write_text(
    json.dumps({"version": "1.1", "paths": names, "hash": ""})
)
HOST = "%(host)s"
PROXY = {"Host": HOST, "X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"}


def seen(response):
    body = b"" if response.streaming else response.content
    return {
        "status": response.status_code,
        "headers": dict(response.headers),
        "set_cookie": [morsel.OutputString() for morsel in response.cookies.values()],
        "nonces": re.findall(r'nonce="([^"]+)"', body.decode(errors="replace")),
    }


def form_token(response):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text).group(1)


out = {}
with transaction.atomic():
    user = User.objects.create_user(email="probe@%(host)s", password="%(password)s")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    browser = Client(enforce_csrf_checks=True, headers=PROXY)
    out["home"] = seen(browser.get("/"))
    vacancy = VacancyFactory()  # its page has an inline script: JSON-LD for job sites
    out["vacancy"] = seen(browser.get(f"/vacatures/{vacancy.slug}/"))
    out["vacancy_again"] = seen(browser.get(f"/vacatures/{vacancy.slug}/"))
    out["not_found"] = seen(browser.get("/bestaat-niet/"))
    login = browser.get("/accounts/login/")
    out["login_page"] = seen(login)
    post = {"headers": {"Origin": "https://" + HOST}}
    out["signed_in"] = seen(
        browser.post(
            "/accounts/login/",
            {"login": user.email, "password": "%(password)s",
             "csrfmiddlewaretoken": form_token(login)},
            **post,
        )
    )
    portal = browser.get("/sollicitaties/")
    out["portal"] = seen(portal)
    out["language"] = seen(
        browser.post(
            "/i18n/setlang/",
            {"language": "en", "next": "/", "csrfmiddlewaretoken": form_token(portal)},
            **post,
        )
    )
    stored = "applications/ab/" + "ab" * 16 + ".pdf"
    target = Path(settings.MEDIA_ROOT) / stored
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(b"%%PDF-1.4 private")
    out["media"] = seen(browser.get(settings.MEDIA_URL + stored))
    out["plain_http"] = seen(Client(headers={"Host": HOST}).get("/"))
    transaction.set_rollback(True)

# Rate limits count visitors by address: behind the proxy, the one it adds last (the first
# may be made up by the visitor), never the proxy's own.
from allauth.account.adapter import get_adapter
from django.test import RequestFactory

forwarded = RequestFactory().get(
    "/", headers={"X-Forwarded-For": "198.51.100.1, 203.0.113.7"}, REMOTE_ADDR="172.18.0.5"
)
out["client_address"] = get_adapter().get_client_ip(forwarded)
out["settings"] = {
    "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    "STATIC_ROOT": str(settings.STATIC_ROOT),
    "file_storages": sorted(
        {
            str(Path(field.storage.location).resolve())
            for model in apps.get_models()
            for field in model._meta.get_fields()
            if isinstance(field, models.FileField)
        }
    ),
}
print("PROBE " + json.dumps(out))
"""


@pytest.fixture(scope="module")
def production(django_db_setup, django_db_blocker, tmp_path_factory):
    """What browsers receive from a production configuration (one subprocess per module). The
    tests using it are marked django_db so that pytest-django creates the test database."""
    folder = tmp_path_factory.mktemp("production")
    secret = folder / "secret"
    secret.write_text("p7!Vq2#xL9@mR4$wZ8^kN1&bT6*hY3(cJ5)fG0-sD2+aE7=uI9~oP4")
    with django_db_blocker.unblock():
        database = current_database_url()
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        PRODUCTION_PROBE % {"host": HOST, "password": PASSWORD},
        SECRET_KEY_FILE=str(secret),
        ALLOWED_HOSTS=HOST,
        CSRF_TRUSTED_ORIGINS=f"https://{HOST}",
        DATABASE_URL=database,
        STATIC_ROOT=str(folder / "static"),
        MEDIA_ROOT=str(folder / "private-media"),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    line = next(line for line in result.stdout.splitlines() if line.startswith("PROBE "))
    return json.loads(line.removeprefix("PROBE "))


PAGES = ["home", "vacancy", "not_found", "login_page", "signed_in", "portal", "language", "media"]


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES)
def test_every_response_carries_the_security_headers(production, page):
    headers = production[page]["headers"]

    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    permissions = dict(item.split("=", 1) for item in headers["Permissions-Policy"].split(", "))
    assert permissions["camera"] == permissions["microphone"] == "(self)"
    for feature in ("geolocation", "payment", "usb", "browsing-topics", "display-capture"):
        assert permissions[feature] == "()"


def _policy(seen) -> dict[str, str]:
    header = seen["headers"]["Content-Security-Policy"]
    return dict(directive.strip().split(" ", 1) for directive in header.split(";"))


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["home", "not_found", "login_page", "portal", "vacancy"])
def test_pages_have_a_strict_policy_without_unsafe_sources(production, page):
    policy = _policy(production[page])

    assert "unsafe" not in production[page]["headers"]["Content-Security-Policy"]
    assert policy["default-src"] == "'self'"
    assert policy["object-src"] == policy["base-uri"] == policy["frame-ancestors"] == "'none'"
    assert policy["form-action"] == "'self'"
    # Django names the nonce only on pages that use it: the others allow no inline code.
    nonces = production[page]["nonces"]
    expected = f"'self' 'nonce-{nonces[0]}'" if nonces else "'self'"
    assert policy["script-src"] == policy["style-src"] == expected
    assert len(set(nonces)) <= 1


@pytest.mark.django_db
def test_an_inline_script_carries_the_nonce_of_its_own_response(production):
    first, second = production["vacancy"], production["vacancy_again"]

    assert first["nonces"] and second["nonces"]
    assert f"'nonce-{first['nonces'][0]}'" in _policy(first)["script-src"]
    assert f"'nonce-{second['nonces'][0]}'" in _policy(second)["script-src"]
    assert first["nonces"][0] != second["nonces"][0]
    assert len(first["nonces"][0]) >= 16


@pytest.mark.django_db
def test_plain_http_is_redirected_to_https_without_hsts(production):
    seen = production["plain_http"]

    assert seen["status"] == 301
    assert seen["headers"]["Location"] == f"https://{HOST}/"
    assert "Strict-Transport-Security" not in seen["headers"]  # only sent over HTTPS


def _cookies(production, page) -> dict[str, str]:
    return {line.split("=", 1)[0]: line for line in production[page]["set_cookie"]}


@pytest.mark.django_db
def test_session_csrf_and_language_cookies_are_secure_and_http_only(production):
    csrf_first = _cookies(production, "login_page")["csrftoken"]
    after_sign_in = _cookies(production, "signed_in")
    language = _cookies(production, "language")["django_language"]

    assert production["signed_in"]["status"] == 302  # the password was accepted
    for line in (csrf_first, after_sign_in["sessionid"], after_sign_in["csrftoken"], language):
        attributes = {part.strip().split("=")[0].lower() for part in line.split(";")[1:]}
        assert {"secure", "httponly", "samesite"} <= attributes, line
        assert "samesite=lax" in line.lower()
    # Signing in gives a new session and a new CSRF token (no fixation).
    assert after_sign_in["csrftoken"] != csrf_first


@pytest.mark.django_db
def test_no_response_sets_a_cookie_scripts_or_plain_http_could_read(production):
    for page, seen in production.items():
        if page in ("settings", "client_address"):
            continue
        for line in seen["set_cookie"]:
            cookie = SimpleCookie(line)
            for morsel in cookie.values():
                if morsel["max-age"] == "0":
                    continue  # Django deletes the messages cookie without the flags: empty
                assert morsel["secure"] and morsel["httponly"], (page, line)


@pytest.mark.django_db
def test_production_serves_no_upload_from_the_media_url(production):
    assert production["media"]["status"] == 404

    paths = production["settings"]
    static_root = Path(paths["STATIC_ROOT"]).resolve()
    for location in paths["file_storages"]:
        assert Path(location) == Path(paths["MEDIA_ROOT"]).resolve()
        assert not Path(location).is_relative_to(static_root)
        assert not static_root.is_relative_to(location)


@pytest.mark.django_db
def test_rate_limits_count_the_visitor_behind_the_proxy_not_the_proxy(production):
    assert production["client_address"] == "203.0.113.7"


# --- Sign-in throttling ---------------------------------------------------------------------


def _from_new_address() -> Client:
    """A client on an address of its own: the per-address limits (in the Redis cache that
    parallel workers share) then count only this test's attempts."""
    octets = uuid.uuid4().bytes[:3]
    return Client(REMOTE_ADDR="10.{}.{}.{}".format(*octets))


def _sign_in(client, email, password):
    return client.post("/accounts/login/", {"login": email, "password": password})


@pytest.mark.django_db
def test_five_wrong_passwords_lock_the_account_but_not_another_one():
    target, bystander = (
        UserFactory(email=f"{name}-{uuid.uuid4().hex}@example.org") for name in ("doel", "ander")
    )
    attacker = _from_new_address()

    for _attempt in range(5):
        refused = _sign_in(attacker, target.email, "not-the-password")
        assert refused.status_code == 200
        assert "wachtwoord" in refused.text.lower()  # allauth's "wrong password", in Dutch
    locked = _sign_in(attacker, target.email, PASSWORD)

    assert locked.status_code == 200
    assert "_auth_user_id" not in attacker.session
    assert "Te veel inlogpogingen. Probeer het later nogmaals." in locked.text
    # The same address may still sign in to another account.
    other = _sign_in(attacker, bystander.email, PASSWORD)
    assert other.status_code == 302
    assert attacker.session["_auth_user_id"] == str(bystander.pk)
    # And the locked account stays locked from any other address, even with the password.
    assert "Te veel inlogpogingen" in _sign_in(_from_new_address(), target.email, PASSWORD).text


@pytest.mark.django_db
def test_a_right_password_does_not_count_as_a_failure():
    user = UserFactory(email=f"typo-{uuid.uuid4().hex}@example.org")
    client = _from_new_address()

    for _attempt in range(4):
        _sign_in(client, user.email, "not-the-password")
    for _attempt in range(3):  # each success is taken back from the count of failures
        assert _sign_in(client, user.email, PASSWORD).status_code == 302
        client.post("/accounts/logout/")

    assert _sign_in(client, user.email, PASSWORD).status_code == 302


@pytest.mark.django_db
def test_five_wrong_codes_lock_the_second_factor():
    staff = UserFactory(email=f"codes-{uuid.uuid4().hex}@example.org", is_staff=True)
    secret = give_totp(staff)
    client = _from_new_address()
    client.force_login(staff)
    right = current_totp_code(secret)
    wrong = f"{(int(right) + 500_000) % 1_000_000:06d}"

    for _attempt in range(5):
        client.post("/accounts/2fa/reauthenticate/", {"code": wrong})
    locked = client.post("/accounts/2fa/reauthenticate/", {"code": right})

    assert locked.status_code == 200
    assert "Te veel inlogpogingen" in locked.text
    assert client.get("/admin/").status_code == 302  # still no staff pages


# --- The second factor for every staff role -------------------------------------------------


def _concrete(route: str) -> str:
    """A path this route matches, with made-up values for its arguments."""
    samples = {"int": "1", "uuid": str(uuid.uuid4()), "path": "1", "slug": "x", "str": "x"}
    path = re.sub(r"<(?:(\w+):)?\w+>", lambda m: samples[m.group(1) or "str"], route)
    path = re.sub(r"\(\?P<\w+>[^)]*\)", "1", path)
    return "/" + path.lstrip("^").rstrip("$")


def _staff_paths() -> list[str]:
    prefixes = tuple(prefix.lstrip("/") for prefix in settings.STAFF_PATH_PREFIXES)
    return [_concrete(route.route) for route in all_routes() if route.route.startswith(prefixes)]


def test_the_staff_paths_are_every_admin_and_staff_route():
    paths = _staff_paths()

    assert len(paths) > 200
    for path in paths:
        resolve(path)  # a made-up path that no route answers would prove nothing
    assert any(path.startswith("/staff/") for path in paths)
    assert any(path.startswith("/commissie/") for path in paths)


def _plain_seat_holder():
    """A committee seat, without the staff flag and the group the seat normally brings (the
    board took them away in the admin but left the seat)."""
    user = UserFactory()
    seat_ready(committee_for(VacancyFactory()), user)
    user.groups.clear()
    user.is_staff = False
    user.save(update_fields=["is_staff"])
    return user


ROLES = {
    **{group: lambda group=group: UserFactory(groups=[group]) for group in STAFF_GROUPS},
    "is_staff": lambda: UserFactory(is_staff=True),
    "is_superuser": lambda: UserFactory(is_superuser=True),
    "committee seat": _plain_seat_holder,
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_every_staff_role_needs_a_second_factor_on_the_staff_pages(role):
    """Each role is tried on the admin index, a staff page, a committee page and a stripe of
    the other staff routes; together the roles cover every one of them."""
    user = ROLES[role]()
    client = _from_new_address()
    assert _sign_in(client, user.email, PASSWORD).status_code == 302  # password only
    everything = _staff_paths()
    stripe = everything[list(ROLES).index(role) :: len(ROLES)]
    anchors = ["/admin/", "/staff/alv/1/", "/commissie/vertrouwelijkheid/"]

    for path in anchors + stripe:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.url == "/accounts/2fa/totp/activate/", path

    secret = give_totp(user)  # set up, but not used in this session
    for path in anchors + stripe:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.url.startswith("/accounts/2fa/reauthenticate/?next="), path

    client.post("/accounts/2fa/reauthenticate/", {"code": current_totp_code(secret)})
    for path in anchors:
        response = client.get(path)
        assert "/accounts/2fa/" not in response.get("Location", ""), path


# --- Uploads --------------------------------------------------------------------------------


def _file_fields():
    return [
        field
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.FileField)
    ]


def test_every_upload_is_stored_outside_the_web_root():
    web_roots = [Path(settings.STATIC_ROOT), settings.BASE_DIR / "static"] + [
        Path(entry[1] if isinstance(entry, tuple) else entry) for entry in settings.STATICFILES_DIRS
    ]

    assert len(_file_fields()) >= 2  # application files and appeal documents
    for field in _file_fields():
        location = Path(field.storage.location).resolve()
        assert location == Path(settings.MEDIA_ROOT).resolve(), field
        for root in web_roots:
            assert not location.is_relative_to(root.resolve()), (field, root)
            assert not root.resolve().is_relative_to(location), (field, root)


def test_no_url_pattern_serves_the_media_url():
    with pytest.raises(Resolver404):
        resolve(settings.MEDIA_URL + "applications/ab/" + "ab" * 16 + ".pdf")
    assert not any(route.route.startswith(settings.MEDIA_URL.strip("/")) for route in all_routes())


@pytest.fixture
def uploaded(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    application = ApplicationFactory()
    return attached_file(
        application,
        kind=FileKind.LETTER,
        name="brief.pdf",
        content_type="application/pdf",
        content=b"%PDF-1.4 private...",
    )


def test_the_media_url_of_a_stored_upload_is_not_found(uploaded, staff_client):
    path = settings.MEDIA_URL + uploaded.file.name

    assert (Path(settings.MEDIA_ROOT) / uploaded.file.name).exists()
    assert Client().get(path).status_code == 404
    assert staff_client.get(path).status_code == 404
    owner = Client()
    owner.force_login(uploaded.application.applicant)
    assert owner.get(path).status_code == 404


def test_only_the_owner_downloads_an_upload_and_never_as_a_page(uploaded, client):
    url = f"/sollicitaties/bestand/{uploaded.uuid}/"
    client.force_login(uploaded.application.applicant)

    response = client.get(url)
    inline = client.get(url + "?inline=1")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 private..."
    assert response["Content-Disposition"] == 'attachment; filename="brief.pdf"'
    assert inline["Content-Disposition"] == 'inline; filename="brief.pdf"'
    for answer in (response, inline):
        assert answer["X-Content-Type-Options"] == "nosniff"
        assert answer["Content-Type"] == "application/pdf"
        assert answer["Content-Security-Policy"].startswith("sandbox;")
        assert answer["Cache-Control"] == "private, no-store"
    other = Client()
    other.force_login(UserFactory())
    assert other.get(url).status_code == 404
    assert Client().get(url).status_code == 302  # to the sign-in page
