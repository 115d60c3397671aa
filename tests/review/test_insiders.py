"""Insiders stay in their lane (issue 29, items 4, 5, 6 and 9): people with a legitimate role
in the committee's work — a member, the chair, the secretary, a member of a second committee
Y judging another vacancy, the board — can do their job and nothing more.

- One gate for every committee path: a chair who has not accepted the confidentiality
  agreement opens no builder, downloads no advice or internal list, sends no notice and saves
  no list.
- Independent first holds in the URL: before one's own card, no filter or ordering on the
  others' scores separates one application from another.
- Committee membership and vacancies change only through the services: no vacancy link or
  seat is re-pointed in place, and whoever joins (the board included) is announced.
- No names through the seat's raw-id widget.
- Another committee's slots and list settings are not found by id.
"""

import pytest
from django.urls import reverse

from applications.models import ApplicationStatus
from core.models import AuditEntry
from notifications.models import Notification
from review.models import (
    CommitteeMember,
    CommitteeVacancy,
    ConceptListEntry,
    Recommendation,
    ReviewRound,
)
from review.selectors import concept_list_of
from review.services import (
    committee_seat_add,
    concept_list_save,
    scorecard_save,
    seat_check,
)
from tests.conftest import sign_in_with_second_factor
from tests.factories import (
    ApplicationFactory,
    UserFactory,
    VacancyFactory,
    committee_for,
    seat_ready,
    submitted,
)
from vacancies.models import Requirement, VacancyKind

pytestmark = pytest.mark.django_db

ONLINE_LINK = "https://meet.example.org/geheim-gesprek-x"
REASON = "Reden-voor-wie-niet-op-de-lijst-staat-X"


@pytest.fixture
def two_committees():
    """Committee X judges a candidate list (chair not yet past the agreement, a ready
    secretary and two ready members); committee Y judges another vacancy (one ready
    member). X has two sent applications, a saved list, a slot and list settings."""
    from datetime import timedelta

    from django.utils import timezone

    from review.models import InterviewSlot

    vacancy_x = VacancyFactory(kind=VacancyKind.CANDIDATE_LIST, title="Lijst X")
    requirement = Requirement.objects.create(vacancy=vacancy_x, text="Ervaring", weight=1)
    committee_x = committee_for(vacancy_x, name="Commissie X")
    vacancy_y = VacancyFactory(title="Vacature Y")
    committee_y = committee_for(vacancy_y, name="Commissie Y")
    people = {
        name: UserFactory(first_name=name.title(), last_name="Insider")
        for name in ("chair", "secretary", "ana", "ben", "yara")
    }
    chair_seat = committee_seat_add(
        committee=committee_x, user=people["chair"], role="chair", actor=None
    )
    seat_check(seat_id=chair_seat.pk)  # checked, but the agreement is not accepted
    seat_ready(committee_x, people["secretary"], role="secretary")
    seat_ready(committee_x, people["ana"])
    seat_ready(committee_x, people["ben"])
    seat_ready(committee_y, people["yara"])
    first = submitted(ApplicationFactory(vacancy=vacancy_x, first_name="Eerste"))
    second = submitted(ApplicationFactory(vacancy=vacancy_x, first_name="Tweede"))
    concept_list = concept_list_of(vacancy=vacancy_x)
    concept_list.not_selected_reason = REASON
    concept_list.save()
    concept_list_save(
        concept_list=concept_list,
        places=[{"application_id": first.pk}],
        actor=people["secretary"],
    )
    slot = InterviewSlot.objects.create(
        vacancy=vacancy_x,
        round=ReviewRound.ROUND_1,
        starts_at=timezone.now() + timedelta(days=2),
        ends_at=timezone.now() + timedelta(days=2, hours=1),
        online_link=ONLINE_LINK,
    )
    return {
        "vacancy_x": vacancy_x,
        "vacancy_y": vacancy_y,
        "committee_x": committee_x,
        "committee_y": committee_y,
        "requirement": requirement,
        "chair_seat": chair_seat,
        "first": first,
        "second": second,
        "concept_list": concept_list,
        "slot": slot,
        **people,
    }


def as_user(client, user):
    client.logout()
    return sign_in_with_second_factor(client, user)


def board_member():
    return UserFactory(is_staff=True, groups=["Bestuur"], last_name="Bestuur")


# --- 4. One gate: the agreement first -------------------------------------------------------


