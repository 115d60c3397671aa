"""The committee's representation figures single nobody out (issue 27): no small cell, no 0 %
or 100 %, no "all but a few", and no figure for the first places that, subtracted from the
whole list's, tells who the rest of the list are. The board never reaches these pages."""

import json
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.models import DiversityResponse
from applications.services import application_withdraw
from members.roles import BOARD
from review.selectors import concept_list_of, representation
from review.services import concept_list_save
from tests.conftest import sign_in_with_second_factor
from tests.factories import (
    ApplicationFactory,
    MemberFactory,
    UserFactory,
    VacancyFactory,
    committee_for,
    seat_ready,
    submitted,
)
from vacancies.models import RepresentationTarget, VacancyKind

pytestmark = pytest.mark.django_db

COLOUR = "colour:yes"


@pytest.fixture
def vacancy():
    vacancy = VacancyFactory(kind=VacancyKind.CANDIDATE_LIST)
    chair = UserFactory(password=None)
    seat_ready(committee_for(vacancy), chair, role="chair")
    vacancy.chair = chair
    return vacancy


def candidates(vacancy, count, **fields):
    # No password hashing (a third of a second per user): nobody here signs in.
    return [
        submitted(
            ApplicationFactory(
                vacancy=vacancy,
                applicant__password=None,
                first_name=f"Kandidaat{n}",
                last_name="Voorbeeld",
                **fields,
            )
        )
        for n in range(count)
    ]


def identify(applications, answer=COLOUR, shown=True):
    dimension, value = answer.split(":")
    for application in applications:
        DiversityResponse.objects.create(
            application=application, dimension=dimension, value=value, show_to_committee=shown
        )


def figure(segment, key, table="groups"):
    return next(f for f in getattr(segment, table) if f.key == key)


def placed(vacancy, applications, electable=5):
    concept_list = concept_list_of(vacancy=vacancy)
    concept_list.electable_places = electable
    concept_list.save()
    concept_list_save(
        concept_list=concept_list,
        places=[{"application_id": a.pk} for a in applications],
        actor=vacancy.chair,
    )
    return concept_list


def list_ids(concept_list):
    return list(concept_list.entries.order_by("position").values_list("application_id", flat=True))


def dashboard(client, vacancy, applications) -> str:
    response = client.post(
        reverse("admin:review_conceptlist_dashboard", args=[vacancy.pk]),
        {"places": json.dumps([{"application_id": a.pk} for a in applications])},
    )
    assert response.status_code == 200
    return response.content.decode()


def rows(html: str, key: str) -> list[str]:
    """The row of a group in each segment of the dashboard, first places first."""
    return re.findall(rf'<tr data-group="{re.escape(key)}".*?</tr>', html, flags=re.S)


def test_the_auditors_differencing_attack_finds_no_figure(client, vacancy):
    """5 of the first 5 places, and one more in places 6 to 9: the old dashboard said
    "5, 100 %" and "6", so the rest of the list held exactly one; after one left, the next
    figures told who. Now neither segment shows the group, before or after."""
    RepresentationTarget.objects.create(
        vacancy=vacancy, group="mensen van kleur", minimum_percent=50, counts=COLOUR
    )
    people = candidates(vacancy, 9)
    identify([*people[:5], people[6]])
    concept_list = placed(vacancy, people, electable=5)

    first, whole = representation(vacancy=vacancy, application_ids=list_ids(concept_list), top=5)

    for segment in (first, whole):
        colour = figure(segment, COLOUR)
        assert colour.hidden
        assert (colour.count, colour.percent, colour.meets_target) == (None, None, None)
    html = dashboard(sign_in_with_second_factor(client, vacancy.chair), vacancy, people)
    first_row, whole_row = rows(html, COLOUR)
    for row in (first_row, whole_row):
        assert "niet getoond" in row
        assert not re.search(r"<td>\s*\d", row)  # no count, no percentage
        assert "gehaald" not in row and "eronder" not in row  # nor the target check
    assert not re.search(r"<td>\s*\d+%", html)  # no percentage anywhere, 100 % least of all

    application_withdraw(application=people[6], actor=people[6].applicant)  # he leaves
    after = representation(vacancy=vacancy, application_ids=list_ids(concept_list), top=5)

    assert [figure(segment, COLOUR).count for segment in after] == [None, None]
    html = dashboard(client, vacancy, people[:6] + people[7:])
    assert all("niet getoond" in row for row in rows(html, COLOUR))


