"""Scoring on the vacancy's own requirements, independent first, and the pipeline."""

from decimal import Decimal

import pytest
from django.contrib.admin import site
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications.models import Application, ApplicationStatus
from core.errors import ServiceError
from integrity.models import RelationKind
from integrity.services import relation_declare
from notifications.models import Notification
from review.models import Recommendation, Scorecard, Transition
from review.selectors import (
    others_scorecards,
    summarise,
)
from review.services import application_move, scorecard_save
from tests.conftest import sign_in_with_second_factor
from tests.factories import (
    ApplicationFactory,
    UserFactory,
    VacancyFactory,
    committee_for,
    seat_ready,
    submitted,
)
from vacancies.models import Requirement

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    vacancy = VacancyFactory()
    experience = Requirement.objects.create(vacancy=vacancy, text="Ervaring", weight=3)
    writing = Requirement.objects.create(vacancy=vacancy, text="Schrijven", weight=1)
    committee = committee_for(vacancy)
    chair, ana, ben, secretary = (UserFactory() for _ in range(4))
    seat_ready(committee, chair, role="chair")
    seat_ready(committee, ana)
    seat_ready(committee, ben)
    seat_ready(committee, secretary, role="secretary")
    application = submitted(ApplicationFactory(vacancy=vacancy))
    return {
        "vacancy": vacancy,
        "experience": experience,
        "writing": writing,
        "application": application,
        "chair": chair,
        "ana": ana,
        "ben": ben,
        "secretary": secretary,
    }


def score(setup, who, experience, writing, *, submit=True, recommendation=Recommendation.YES):
    return scorecard_save(
        reviewer=setup[who],
        application=setup["application"],
        scores={setup["experience"].pk: (experience, ""), setup["writing"].pk: (writing, "ok")},
        recommendation=recommendation,
        submit=submit,
    )


def test_the_weighted_score_follows_the_requirements_weights(setup):
    card = score(setup, "ana", 5, 1)

    assert card.total == Decimal("4.00")  # (5 * 3 + 1 * 1) / 4
    assert card.round == "screening"


def test_others_scores_stay_hidden_until_mine_is_submitted(setup):
    score(setup, "ana", 5, 5)
    draft = score(setup, "ben", 2, 2, submit=False)
    application = setup["application"]

    assert draft.submitted_at is None
    assert others_scorecards(user=setup["ben"], application=application, round_="screening") is None
    score(setup, "ben", 2, 2)
    visible = others_scorecards(user=setup["ben"], application=application, round_="screening")
    assert {card.reviewer for card in visible} == {setup["ana"], setup["ben"]}
    # The secretary does not score and reads the cards.
    assert (
        len(others_scorecards(user=setup["secretary"], application=application, round_="screening"))
        == 2
    )


def test_the_admin_hides_the_average_until_i_scored(client, setup):
    score(setup, "ana", 5, 5)
    sign_in_with_second_factor(client, setup["ben"])
    url = reverse("admin:applications_application_changelist")

    review_admin = site._registry[Application]

    row = client.get(url).context["cl"].result_list[0]
    assert (row.my_total, review_admin.average_score(row)) == (None, "—")
    score(setup, "ben", 1, 1)
    row = client.get(url).context["cl"].result_list[0]
    assert review_admin.average_score(row) == "3.00 (2)"
    assert review_admin.disagreement(row) is True


def test_submitting_needs_every_criterion_and_a_correction_is_kept(setup):
    with pytest.raises(ServiceError):
        scorecard_save(
            reviewer=setup["ana"],
            application=setup["application"],
            scores={setup["experience"].pk: (4, "")},
            recommendation=Recommendation.YES,
            submit=True,
        )
    score(setup, "ana", 4, 4)
    card = score(setup, "ana", 3, 4, recommendation=Recommendation.DOUBT)

    assert card.versions.count() == 2
    assert card.versions.last().snapshot["recommendation"] == "yes"
    assert Scorecard.objects.count() == 1


def test_a_score_outside_1_to_5_and_the_secretary_are_refused(setup):
    with pytest.raises(ServiceError):
        score(setup, "ana", 6, 1)
    with pytest.raises(ServiceError):
        score(setup, "secretary", 3, 3)


def test_a_conflicted_member_cannot_score_and_their_card_leaves_the_others_view(setup):
    score(setup, "ana", 5, 5)
    score(setup, "ben", 1, 1)
    relation_declare(
        person=setup["ana"], other=setup["application"].applicant, kind=RelationKind.FAMILY
    )

    with pytest.raises(ServiceError):
        score(setup, "ana", 4, 4)
    visible = others_scorecards(
        user=setup["ben"], application=setup["application"], round_="screening"
    )
    assert [card.reviewer for card in visible] == [setup["ben"]]


