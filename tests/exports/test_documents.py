"""Documents made in the background: queued, made by the task (a real worker in one test),
kept while their data stay the same, made anew when the data change."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from exports.documents import document_make, document_request
from exports.models import DocumentStatus, GeneratedDocument
from members.roles import ALV_CHAIR, BOARD
from tests.conftest import sign_in_with_second_factor, wait_for
from tests.factories import UserFactory
from tests.voting.conftest import make_meeting, make_poll, make_voters
from voting.services import ballot_cast, poll_close, poll_open

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting():
    meeting = make_meeting(title="ALV voorjaar")
    (voter,) = make_voters(meeting, 1)
    poll = make_poll(meeting, ["Amal"], title="Voorzitter")
    poll_open(poll=poll, actor=None)
    (option,) = poll.options.all()
    ballot_cast(poll=poll, voter=voter, choices={str(option.pk): "yes"})
    poll_close(poll=poll, actor=None)
    return meeting


def request(meeting):
    return document_request(kind="alv_results", obj=meeting, actor=None)


def test_a_document_is_kept_while_its_data_stay_the_same(meeting):
    first = request(meeting)
    assert first.status == DocumentStatus.QUEUED
    assert request(meeting) == first  # asked again while queued: the same one
    assert document_make(document_id=first.pk) == "done"
    first.refresh_from_db()
    assert first.status == DocumentStatus.DONE and first.progress == 100
    assert "Voorzitter" in PdfReader(io.BytesIO(bytes(first.content))).pages[0].extract_text()
    assert request(meeting) == first  # ready, and nothing changed: no new work

    second_poll = make_poll(meeting, ["Jayden"], title="Penningmeester")
    poll_open(poll=second_poll, actor=None)
    poll_close(poll=second_poll, actor=None)
    second = request(meeting)  # a poll closed: the report changes
    assert second != first and second.status == DocumentStatus.QUEUED
    document_make(document_id=second.pk)
    assert list(GeneratedDocument.objects.values_list("pk", flat=True)) == [second.pk]
    assert document_make(document_id=second.pk) == "not queued"  # a task sent twice


def test_a_failure_is_kept_with_its_reason(meeting):
    document = request(meeting)
    meeting.delete()
    assert document_make(document_id=document.pk) == "failed"
    document.refresh_from_db()
    assert document.status == DocumentStatus.FAILED and document.error


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_chair_asks_and_a_worker_makes_the_report(client, meeting, tasks_to_worker):
    sign_in_with_second_factor(client, UserFactory(groups=[ALV_CHAIR]))
    response = client.post(reverse("exports:document_request", args=["alv_results", meeting.pk]))
    document = GeneratedDocument.objects.get()
    assert response.url == reverse("exports:document", args=[document.pk])
    status_url = reverse("exports:document_status", args=[document.pk])
    state = wait_for(
        lambda: (lambda s: s if s["status"] == "done" else None)(client.get(status_url).json())
    )
    pdf = client.get(state["file"])
    assert pdf["Content-Type"] == "application/pdf"

    sign_in_with_second_factor(client, UserFactory(groups=[BOARD]))  # the board may read it too
    assert client.get(status_url).status_code == 200
    client.force_login(UserFactory())
    assert client.get(status_url).status_code in (302, 403)
