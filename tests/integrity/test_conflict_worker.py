"""The conflict check runs in a real Celery worker, started by the real triggers."""

import time

import pytest

from applications.services import application_save_draft, application_submit
from bij1_recruit.celery import app
from integrity.models import ConflictFlag, Signal
from review.models import CommitteeMember
from review.selectors import applications_for_reviewer
from review.services import committee_seat_add, confidentiality_accept
from tests.factories import ApplicationFactory, MemberFactory, UserFactory, committee_for


def wait_for(condition, timeout: float = 60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.2)
    raise AssertionError("the worker did not finish in time")


@pytest.fixture
def tasks_to_worker(celery_worker_queue):
    """Send every task the code under test enqueues to this session's worker."""
    previous = app.conf.task_default_queue
    app.conf.task_default_queue = celery_worker_queue
    yield
    app.conf.task_default_queue = previous


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_new_seat_and_a_sent_application_are_checked_by_the_worker(tasks_to_worker):
    application = ApplicationFactory()
    committee = committee_for(application.vacancy)
    reviewer = UserFactory()
    MemberFactory(user=reviewer, phone_key="612345678")

    seat = committee_seat_add(committee=committee, user=reviewer, actor=None)
    confidentiality_accept(seat=seat, actor=reviewer)
    wait_for(lambda: CommitteeMember.objects.get(pk=seat.pk).conflicts_checked_at)

    application_save_draft(application=application, data={"phone": "06 1234 5678"})
    application_submit(application=application, actor=application.applicant)
    flag = wait_for(lambda: ConflictFlag.objects.filter(person=reviewer).first())

    assert (flag.signal, flag.application_id) == (Signal.PHONE, application.pk)
    assert list(applications_for_reviewer(user=reviewer)) == []
