import pytest

from members.roles import STAFF_GROUPS
from members.totp import current_totp_code
from tests.factories import PASSWORD, UserFactory, give_totp


@pytest.fixture
def staff_user(db, request):
    return UserFactory(is_staff=True, groups=[request.param])


@pytest.mark.parametrize("staff_user", STAFF_GROUPS, indirect=True)
def test_staff_without_a_second_factor_is_sent_to_set_one_up(client, staff_user):
    client.force_login(staff_user)

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response.url == "/accounts/2fa/totp/activate/"


@pytest.mark.parametrize("staff_user", STAFF_GROUPS, indirect=True)
def test_staff_with_a_second_factor_must_use_it_in_this_session(client, staff_user):
    secret = give_totp(staff_user)
    client.force_login(staff_user)  # a session without the second factor

    response = client.get("/admin/members/member/")
    assert response.status_code == 302
    assert response.url == "/accounts/2fa/reauthenticate/?next=%2Fadmin%2Fmembers%2Fmember%2F"

    confirmed = client.post(response.url, {"code": current_totp_code(secret)})
    assert confirmed.status_code == 302
    assert confirmed.url == "/admin/members/member/"
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_full_sign_in_with_password_and_code_opens_the_admin(client):
    staff = UserFactory(is_staff=True, is_superuser=True, groups=["Bestuur"])
    secret = give_totp(staff)

    first = client.post("/accounts/login/", {"login": staff.email, "password": PASSWORD})
    assert first.url == "/accounts/2fa/authenticate/"
    second = client.post(first.url, {"code": current_totp_code(secret)})
    assert second.status_code == 302

    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_a_party_role_without_the_staff_flag_is_held_to_the_same_rule(client):
    user = UserFactory(groups=["Geschillencommissie"])
    client.force_login(user)

    assert client.get("/admin/").url == "/accounts/2fa/totp/activate/"


@pytest.mark.django_db
def test_ordinary_members_need_no_second_factor_and_get_no_admin(client):
    client.force_login(UserFactory())

    assert client.get("/").status_code == 200
    assert client.get("/admin/", follow=True).status_code == 403


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_the_allauth_sign_in(client):
    response = client.get("/admin/", follow=True)

    assert response.redirect_chain[-1][0] == "/accounts/login/?next=/admin/"


# Transactional: allauth announces the new authenticator on commit, inside the request, as in
# production; the session must already carry the proof when the response is sent.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_setting_up_the_app_opens_the_admin_without_a_second_code(client):
    staff = UserFactory(is_staff=True, groups=["Kandidatencommissie"])
    client.post("/accounts/login/", {"login": staff.email, "password": PASSWORD})
    assert client.get("/admin/").url == "/accounts/2fa/totp/activate/"

    # allauth asks for the password again before a second factor can be added.
    assert client.get("/accounts/2fa/totp/activate/").url.startswith("/accounts/reauthenticate/")
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    client.get("/accounts/2fa/totp/activate/")
    secret = client.session["mfa.totp.secret"]
    activated = client.post("/accounts/2fa/totp/activate/", {"code": current_totp_code(secret)})

    assert activated.status_code == 302
    assert client.get("/admin/").status_code == 200