def test_summary_statistics_and_the_disagreement_flag():
    calm = summarise([Decimal("3.0"), Decimal("3.5"), Decimal("4.0")])
    split = summarise([Decimal("1.5"), Decimal("4.5")])

    assert (calm.mean, calm.median, calm.spread, calm.disagreement) == (
        Decimal("3.50"),
        Decimal("3.50"),
        Decimal("1.0"),
        False,
    )
    assert split.disagreement is True


def test_the_pipeline_moves_step_by_step_with_reasons_and_mail(setup, mailoutbox):
    application, chair = setup["application"], setup["chair"]

    application_move(application=application, to=ApplicationStatus.SCREENING, actor=chair)
    application_move(application=application, to=ApplicationStatus.ROUND_1, actor=chair)
    with pytest.raises(ServiceError):
        application_move(application=application, to=ApplicationStatus.ACCEPTED, actor=chair)
    with pytest.raises(ServiceError):
        application_move(application=application, to=ApplicationStatus.NOT_SELECTED, actor=chair)
    with pytest.raises(ServiceError):  # an ordinary member does not move applications
        application_move(application=application, to=ApplicationStatus.ROUND_2, actor=setup["ana"])
    application_move(
        application=application,
        to=ApplicationStatus.NOT_SELECTED,
        reason="Other candidates fit the profile better.",
        actor=chair,
    )

    application.refresh_from_db()
    assert application.status == ApplicationStatus.NOT_SELECTED
    assert [t.to_status for t in Transition.objects.filter(application=application)] == [
        "screening",
        "round_1",
        "not_selected",
    ]
    kinds = set(Notification.objects.values_list("kind", flat=True))
    assert {"review.moved.round_1", "review.moved.not_selected"} <= kinds
    refusal = Notification.objects.get(kind="review.moved.not_selected")
    assert "Other candidates fit the profile better." in refusal.body_text


def test_bulk_actions_move_what_can_move_and_report_the_rest(client, setup):
    other = submitted(ApplicationFactory(vacancy=setup["vacancy"]))
    application_move(application=other, to=ApplicationStatus.SCREENING, actor=setup["chair"])
    sign_in_with_second_factor(client, setup["chair"])
    url = reverse("admin:applications_application_changelist")
    ids = [setup["application"].pk, other.pk]

    confirm = client.post(url, {"action": "move_to_screening", "_selected_action": ids})
    assert confirm.status_code == 200  # the page asking for a reason
    client.post(
        url, {"action": "move_to_screening", "_selected_action": ids, "confirm": "1", "reason": ""}
    )

    setup["application"].refresh_from_db()
    assert setup["application"].status == ApplicationStatus.SCREENING
    assert Transition.objects.filter(application=other).count() == 1


def _bulk_scored_applications(setup, count: int) -> None:
    """Sent, checked and scored applications, written in bulk (as the bench does)."""
    from django.utils import timezone

    from integrity.conflicts import conflicts_check
    from members.models import User

    start = Application.objects.count()
    applicants = User.objects.bulk_create(
        User(email=f"bulk{start + i}@example.org") for i in range(count)
    )
    applications = Application.objects.bulk_create(
        Application(
            vacancy=setup["vacancy"],
            applicant=user,
            status=ApplicationStatus.SUBMITTED,
            submitted_at=timezone.now(),
            last_name=f"Bulk{i}",
        )
        for i, user in enumerate(applicants)
    )
    Scorecard.objects.bulk_create(
        Scorecard(
            application=application,
            reviewer=setup[who],
            round="screening",
            total=Decimal(1 + i % 5),
            recommendation="yes",
            submitted_at=timezone.now(),
        )
        for i, application in enumerate(applications)
        for who in ("ana", "ben")
    )
    conflicts_check(application_ids=[a.pk for a in applications])


def test_the_changelist_costs_the_same_queries_for_20_and_2000_applications(client, setup):
    sign_in_with_second_factor(client, setup["ana"])
    url = reverse("admin:applications_application_changelist")

    def measured() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        return len(queries), response.context["cl"].result_count

    _bulk_scored_applications(setup, 19)
    twenty, count = measured()
    assert count == 20
    _bulk_scored_applications(setup, 1980)
    two_thousand, count = measured()

    assert count == 2000
    assert twenty == two_thousand


def test_a_conflicted_member_does_not_see_the_others_scores(setup):
    score(setup, "ana", 5, 5)
    score(setup, "ben", 4, 4)
    relation_declare(
        person=setup["ben"], other=setup["application"].applicant, kind=RelationKind.PARTNER
    )

    hidden = others_scorecards(
        user=setup["ben"], application=setup["application"], round_="screening"
    )

    assert hidden is None