def test_zero_and_hundred_percent_and_all_but_a_few_are_never_numbers(vacancy):
    people = candidates(vacancy, 12)
    identify(people)  # all 12: 100 %
    identify(people[:10], answer="lgbtqia:yes")  # all but 2
    identify(people[:6], answer="disability:yes")  # 6 of 12: a number
    identify(people[6:], answer="refugee:yes", shown=False)  # not for the committee's eyes
    ids = [a.pk for a in people]

    whole = representation(vacancy=vacancy, application_ids=ids, top=5)[1]

    assert figure(whole, COLOUR).hidden  # 100 %
    assert figure(whole, "gender:woman").hidden  # 0 %
    assert figure(whole, "lgbtqia:yes").hidden  # all but 2
    assert figure(whole, "refugee:yes").hidden  # 6, but unconsented: counted as 0
    disability = figure(whole, "disability:yes")
    assert (disability.hidden, disability.count, disability.percent) == (False, 6, 50)


def test_the_first_places_give_way_where_the_rest_of_the_list_would_show_few(vacancy):
    """The first 10 hold 5 people of colour and the whole 20 hold 8: each figure alone is
    fine, but together they say places 11 to 20 hold 3. The first places' figure goes, the
    whole list's stays (the whole list's figures never depend on the order)."""
    RepresentationTarget.objects.create(
        vacancy=vacancy, group="mensen van kleur", minimum_percent=40, counts=COLOUR
    )
    people = candidates(vacancy, 20)
    identify(people[:5] + people[10:13])
    ids = [a.pk for a in people]

    first, whole = representation(vacancy=vacancy, application_ids=ids, top=10)

    assert figure(first, COLOUR).hidden and figure(first, COLOUR).meets_target is None
    assert (figure(whole, COLOUR).count, figure(whole, COLOUR).percent) == (8, 40)
    assert figure(whole, COLOUR).meets_target is True

    identify(people[13:15])  # places 11 to 20 now hold 5 of 10: nothing to isolate
    first, whole = representation(vacancy=vacancy, application_ids=ids, top=10)

    assert (figure(first, COLOUR).count, figure(first, COLOUR).meets_target) == (5, True)
    assert (figure(whole, COLOUR).count, figure(whole, COLOUR).percent) == (10, 50)


def test_age_bands_and_branches_do_not_give_away_the_rest(vacancy):
    """Rows that add up to the segment: the bands not shown must hold at least 5 together
    (else "nobody over 45" follows), and a branch with few people is not even named."""
    today = timezone.localdate()
    young = candidates(vacancy, 7, date_of_birth=today - timedelta(days=365 * 25 + 10))
    older = candidates(vacancy, 5, date_of_birth=today - timedelta(days=365 * 35 + 10))
    for application in young:
        MemberFactory(user=application.applicant, branch="Amsterdam")
    MemberFactory(user=older[0].applicant, branch="Zeeuws-Vlaanderen")
    ids = [a.pk for a in young + older]

    whole = representation(vacancy=vacancy, application_ids=ids, top=5)[1]

    ages = {f.label: f.count for f in whole.ages}
    assert ages == {"< 30": 7, "30–44": None, "45–59": None, "60+": None}
    branches = {f.label: f.count for f in whole.regions}
    assert branches == {"Amsterdam": 7, "overige afdelingen": 5}
    assert all(f.percent not in (0, 100) for f in whole.ages + whole.regions)


def test_the_builder_page_hides_them_too_and_the_board_reaches_neither(client, vacancy):
    people = candidates(vacancy, 6)
    identify(people[:5])
    placed(vacancy, people, electable=5)
    build = reverse("admin:review_conceptlist_build", args=[vacancy.pk])

    page = sign_in_with_second_factor(client, vacancy.chair).get(build).content.decode()

    assert rows(page, COLOUR) and all("niet getoond" in row for row in rows(page, COLOUR))
    client.logout()
    sign_in_with_second_factor(client, UserFactory(is_staff=True, groups=[BOARD]))
    assert client.get(build).status_code == 404
    response = client.post(
        reverse("admin:review_conceptlist_dashboard", args=[vacancy.pk]),
        {"places": json.dumps([{"application_id": a.pk} for a in people])},
    )
    assert response.status_code == 404


def test_a_person_placed_five_times_counts_once(vacancy):
    """Else an editor could post one candidate five times beside five others and read her
    answer from "5 of 10"."""
    probed, *others = candidates(vacancy, 6)
    identify([probed])

    first = representation(
        vacancy=vacancy, application_ids=[probed.pk] * 5 + [a.pk for a in others], top=10
    )[0]

    assert first.size == 6 and figure(first, COLOUR).hidden


def test_the_figures_cost_the_same_few_queries_for_any_list(vacancy, django_assert_num_queries):
    people = candidates(vacancy, 20)
    identify(people[:10])

    with django_assert_num_queries(3):  # the places, the consented answers, the targets
        representation(vacancy=vacancy, application_ids=[a.pk for a in people], top=10)
    with django_assert_num_queries(1):  # the board's: no answers, no targets
        representation(
            vacancy=vacancy,
            application_ids=[a.pk for a in people],
            top=10,
            self_identification=False,
        )
