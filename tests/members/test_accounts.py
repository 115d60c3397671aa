import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from members.models import Member
from tests.factories import PASSWORD, MemberFactory, UserFactory


def confirmation_link(message) -> str:
    return re.search(r"https?://testserver(/accounts/confirm-email/[^\s]+/)", message.body).group(1)


@pytest.mark.django_db
def test_sign_up_verify_email_then_sign_in(client):
    member = MemberFactory(email="nieuw@example.org")

    response = client.post(
        "/accounts/signup/",
        {"email": "nieuw@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )

    assert response.status_code == 302
    assert response.url == "/accounts/confirm-email/"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["nieuw@example.org"]
    assert not EmailAddress.objects.get(email="nieuw@example.org").verified

    # Unverified: signing in only sends the verification mail again.
    client.logout()
    blocked = client.post("/accounts/login/", {"login": "nieuw@example.org", "password": PASSWORD})
    assert blocked.url == "/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session

    link = confirmation_link(mail.outbox[0])
    assert client.get(link).status_code == 200
    confirmed = client.post(link)
    assert confirmed.status_code == 302
    assert EmailAddress.objects.get(email="nieuw@example.org").verified
    member.refresh_from_db()
    assert member.user.email == "nieuw@example.org"  # linked to the register on verification

    client.logout()
    signed_in = client.post(
        "/accounts/login/", {"login": "nieuw@example.org", "password": PASSWORD}
    )
    assert signed_in.status_code == 302
    assert signed_in.url == "/"
    assert client.get("/").context["user"].email == "nieuw@example.org"


@pytest.mark.django_db
def test_wrong_password_shows_a_dutch_error(client):
    UserFactory(email="iemand@example.org")

    response = client.post(
        "/accounts/login/",
        {"login": "iemand@example.org", "password": "wrong"},
    )

    assert response.status_code == 200
    assert (
        "Het door jou opgegeven e-mailadres en/of wachtwoord is niet correct."
        in response.content.decode()
    )


@pytest.mark.django_db
def test_password_reset_sends_a_link_that_sets_a_new_password(client):
    UserFactory(email="vergeten@example.org")

    client.post("/accounts/password/reset/", {"email": "vergeten@example.org"})
    assert len(mail.outbox) == 1
    link = re.search(
        r"https?://testserver(/accounts/password/reset/key/[^\s]+/)", mail.outbox[0].body
    ).group(1)
    form_url = client.get(link).url  # allauth moves the key out of the URL first
    response = client.post(
        form_url, {"password1": "a-brand-new-secret-9", "password2": "a-brand-new-secret-9"}
    )

    assert response.status_code == 302
    client.logout()
    assert client.login(email="vergeten@example.org", password="a-brand-new-secret-9")


@pytest.mark.django_db
def test_sign_out(client):
    user = UserFactory()
    client.force_login(user)

    client.post("/accounts/logout/")

    assert "_auth_user_id" not in client.session
    assert Member.objects.count() == 0
