"""The conflict check runs in a real Celery worker, started by the real triggers."""

import pytest

from applications.services import application_save_draft, application_submit
from integrity.models import ConflictFlag, Signal
from review.models import CommitteeMember
from review.selectors import applications_for_reviewer
from review.services import committee_seat_add, confidentiality_accept
from tests.conftest import wait_for
from tests.factories import ApplicationFactory, MemberFactory, UserFactory, committee_for


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
