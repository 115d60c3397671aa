"""The committee's advice is the board's document: it carries no figure derived from
self-identification, whoever downloads it, and its age and branch figures single nobody out
(issue 27). Real WeasyPrint output, read back as text."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from applications.models import DiversityResponse
from applications.services import application_withdraw
from exports.selectors import committee_advice
from members.roles import BOARD
from review.selectors import concept_list_of
from review.services import concept_list_save
from tests.conftest import sign_in_with_second_factor
from tests.exports.conftest import pdf_text
from tests.factories import (
    ApplicationFactory,
    UserFactory,
    VacancyFactory,
    committee_for,
    seat_ready,
    submitted,
)
from vacancies.models import RepresentationGroup, RepresentationTarget, VacancyKind

pytestmark = pytest.mark.django_db

SELF_IDENTIFICATION_LINE = "alleen voor de kandidatencommissie"


@pytest.fixture
def attacked():
    """The auditor's list: 9 places, the first 5 all people of colour who let the committee
    see it, one more in places 6 to 9."""
    vacancy = VacancyFactory(kind=VacancyKind.CANDIDATE_LIST, title="Kandidatenlijst TK")
    RepresentationTarget.objects.create(
        vacancy=vacancy, group="mensen van kleur", minimum_percent=50, counts="colour:yes"
    )
    chair = UserFactory(password=None)
    seat_ready(committee_for(vacancy), chair, role="chair")
    people = [
        submitted(
            ApplicationFactory(
                vacancy=vacancy,
                applicant__password=None,
                first_name=f"Kandidaat{n}",
                last_name="Voorbeeld",
            )
        )
        for n in range(9)
    ]
    for application in [*people[:5], people[6]]:
        DiversityResponse.objects.create(
            application=application, dimension="colour", value="yes", show_to_committee=True
        )
        DiversityResponse.objects.create(
            application=application, dimension="gender", value="woman", show_to_committee=True
        )
    concept_list = concept_list_of(vacancy=vacancy)
    concept_list.electable_places = 5
    concept_list.save()
    concept_list_save(
        concept_list=concept_list,
        places=[{"application_id": a.pk} for a in people],
        actor=chair,
    )
    return {
        "vacancy": vacancy,
        "chair": chair,
        "board": UserFactory(is_staff=True, groups=[BOARD], password=None),
        "people": people,
    }


def advice_text(client, vacancy) -> str:
    response = client.get(reverse("exports:committee_advice", args=[vacancy.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return " ".join(pdf_text(response.content)[0].split())  # the PDF breaks lines anywhere


def assert_no_self_identification_figure(text: str) -> None:
    with translation.override("nl"):
        labels = [str(group.label) for group in RepresentationGroup]
    for label in [*labels, "mensen van kleur", "kleur", "vrouw"]:
        assert label not in text, label
    assert "100%" not in text and "100 %" not in text
    assert "minder dan 5" not in text
    assert SELF_IDENTIFICATION_LINE in text  # and it says so


def test_the_boards_pdf_holds_no_self_identification_figure_before_or_after_one_leaves(
    client, attacked
):
    sign_in_with_second_factor(client, attacked["board"])
    before = advice_text(client, attacked["vacancy"])

    assert_no_self_identification_figure(before)
    assert "Kandidaat0 Voorbeeld" in before  # the advice itself is all there

    leaving = attacked["people"][6]
    application_withdraw(application=leaving, actor=leaving.applicant)
    after = advice_text(client, attacked["vacancy"])

    assert_no_self_identification_figure(after)
    section = after[after.index("Representatie van de voorgestelde lijst") :]
    assert not re.search(r"\d%", section)  # 8 places: no age or branch figure either


def test_the_chairs_download_and_the_kept_document_hold_none_either(client, attacked):
    sign_in_with_second_factor(client, attacked["chair"])
    assert_no_self_identification_figure(advice_text(client, attacked["vacancy"]))

    with CaptureQueriesContext(connection) as queries:
        data = committee_advice(vacancy=attacked["vacancy"])

    assert [segment.groups for segment in data["segments"]] == [[], []]
    assert not any(DiversityResponse._meta.db_table in q["sql"] for q in queries)


def test_age_and_branch_figures_in_the_pdf_follow_the_same_rule(client, attacked):
    """Twenty places, 10 under 30 and 10 from 30 to 44: one of the two is a figure, not both,
    else "nobody is 45 or older" would follow; the first 5 places show none."""
    vacancy, people = attacked["vacancy"], attacked["people"]
    born = timezone.localdate() - timedelta(days=365 * 25 + 10)
    young = [
        submitted(ApplicationFactory(vacancy=vacancy, applicant__password=None, date_of_birth=born))
        for _ in range(10)
    ]
    # The factory's candidates are born in 1990: with the 9 of the fixture, 10 from 30 to 44.
    more = [*young, submitted(ApplicationFactory(vacancy=vacancy, applicant__password=None))]
    concept_list_save(
        concept_list=concept_list_of(vacancy=vacancy),
        places=[{"application_id": a.pk} for a in people + more],
        actor=attacked["chair"],
    )

    sign_in_with_second_factor(client, attacked["board"])
    text = advice_text(client, vacancy)

    section = text[text.index("Representatie van de voorgestelde lijst") :]
    whole = section[section.index("Hele lijst (20)") :]
    assert "30–44 10 50%" in whole and "< 30 niet getoond" in whole
    first = section[: section.index("Hele lijst (20)")]
    assert not re.search(r"\d%", first)
    assert_no_self_identification_figure(text)