def test_a_chair_before_the_agreement_opens_no_committee_page_and_no_pdf(client, two_committees):
    w = two_committees
    as_user(client, w["chair"])
    x = w["vacancy_x"].pk

    for name in ("build", "rank", "advice"):
        response = client.get(reverse(f"admin:review_conceptlist_{name}", args=[x]))
        assert response.status_code == 404, name
    assert client.get(reverse("admin:review_interviewslot_plan", args=[x])).status_code == 404
    assert client.get(reverse("exports:committee_advice", args=[x])).status_code == 403
    internal = client.get(reverse("exports:candidate_list_internal_pdf", args=[x]))
    assert internal.status_code == 403
    # The overviews send the chair to the agreement first, as the application list does.
    for name in ("review_conceptlist_changelist", "review_interviewslot_changelist"):
        response = client.get(reverse(f"admin:{name}"))
        assert response.status_code == 302
        assert response.url == reverse("review:confidentiality")


def test_a_chair_before_the_agreement_sends_no_notice_and_saves_no_list(client, two_committees):
    w = two_committees
    as_user(client, w["chair"])
    url = reverse("admin:review_conceptlist_build", args=[w["vacancy_x"].pk])

    client.post(url, {"op": "notice", "not_selected_reason": "Andere reden"})
    revision = concept_list_of(vacancy=w["vacancy_x"]).revision
    places = f'[{{"application_id": {w["second"].pk}}}]'
    client.post(url, {"places": places, "reason": "x", "revision": revision})

    concept_list = concept_list_of(vacancy=w["vacancy_x"])
    assert concept_list.notice_sent_at is None
    assert concept_list.not_selected_reason == REASON
    assert list(ConceptListEntry.objects.values_list("application_id", flat=True)) == [
        w["first"].pk
    ]
    assert not Notification.objects.filter(kind="review.confidential_notice").exists()
    w["first"].refresh_from_db()
    assert w["first"].status == ApplicationStatus.SUBMITTED


def test_once_accepted_the_chair_reaches_the_builder_and_the_advice(client, two_committees):
    w = two_committees
    as_user(client, w["chair"])
    client.post(reverse("review:confidentiality"), {"seat": w["chair_seat"].pk})
    x = w["vacancy_x"].pk

    assert client.get(reverse("admin:review_conceptlist_build", args=[x])).status_code == 200
    assert client.get(reverse("exports:committee_advice", args=[x])).status_code == 200
    internal = client.get(reverse("exports:candidate_list_internal_pdf", args=[x]))
    assert internal.status_code != 403  # the PDF, or the page of what blocks it (409)


def test_a_chair_before_the_agreement_sees_no_conflict_flag(client, two_committees):
    from integrity.models import RelationKind
    from integrity.services import relation_declare

    w = two_committees
    relation_declare(person=w["ana"], other=w["first"].applicant, kind=RelationKind.FRIENDSHIP)
    as_user(client, w["chair"])

    response = client.get(reverse("admin:integrity_conflictflag_changelist"))

    assert response.status_code == 403


# --- 4. Independent first, in the URL too ---------------------------------------------------


def _score(w, who, application, value, *, submit=True):
    return scorecard_save(
        reviewer=w[who],
        application=application,
        scores={w["requirement"].pk: (value, "")},
        recommendation=Recommendation.YES,
        submit=submit,
    )


CHANGELIST = reverse("admin:applications_application_changelist")


def _listed(client, query: str) -> list[int]:
    response = client.get(CHANGELIST + query)
    assert response.status_code == 200
    return [application.pk for application in response.context["cl"].result_list]


@pytest.mark.parametrize(
    "query",
    [
        "?all_mean__gte=3.4",
        "?all_mean__lt=3.4",
        "?all_min__gte=4",
        "?all_max__lte=2",
        "?card_count=1",
        "?card_count__gte=1",
        "?all_mean__isnull=False",
    ],
)
def test_a_member_who_has_not_scored_cannot_filter_on_the_others_scores(
    client, two_committees, query
):
    w = two_committees
    _score(w, "ana", w["first"], 5)
    _score(w, "ana", w["second"], 1)
    as_user(client, w["ben"])

    assert _listed(client, query) == []


def test_a_member_who_has_not_scored_cannot_sort_on_the_others_scores(client, two_committees):
    w = two_committees
    _score(w, "ana", w["first"], 5)
    _score(w, "ana", w["second"], 1)
    as_user(client, w["ben"])
    response = client.get(CHANGELIST)
    columns = list(response.context["cl"].list_display)
    average = columns.index("average_score")

    up = _listed(client, f"?o={average}.-4")
    down = _listed(client, f"?o=-{average}.-4")
    rows = client.get(CHANGELIST + f"?o={average}").context["cl"].result_list

    assert up == down  # the order is the tie-breaker's (submitted_at), not the average
    assert {(a.all_mean, a.all_min, a.all_max, a.card_count) for a in rows} == {
        (None, None, None, None)
    }


