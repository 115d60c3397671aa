"""Two requests for the same document at the same moment (two board members, or a double
click) make one document and one job, on real PostgreSQL (tests/races.py makes the race
happen every run)."""

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from exports.models import GeneratedDocument
from members.roles import ALV_CHAIR
from tests.conftest import sign_in_with_second_factor
from tests.factories import UserFactory
from tests.races import race
from tests.voting.conftest import make_meeting, make_poll
from voting.services import poll_close, poll_open

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def postgresql():
    if connection.vendor != "postgresql":
        pytest.fail("these tests need PostgreSQL (make test starts it)")


def test_two_requests_for_one_document_at_once_make_one(monkeypatch, settings, tmp_path):
    settings.BALLOT_KEY_DIR = tmp_path / "ballot-keys"
    meeting = make_meeting(title="ALV najaar")
    poll = make_poll(meeting, ["Amal"], title="Voorzitter")
    poll_open(poll=poll, actor=None)
    poll_close(poll=poll, actor=None)
    signed_in = sign_in_with_second_factor(Client(), UserFactory(password=None, groups=[ALV_CHAIR]))
    url = reverse("exports:document_request", args=["alv_results", meeting.pk])

    def ask():
        browser = Client()
        browser.cookies = signed_in.cookies  # the same session: a double click
        return browser.post(url)

    outcomes = race(monkeypatch, "exports.documents.enqueue_on_commit", ask, ask)

    assert [o.error for o in outcomes] == ["", ""]
    document = GeneratedDocument.objects.get()  # one row
    assert [o.value.url for o in outcomes] == [reverse("exports:document", args=[document.pk])] * 2
