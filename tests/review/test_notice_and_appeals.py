"""Board advice per portfolio, the confidential notice with confirm/withdraw, and appeals to
the disputes committee with the board's decision."""

import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from applications.models import ApplicationStatus
from applications.services import application_withdraw
from core.errors import ServiceError
from members.roles import BOARD, DISPUTES_COMMITTEE
from notifications.models import Notification
from review.models import AppealStatus, ConceptListEntry
from review.selectors import concept_list_of
from review.services import (
    advice_record,
    appeal_attach,
    appeal_lodge,
    appeal_update,
    concept_list_save,
    confidential_notice_send,
    confidential_notices_due,
    notice_confirm,
)
from tests.conftest import sign_in_with_second_factor
from tests.factories import (
    ApplicationFactory,
    MilestoneFactory,
    PortfolioFactory,
    UserFactory,
    VacancyFactory,
    committee_for,
    seat_ready,
    submitted,
)
from vacancies.models import MilestoneDate, MilestoneKind, VacancyKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def listed():
    vacancy = VacancyFactory(kind=VacancyKind.CANDIDATE_LIST)
    committee = committee_for(vacancy)
    chair = UserFactory()
    seat_ready(committee, chair, role="chair")
    candidates = [submitted(ApplicationFactory(vacancy=vacancy)) for _ in range(4)]
    concept_list = concept_list_of(vacancy=vacancy)
    concept_list_save(
        concept_list=concept_list,
        places=[{"application_id": a.pk} for a in candidates[:3]],
        actor=chair,
    )
    return {"vacancy": vacancy, "chair": chair, "candidates": candidates, "list": concept_list}


def test_advice_per_portfolio_needs_reasons_and_the_acting_chair():
    vacancy = VacancyFactory(kind=VacancyKind.BOARD)
    portfolio = PortfolioFactory(vacancy=vacancy, name="Penningmeester")
    committee = committee_for(vacancy)
    chair, member = UserFactory(), UserFactory()
    seat_ready(committee, chair, role="chair")
    seat_ready(committee, member)
    application = submitted(ApplicationFactory(vacancy=vacancy))

    with pytest.raises(ServiceError):
        advice_record(
            application=application, portfolio=portfolio, suitable=True, reasons=" ", actor=chair
        )
    with pytest.raises(ServiceError):
        advice_record(
            application=application, portfolio=portfolio, suitable=True, reasons="Ja.", actor=member
        )
    advice = advice_record(
        application=application,
        portfolio=portfolio,
        suitable=False,
        reasons="Weinig ervaring met begrotingen.",
        actor=chair,
    )
    assert advice.suitable is False


def test_the_notice_tells_each_candidate_and_rejects_the_others_with_the_reason(listed):
    concept_list = listed["list"]
    with pytest.raises(ServiceError, match=r"reason|reden"):
        confidential_notice_send(concept_list=concept_list, actor=listed["chair"])

    concept_list.not_selected_reason = "Er waren meer sterke kandidaten dan plaatsen."
    concept_list.save()
    told = confidential_notice_send(concept_list=concept_list, actor=listed["chair"])

    assert told == 4
    statuses = [a.__class__.objects.get(pk=a.pk).status for a in listed["candidates"]]
    assert statuses == ["notified", "notified", "notified", "not_selected"]
    notices = Notification.objects.filter(kind="review.confidential_notice")
    assert notices.count() == 3
    first_notice = notices.get(recipient=listed["candidates"][0].applicant.email).body_text
    assert re.search(r"(place|plaats) 1 ", first_notice)
    refusal = Notification.objects.get(kind="review.moved.not_selected")
    assert "meer sterke kandidaten" in refusal.body_text
    with pytest.raises(ServiceError):
        confidential_notice_send(concept_list=concept_list, actor=listed["chair"])


def test_the_beat_sends_the_notice_on_the_timelines_date(listed):
    concept_list = listed["list"]
    concept_list.not_selected_reason = "Reden."
    concept_list.save()
    milestone = MilestoneFactory(vacancy=listed["vacancy"], kind=MilestoneKind.CONFIDENTIAL_NOTICE)
    day = MilestoneDate.objects.create(
        milestone=milestone, date=timezone.localdate() + timedelta(days=1)
    )

    assert confidential_notices_due() == 0
    day.date = timezone.localdate()
    day.save()
    assert confidential_notices_due() == 4
    assert confidential_notices_due() == 0


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_notice_goes_out_from_outside_any_transaction(listed):
    """The daily task and the chair's button call the service in autocommit mode: it opens its
    own transaction for its row locks (it once lost its decorator and failed there)."""
    concept_list = listed["list"]
    concept_list.not_selected_reason = "Reden."
    concept_list.save()
    assert not connection.in_atomic_block

    assert confidential_notice_send(concept_list=concept_list, actor=listed["chair"]) == 4
    assert Notification.objects.filter(kind__startswith="review.").count() >= 4


def test_a_candidate_confirms_or_withdraws_and_those_behind_move_up(client, listed):
    listed["list"].not_selected_reason = "Reden."
    listed["list"].save()
    confidential_notice_send(concept_list=listed["list"], actor=listed["chair"])
    first, second, third = listed["candidates"][:3]

    client.force_login(first.applicant)
    page = client.get(reverse("candidate:notice", args=[first.pk]))
    assert "1" in page.content.decode() and page.context["entry"].position == 1
    client.post(reverse("candidate:confirm", args=[first.pk]))
    application_withdraw(application=second, actor=second.applicant)

    entries = ConceptListEntry.objects.order_by("position")
    assert [(e.application_id, e.position) for e in entries] == [(first.pk, 1), (third.pk, 2)]
    assert entries[0].confirmed_at is not None
    with pytest.raises(ServiceError):
        notice_confirm(application=third, actor=first.applicant)


