"""Fuzzing the account pages: allauth's sign-up, login, password and e-mail forms, the
second factor's forms, erasing one's account, and the language switch."""

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import strategies as st

from tests.factories import PASSWORD, UserFactory, give_totp
from tests.hardening import fuzz
from tests.hardening.fuzz import Target, any_of, forms, hostile_text, with_url_args

pytestmark = [pytest.mark.django_db, pytest.mark.fuzz]

EMAILS = any_of("nieuw@example.org", "person@example.org", "geen-adres", "a@b", "")
PASSWORDS = any_of(PASSWORD, "kort", "correct-horse-battery-staple-2", "")
CODES = st.one_of(any_of("000000", "123456", "12345", "abcdef"), hostile_text())


@pytest.fixture(autouse=True)
def no_rate_limits(settings):
    """Thousands of attempts from one client: the limits would answer most of them with a
    429 before the forms are reached."""
    settings.ACCOUNT_RATE_LIMITS = False


def signed_in(user=None):
    client = Client()
    client.force_login(user or UserFactory())
    return client


# (route, whether the client is signed in, the form's fields)
ACCOUNT_FORMS = [
    ("account_login", False, {"login": EMAILS, "password": PASSWORDS, "remember": any_of("on")}),
    ("account_signup", False, {"email": EMAILS, "password1": PASSWORDS, "password2": PASSWORDS}),
    ("account_reset_password", False, {"email": EMAILS}),
    ("account_confirm_login_code", False, {"code": CODES}),
    ("account_logout", True, {"next": any_of("/", "//evil.example", "https://evil.example")}),
    ("account_reauthenticate", True, {"password": PASSWORDS, "next": any_of("/alv/")}),
    (
        "account_change_password",
        True,
        {"oldpassword": PASSWORDS, "password1": PASSWORDS, "password2": PASSWORDS},
    ),
    ("account_set_password", True, {"password1": PASSWORDS, "password2": PASSWORDS}),
    (
        "account_email",
        True,
        {
            "email": EMAILS,
            "action_add": any_of(""),
            "action_send": any_of(""),
            "action_remove": any_of(""),
            "action_primary": any_of(""),
        },
    ),
    ("members:my_data", True, {"password": PASSWORDS}),
    ("mfa_activate_totp", True, {"code": CODES}),
    ("mfa_reauthenticate", True, {"code": CODES}),
    ("mfa_authenticate", False, {"code": CODES}),
    ("mfa_deactivate_totp", True, {"code": CODES}),
    ("mfa_generate_recovery_codes", True, {"code": CODES}),
    ("mfa_index", True, {"code": CODES}),
    ("account_inactive", False, {"x": any_of("1")}),
    ("account_email_verification_sent", False, {"x": any_of("1")}),
    ("account_reset_password_done", False, {"x": any_of("1")}),
    ("account_reset_password_from_key_done", False, {"x": any_of("1")}),
    ("mfa_view_recovery_codes", True, {"x": any_of("1")}),
    ("mfa_download_recovery_codes", True, {"x": any_of("1")}),
    ("members:my_data_download", True, {"x": any_of("1")}),
]
TOTP_NEEDED = {"mfa_deactivate_totp", "mfa_generate_recovery_codes", "mfa_reauthenticate"}


@pytest.mark.parametrize(
    ("name", "signs_in", "fields"), ACCOUNT_FORMS, ids=[name for name, *_rest in ACCOUNT_FORMS]
)
@fuzz.fuzzes(*(name for name, _signs_in, _fields in ACCOUNT_FORMS))
def test_fuzz_the_account_forms(name, signs_in, fields, request):
    user = UserFactory()
    if name in TOTP_NEEDED:
        give_totp(user)
    client = signed_in(user) if signs_in else Client()
    fuzz.run(Target(name, client, reverse(name)), forms(fields), request)


KEYED = ("account_confirm_email", "account_reset_password_from_key")


@pytest.mark.parametrize("name", KEYED)
@fuzz.fuzzes(*KEYED)
def test_fuzz_the_pages_behind_a_key(name, request):
    """The links from e-mails: any key (and any user id), then the form behind it."""
    UserFactory()
    key = st.text(st.characters(codec="ascii", categories=["L", "N"]), min_size=1, max_size=40)
    fields = forms({"password1": PASSWORDS, "password2": PASSWORDS})
    if name == "account_confirm_email":
        payloads = with_url_args(fields, key)
    else:
        payloads = with_url_args(fields, st.sampled_from(["1", "zz", "0"]), key)
    fuzz.run(
        Target(
            name,
            Client(),
            lambda payload: reverse(
                name, kwargs=dict(zip(_kwargs(name), payload.url_args, strict=True))
            ),
        ),
        payloads,
        request,
    )


def _kwargs(name):
    return ("key",) if name == "account_confirm_email" else ("uidb36", "key")


@fuzz.fuzzes("set_language")
def test_fuzz_the_language_switch(request):
    next_urls = any_of("/", "/alv/", "//evil.example/", "https://evil.example/", "javascript:x")
    fuzz.run(
        Target("set_language", signed_in(), reverse("set_language")),
        forms({"language": any_of("nl", "en", "de", "xx-YY"), "next": next_urls}),
        request,
    )
