import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils.http import urlencode

from applications.models import ApplicationStatus
from members.roles import DISPUTES_COMMITTEE, STAFF_GROUPS
from members.totp import current_totp_code
from review.models import Appeal, AppealDocument
from review.services import may_read_appeal
from tests.factories import PASSWORD, ApplicationFactory, UserFactory, give_totp
from tests.hardening.access_expectations import (
    QUERY_STRINGS,
    SIGNED_IN,
    STAFF,
    expected_access,
)
from tests.hardening.access_world import ACTIONS, build_world, concrete_url
from tests.hardening.test_access_matrix import ALLOW, DENY, _cells, _request, classify
from tests.hardening.urlpatterns import all_routes


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


# --- One rule, derived from the roles: no staff role counts before the second factor ---------


@pytest.fixture
def appeal_document(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    application = ApplicationFactory(status=ApplicationStatus.NOT_SELECTED)
    appeal = Appeal.objects.create(application=application, reasons="Oneerlijk.")
    document = AppealDocument(
        appeal=appeal,
        original_name="bezwaar.pdf",
        extension="pdf",
        content_type="application/pdf",
        uploaded_by=application.applicant,
    )
    document.file.save("upload", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
    return document


def test_the_disputes_committee_reads_an_appeal_document_only_after_its_second_factor(
    client, appeal_document
):
    """The download is no staff path (it is the applicant's too): the disputes committee's
    role opens it, and that role counts only once the second factor was used."""
    url = reverse("candidate:document", args=[appeal_document.uuid])
    member = UserFactory(is_staff=True, groups=[DISPUTES_COMMITTEE])
    client.force_login(member)

    assert client.get(url).url == "/accounts/2fa/totp/activate/"
    secret = give_totp(member)
    asked = client.get(url)
    assert asked.url == f"/accounts/2fa/reauthenticate/?{urlencode({'next': url})}"
    assert client.post(asked.url, {"code": current_totp_code(secret)}).url == url
    assert client.get(url).status_code == 200


def test_the_applicant_reads_their_own_appeal_document_without_a_second_factor(
    client, appeal_document
):
    client.force_login(appeal_document.appeal.application.applicant)

    response = client.get(reverse("candidate:document", args=[appeal_document.uuid]))

    assert response.status_code == 200


def test_a_role_outside_any_request_keeps_counting(appeal_document):
    """Services called by a task or a command get a user without the request's mark."""
    member = UserFactory(groups=[DISPUTES_COMMITTEE])

    assert may_read_appeal(user=member, appeal=appeal_document.appeal)


def _walked_by_role(route, access, role):
    """The requests of the matrix in which ``role`` is let in by a staff role: not a page
    every signed-in person opens, nor one's own account (allauth guards that itself)."""
    if route.route.startswith("accounts/"):
        return []
    return [
        method
        for method, allowed in _cells(route, access)
        if role in allowed and not allowed >= SIGNED_IN
    ]


@pytest.mark.django_db
def test_every_url_a_staff_role_opens_refuses_it_without_a_fresh_second_factor(settings, tmp_path):
    """Every URL pattern of the project, from the resolver, with the access matrix's table of
    who may see what: each staff role (the disputes committee, committee seats, the board,
    the ALV chair, the integrity officer, the superuser), signed in with the password only,
    is refused everything its role opens — wherever the URL lives. Signed in with the second
    factor, the matrix shows the same requests let in (test_access_matrix.py)."""
    settings.MEDIA_ROOT = tmp_path
    world = build_world()
    routes = all_routes()
    walked, let_in = [], []
    for role in sorted(STAFF):
        client = Client()
        client.force_login(world.users[role])  # a session without the second factor
        for route in routes:
            access = expected_access(route.route)
            if access is None:
                continue  # the access matrix names routes missing from its table
            url = concrete_url(route, world) + QUERY_STRINGS.get(route.route, "")
            for method in _walked_by_role(route, access, role):
                response, _body, took_effect = _request(
                    client, method, url, world, ACTIONS.get(route.name)
                )
                outcome = classify(response)
                if took_effect is not None:
                    outcome = ALLOW if took_effect else DENY
                walked.append((role, route.route))
                if outcome != DENY:
                    let_in.append(f"{role}: {method} {url} -> {response.status_code}")

    print(f"second-factor walk: {len(walked)} requests over {len(set(walked))} role/route pairs")
    assert ("disputes_committee", "kandidaat/bezwaar/document/<uuid:document_uuid>/") in walked
    assert {role for role, _route in walked} == set(STAFF)
    assert not let_in, "\n".join(let_in)