def pdf():
    return SimpleUploadedFile(
        "bezwaar.pdf", b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
    )


def test_an_appeal_runs_from_lodging_to_the_boards_decision(client, listed):
    listed["list"].not_selected_reason = "Reden."
    listed["list"].save()
    confidential_notice_send(concept_list=listed["list"], actor=listed["chair"])
    rejected = listed["candidates"][3]
    rejected.refresh_from_db()
    disputes = UserFactory(groups=[DISPUTES_COMMITTEE])
    board = UserFactory(groups=[BOARD])

    client.force_login(rejected.applicant)
    client.post(
        reverse("candidate:appeal", args=[rejected.pk]),
        {"reasons": "Mijn gesprek werd afgezegd.", "document": pdf()},
    )
    appeal = rejected.appeal
    assert appeal.documents.count() == 1
    with pytest.raises(ServiceError):  # the board decides only after the advice
        appeal_update(appeal=appeal, actor=board, decision="Afgewezen.")
    with pytest.raises(ServiceError):  # the board does not write the advice
        appeal_update(appeal=appeal, actor=board, advice="Gegrond.")
    appeal_update(appeal=appeal, actor=disputes, hearing_at=timezone.now() + timedelta(days=3))
    appeal_update(appeal=appeal, actor=disputes, hearing_notes="Gehoord.", advice="Gegrond.")
    appeal_update(appeal=appeal, actor=board, decision="Nieuw gesprek.")

    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.DECIDED
    assert appeal.advised_at <= appeal.decided_at
    assert Notification.objects.filter(kind="review.appeal_decided").exists()
    with pytest.raises(ServiceError):
        appeal_attach(appeal=appeal, uploaded=pdf(), actor=rejected.applicant)
    other = UserFactory()
    client.force_login(other)
    document = appeal.documents.get()
    assert client.get(reverse("candidate:document", args=[document.uuid])).status_code == 404


def test_no_appeal_without_a_decision_or_after_the_period(listed):
    waiting = listed["candidates"][0]

    with pytest.raises(ServiceError):
        appeal_lodge(application=waiting, reasons="Waarom?", actor=waiting.applicant)
    assert waiting.status == ApplicationStatus.SUBMITTED


# --- Issue #29: the disputes committee and the board as insiders ------------------------


@pytest.fixture
def decided_appeal(listed):
    listed["list"].not_selected_reason = "Reden."
    listed["list"].save()
    confidential_notice_send(concept_list=listed["list"], actor=listed["chair"])
    rejected = listed["candidates"][3]
    rejected.refresh_from_db()
    appeal = appeal_lodge(application=rejected, reasons="Oneerlijk.", actor=rejected.applicant)
    disputes = UserFactory(groups=[DISPUTES_COMMITTEE])
    board = UserFactory(groups=[BOARD])
    appeal_update(appeal=appeal, actor=disputes, hearing_notes="Gehoord.", advice="Ongegrond.")
    appeal_update(appeal=appeal, actor=board, decision="Afgewezen.")
    appeal.refresh_from_db()
    return {"appeal": appeal, "disputes": disputes, "board": board}


def test_a_decided_appeal_is_never_rewritten_nor_added_to(decided_appeal):
    """The disputes committee once could rewrite its advice after the board had decided on
    it, and add documents to the closed file."""
    appeal, disputes = decided_appeal["appeal"], decided_appeal["disputes"]
    with pytest.raises(ServiceError, match="dossier is gesloten"):
        appeal_update(appeal=appeal, actor=disputes, advice="Toch gegrond.")
    with pytest.raises(ServiceError, match="dossier is gesloten"):
        appeal_update(appeal=appeal, actor=disputes, hearing_notes="Anders onthouden.")
    with pytest.raises(ServiceError, match="dossier is gesloten"):
        appeal_update(appeal=appeal, actor=decided_appeal["board"], decision="Toch toegewezen.")
    with pytest.raises(ServiceError):
        appeal_attach(appeal=appeal, uploaded=pdf(), actor=disputes)
    appeal.refresh_from_db()
    assert (appeal.advice, appeal.hearing_notes, appeal.decision) == (
        "Ongegrond.",
        "Gehoord.",
        "Afgewezen.",
    )
    assert not appeal.documents.exists()


def test_each_appeal_step_is_audited_with_what_was_written(decided_appeal):
    from core.models import AuditEntry

    rows = AuditEntry.objects.filter(action="review.appeal_updated").order_by("pk")
    assert [(row.actor_id, row.data["written"]) for row in rows] == [
        (decided_appeal["disputes"].pk, ["advice", "hearing_notes"]),
        (decided_appeal["board"].pk, ["decision"]),
    ]


def test_the_disputes_committee_cannot_decide_nor_delete_the_case(client, decided_appeal, listed):
    appeal, disputes = decided_appeal["appeal"], decided_appeal["disputes"]
    other = listed["candidates"][2]
    with pytest.raises(ServiceError):
        appeal_update(appeal=appeal, actor=disputes, decision="Zelf besloten.")
    disputes.is_staff = True
    disputes.save()
    sign_in_with_second_factor(client, disputes)
    assert client.get(reverse("admin:review_appeal_change", args=[appeal.pk])).status_code == 200
    deleting = client.post(reverse("admin:review_appeal_delete", args=[appeal.pk]), {"post": "yes"})
    assert deleting.status_code in (302, 403) and type(appeal).objects.filter(pk=appeal.pk).exists()
    # The case file, not the committee's scoring: no application's review page.
    review_page = client.get(reverse("admin:applications_application_change", args=[other.pk]))
    assert review_page.status_code in (302, 403, 404)