def test_after_their_own_card_a_member_filters_on_that_application(client, two_committees):
    w = two_committees
    _score(w, "ana", w["first"], 5)
    _score(w, "ana", w["second"], 1)
    _score(w, "ben", w["first"], 4)
    _score(w, "ben", w["second"], 2, submit=False)  # a draft is not "my own card"
    as_user(client, w["ben"])

    assert _listed(client, "?all_mean__gte=3.4") == [w["first"].pk]
    assert _listed(client, "?all_mean__lt=3.4") == []
    assert _listed(client, "?card_count=2") == [w["first"].pk]


# --- 5. Membership and vacancies only through the services ----------------------------------


def _committee_form(committee, *, links=None, seats=None, new_seats=()) -> dict:
    """The committee's change form as the admin posts it; ``links`` and ``seats`` override
    the posted vacancy or user of an existing row (by its id)."""
    links, seats = links or {}, seats or {}
    data = {"name": committee.name, "confidentiality_text": committee.confidentiality_text}
    existing_links = list(CommitteeVacancy.objects.filter(committee=committee).order_by("pk"))
    data.update(
        {
            "vacancy_links-TOTAL_FORMS": str(len(existing_links)),
            "vacancy_links-INITIAL_FORMS": str(len(existing_links)),
            "vacancy_links-MIN_NUM_FORMS": "0",
            "vacancy_links-MAX_NUM_FORMS": "1000",
        }
    )
    for n, link in enumerate(existing_links):
        data[f"vacancy_links-{n}-id"] = str(link.pk)
        data[f"vacancy_links-{n}-committee"] = str(committee.pk)
        data[f"vacancy_links-{n}-vacancy"] = str(links.get(link.pk, link.vacancy_id))
    existing_seats = list(CommitteeMember.objects.filter(committee=committee).order_by("pk"))
    data.update(
        {
            "members-TOTAL_FORMS": str(len(existing_seats) + len(new_seats)),
            "members-INITIAL_FORMS": str(len(existing_seats)),
            "members-MIN_NUM_FORMS": "0",
            "members-MAX_NUM_FORMS": "1000",
        }
    )
    for n, seat in enumerate(existing_seats):
        data[f"members-{n}-id"] = str(seat.pk)
        data[f"members-{n}-committee"] = str(committee.pk)
        data[f"members-{n}-user"] = str(seats.get(seat.pk, seat.user_id))
        data[f"members-{n}-role"] = seat.role
    for n, (user_id, role) in enumerate(new_seats, len(existing_seats)):
        data[f"members-{n}-committee"] = str(committee.pk)
        data[f"members-{n}-user"] = str(user_id)
        data[f"members-{n}-role"] = role
    return data


def test_the_board_cannot_repoint_a_vacancy_link_in_place(client, two_committees):
    w = two_committees
    committee = w["committee_x"]
    target = VacancyFactory(title="Doelvacature")
    # The chair has a draft there: committee_vacancy_add would refuse the link.
    ApplicationFactory(vacancy=target, applicant=w["chair"])
    link = CommitteeVacancy.objects.get(committee=committee)
    as_user(client, board_member())

    client.post(
        reverse("admin:review_committee_change", args=[committee.pk]),
        _committee_form(committee, links={link.pk: target.pk}),
    )

    link.refresh_from_db()
    assert link.vacancy_id == w["vacancy_x"].pk
    assert not CommitteeVacancy.objects.filter(vacancy=target).exists()


def test_removing_a_vacancy_link_goes_through_the_service(client, two_committees):
    w = two_committees
    committee = w["committee_y"]
    link = CommitteeVacancy.objects.get(committee=committee)
    as_user(client, board_member())
    data = _committee_form(committee)
    data["vacancy_links-0-DELETE"] = "on"

    client.post(reverse("admin:review_committee_change", args=[committee.pk]), data)

    assert not CommitteeVacancy.objects.filter(pk=link.pk).exists()
    assert AuditEntry.objects.filter(
        action="review.vacancy_removed", data__vacancy=w["vacancy_y"].pk
    ).exists()


