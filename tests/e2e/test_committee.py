"""A committee member's evening: sign in with a second factor, score an application, reorder
the concept list and watch the representation dashboard follow."""

import re

import pytest
from playwright.sync_api import expect

from applications.models import DiversityResponse
from members.totp import current_totp_code
from review.models import ConceptListEntry, Scorecard
from review.selectors import concept_list_of
from review.services import concept_list_save
from tests.factories import (
    PASSWORD,
    ApplicationFactory,
    UserFactory,
    VacancyFactory,
    committee_for,
    give_totp,
    seat_ready,
    submitted,
)
from vacancies.models import Requirement, VacancyKind

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def committee_evening():
    vacancy = VacancyFactory(kind=VacancyKind.CANDIDATE_LIST, title="Kandidatenlijst TK")
    Requirement.objects.create(vacancy=vacancy, text="Ervaring met organiseren", weight=2)
    Requirement.objects.create(vacancy=vacancy, text="Kennis van het programma", weight=1)
    committee = committee_for(vacancy)
    chair = UserFactory(email="voorzitter@example.org", first_name="Kees")
    secret = give_totp(chair)
    seat_ready(committee, chair, role="chair")
    candidates = [
        submitted(
            ApplicationFactory(
                vacancy=vacancy, first_name=f"Kandidaat{i}", last_name=f"Achternaam{i}"
            )
        )
        for i in range(20)
    ]
    # Twenty places, ten realistic: a segment under 10 people never shows a number (issue 27).
    for application in candidates[10:]:
        DiversityResponse.objects.create(
            application=application, dimension="gender", value="woman", show_to_committee=True
        )
    concept_list = concept_list_of(vacancy=vacancy)
    concept_list.electable_places = 10
    concept_list.save()
    concept_list_save(
        concept_list=concept_list,
        places=[{"application_id": a.pk} for a in candidates],
        actor=chair,
    )
    return {"vacancy": vacancy, "chair": chair, "secret": secret, "candidates": candidates}


def women_row_in_top(page):
    return page.locator(
        "[data-dashboard] .dashboard-segment >> nth=0 >> tr[data-group='gender:woman']"
    )


def test_sign_in_score_reorder_and_watch_the_dashboard(page, console, committee_evening, tmp_path):
    evening = committee_evening
    page.goto("/accounts/login/")
    page.fill("input[name=login]", evening["chair"].email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.fill("input[name=code]", current_totp_code(evening["secret"]))
    page.click("main button[type=submit]")

    first = evening["candidates"][0]
    page.goto(f"/admin/applications/application/{first.pk}/change/")
    for scale in page.locator("fieldset.score-scale").all():
        scale.locator("input[value='4']").check()
    page.select_option("select[name=recommendation]", "yes")
    page.click("input[name=submit]")
    expect(page.locator(".messagelist")).to_contain_text(re.compile("opgeslagen|saved"))
    page.screenshot(path=tmp_path / "scored.png", full_page=True)

    page.goto(f"/admin/review/conceptlist/{evening['vacancy'].pk}/build/")
    # No woman in places 1-10: 0 % is not shown as a number.
    expect(women_row_in_top(page)).to_contain_text(re.compile("niet getoond|not shown"))
    page.screenshot(path=tmp_path / "list-before.png", full_page=True)
    for candidate in evening["candidates"][10:15]:
        item = page.locator(f"[data-list] li[data-id='{candidate.pk}']")
        for _ in range(5):
            item.locator("button[data-action=up]").click()
    # Five of ten, and five of the ten after them: a figure that singles nobody out.
    expect(women_row_in_top(page)).to_contain_text("50%")
    page.screenshot(path=tmp_path / "list-after.png", full_page=True)
    page.click("input[type=submit][value]")
    expect(page.locator(".messagelist")).to_contain_text(re.compile("opgeslagen|saved"))

    card = Scorecard.objects.get(application=first, reviewer=evening["chair"])
    assert card.submitted_at is not None and card.total == 4
    moved_up = ConceptListEntry.objects.filter(position__range=(6, 10)).values_list(
        "application_id", flat=True
    )
    assert set(moved_up) == {a.pk for a in evening["candidates"][10:15]}
    assert console.errors == []
