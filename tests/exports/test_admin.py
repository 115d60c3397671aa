"""The board's admin page for the candidate list: checks, downloads (admin actions) and the
ALV's adoption, for the board and the managing committee members only."""

from datetime import timedelta

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext

from applications.models import Application
from tests.conftest import sign_in_with_second_factor
from tests.exports.conftest import pdf_text
from tests.factories import UserFactory, VacancyFactory
from vacancies.models import VacancyKind

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:exports_candidatelistexport_changelist")


def run_action(client, action: str, vacancy_ids: list[int]):
    return client.post(CHANGELIST, {"action": action, ACTION_CHECKBOX_NAME: vacancy_ids})


def test_the_board_sees_every_candidate_list_and_downloads_through_an_action(client, kiesraad_list):
    other_kind = VacancyFactory(kind=VacancyKind.BOARD)
    sign_in_with_second_factor(client, kiesraad_list["board"])

    listing = client.get(CHANGELIST)
    response = run_action(client, "download_pdf_internal", [kiesraad_list["vacancy"].pk])

    assert list(listing.context["cl"].result_list) == [kiesraad_list["vacancy"]]
    assert other_kind not in listing.context["cl"].result_list
    assert listing.context["cl"].result_list[0].candidate_total == 5
    assert response["Content-Type"] == "application/pdf"
    text, _metadata = pdf_text(response.content)
    assert "Mensah, K.A. (Kwame) (m)" in text


def test_an_action_with_errors_downloads_nothing_and_says_why(client, kiesraad_list):
    Application.objects.filter(pk=kiesraad_list["applications"][1].pk).update(initials="")
    sign_in_with_second_factor(client, kiesraad_list["chair"])

    response = run_action(client, "download_csv", [kiesraad_list["vacancy"].pk])

    assert response.status_code == 302
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    with translation.override("nl"):
        assert any(gettext("No initials.") in m for m in messages)


def test_the_overview_shows_the_checks_and_records_the_adoption(client, kiesraad_list):
    sign_in_with_second_factor(client, kiesraad_list["board"])
    url = reverse("admin:exports_candidatelistexport_change", args=[kiesraad_list["vacancy"].pk])
    adopted = timezone.localtime() - timedelta(days=2)

    page = client.get(url)
    client.post(url, {"adopted_at": adopted.strftime("%Y-%m-%dT%H:%M")})
    after = client.get(url)

    assert page.status_code == 200
    assert [f.position for f in page.context["findings"]] == [None, 1]  # not adopted; "Van der"
    assert all(not document["blocked"] for document in page.context["documents"])
    kiesraad_list["list"].refresh_from_db()
    assert kiesraad_list["list"].adopted_at.date() == adopted.date()
    assert date_format(adopted, "j F Y") in after.content.decode()


def test_members_without_a_managing_role_have_no_access(client, kiesraad_list):
    sign_in_with_second_factor(client, UserFactory(is_staff=True, password=None))

    assert client.get(CHANGELIST).status_code == 403
    url = reverse("admin:exports_candidatelistexport_change", args=[kiesraad_list["vacancy"].pk])
    assert client.get(url).status_code in (403, 404)