def test_a_seat_is_not_handed_to_someone_else_in_place(client, two_committees):
    w = two_committees
    committee = w["committee_x"]
    seat = CommitteeMember.objects.get(committee=committee, user=w["ana"])
    outsider = UserFactory(first_name="Buiten", last_name="Staander")
    as_user(client, board_member())

    client.post(
        reverse("admin:review_committee_change", args=[committee.pk]),
        _committee_form(committee, seats={seat.pk: outsider.pk}),
    )

    seat.refresh_from_db()
    assert seat.user_id == w["ana"].pk
    assert not CommitteeMember.objects.filter(user=outsider).exists()


def test_whoever_joins_the_board_included_is_announced_to_the_committee(client, two_committees):
    w = two_committees
    committee = w["committee_x"]
    board = board_member()
    as_user(client, board)

    client.post(
        reverse("admin:review_committee_change", args=[committee.pk]),
        _committee_form(committee, new_seats=[(board.pk, "member")]),
    )

    seat = CommitteeMember.objects.get(committee=committee, user=board)
    notices = Notification.objects.filter(kind="review.seat_added", object_id=str(seat.pk))
    told = set(notices.values_list("recipient", flat=True))
    assert told == {w[name].email for name in ("chair", "secretary", "ana", "ben")}
    notice = notices.get(recipient=w["chair"].email)
    assert notice.subject == "Iemand is toegetreden tot Commissie X"  # in Dutch
    assert f"{board} is toegetreden tot Commissie X als Lid." in notice.body_text
    assert "lid van het bestuur" in notice.body_text
    entry = AuditEntry.objects.get(action="review.seat_added", data__user=board.pk)
    assert entry.data["board"] is True
    assert w["yara"].email not in told  # another committee is not told


# --- 6. No names through the seat's widget --------------------------------------------------


def test_an_invalid_seat_form_shows_no_name_for_a_typed_user_id(client, two_committees):
    w = two_committees
    committee = w["committee_y"]
    applicant = w["first"].applicant
    applicant.first_name, applicant.last_name = "Geheime", "Sollicitant"
    applicant.save()
    as_user(client, board_member())

    response = client.post(
        reverse("admin:review_committee_change", args=[committee.pk]),
        _committee_form(committee, new_seats=[(applicant.pk, "no-such-role")]),
    )

    assert response.status_code == 200  # the form, again, with its error
    assert "Sollicitant" not in response.content.decode()
    assert not CommitteeMember.objects.filter(user=applicant).exists()


# --- 9. Another committee's objects by id ---------------------------------------------------


def test_a_member_of_committee_y_does_not_find_committee_xs_slot_or_list(client, two_committees):
    w = two_committees
    slot, concept_list = w["slot"], w["concept_list"]
    urls = [
        reverse("admin:review_interviewslot_change", args=[slot.pk]),
        reverse("admin:review_interviewslot_history", args=[slot.pk]),
        reverse("admin:review_conceptlist_change", args=[concept_list.pk]),
        reverse("admin:review_conceptlist_history", args=[concept_list.pk]),
    ]
    as_user(client, w["yara"])

    for url in urls:
        response = client.get(url)
        assert response.status_code in (302, 403, 404), url
        if response.status_code == 302:
            assert response.url == reverse("admin:index"), url  # the admin's "not found"
        body = response.content.decode()
        assert ONLINE_LINK not in body and REASON not in body, url


def test_a_member_of_committee_x_reads_the_slot_and_the_list_settings(client, two_committees):
    w = two_committees
    as_user(client, w["ana"])

    slot = client.get(reverse("admin:review_interviewslot_change", args=[w["slot"].pk]))
    settings = client.get(reverse("admin:review_conceptlist_change", args=[w["concept_list"].pk]))

    assert slot.status_code == 200 and ONLINE_LINK in slot.content.decode()
    assert settings.status_code == 200 and REASON in settings.content.decode()


def test_only_the_chair_filters_on_the_other_members_open_flags(client, two_committees):
    from integrity.models import RelationKind
    from integrity.services import relation_declare

    w = two_committees
    # The applicant names Ana: an open flag, for the chair to decide.
    relation_declare(person=w["second"].applicant, other=w["ana"], kind=RelationKind.FRIENDSHIP)
    as_user(client, w["ben"])

    response = client.get(CHANGELIST + "?flags=open")

    # Not a list of the applications a colleague has a conflict with: Django's refusal of an
    # unknown parameter (a redirect with ?e=1, or 400), or the whole list.
    if response.status_code == 200:
        listed = {a.pk for a in response.context["cl"].result_list}
        assert listed == {w["first"].pk, w["second"].pk}
    else:
        assert response.status_code in (302, 400)
