"""A member ranks candidates on a ranked ballot with the keyboard only, hears every move
announced, confirms and keeps the receipt; and with the mouse, by dragging, and goes back
from the confirmation to change the ranking without losing it."""

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests.e2e.conftest import serious_accessibility_violations
from tests.e2e.test_alv import tab_to
from tests.voting.conftest import make_meeting, make_poll, make_voters, sealed_choices
from voting.models import Poll
from voting.services import ballot_cast, poll_close, poll_open

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

CANDIDATES = ["Amal Haddou", "Jayden van der Berg", "Rosa de Vries", "Kwame Mensah"]


def shift_tab_to(page, selector: str, presses: int = 20) -> None:
    for _ in range(presses):
        page.keyboard.press("Shift+Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Shift+Tab never reached {selector}")


def ranked_ballot(page, sign_in, live_server):
    meeting = make_meeting()
    (voter,) = make_voters(meeting, 1)
    poll = make_poll(
        meeting, CANDIDATES, title="Afdelingsraad", kind="ranked", method="stv", seats=2
    )
    poll_open(poll=poll, actor=None)
    sign_in(voter.member.user)
    # Without the buttons' colour transitions, so axe never measures a colour half-way.
    page.emulate_media(reduced_motion="reduce")
    page.context.add_cookies(  # English, so the test reads the source texts
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}]
    )
    page.goto(f"/alv/{meeting.pk}/stemmen/{poll.pk}/")
    expect(page.locator("[data-ranked-lists]")).to_be_visible()
    return {option.label: option.pk for option in poll.options.all()}


def ranking(page) -> list[str]:
    return page.locator("[data-ranked] > li").evaluate_all(
        "(items) => items.map(i => i.dataset.name)"
    )


def item(name: str) -> str:
    return f"[data-option][data-name='{name}']"


def test_rank_with_the_keyboard_only_confirm_and_get_a_receipt(page, sign_in, live_server, console):
    ids = ranked_ballot(page, sign_in, live_server)
    status = page.locator("[data-ranked-status]")
    # Without script the ballot is a select per candidate; with it, those are hidden.
    expect(page.locator("[data-ranked-fallback]")).to_be_hidden()
    assert serious_accessibility_violations(page) == []

    tab_to(page, f"{item('Rosa de Vries')} [data-add]")
    page.keyboard.press("Enter")
    expect(status).to_have_text("Rosa de Vries is now number 1 of 1.")
    expect(page.locator(f"{item('Rosa de Vries')} [data-remove]")).to_be_focused()
    page.keyboard.press("Tab")  # on to the first candidate not ranked yet
    expect(page.locator(f"{item('Amal Haddou')} [data-add]")).to_be_focused()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # Jayden
    expect(status).to_have_text("Jayden van der Berg is now number 3 of 3.")
    assert ranking(page) == ["Rosa de Vries", "Amal Haddou", "Jayden van der Berg"]

    shift_tab_to(page, f"{item('Amal Haddou')} [data-up]")
    page.keyboard.press("Enter")
    expect(status).to_have_text("Amal Haddou is now number 1 of 3.")
    expect(page.locator(f"{item('Amal Haddou')} [data-up]")).to_be_focused()
    page.keyboard.press("Enter")
    expect(status).to_have_text("Amal Haddou is number 1 already.")
    tab_to(page, f"{item('Kwame Mensah')} [data-add]")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")  # the focus is on Kwame's remove button: out again
    expect(status).to_have_text("Kwame Mensah is no longer ranked.")
    expect(page.locator(f"{item('Kwame Mensah')} [data-add]")).to_be_focused()
    assert ranking(page) == ["Amal Haddou", "Rosa de Vries", "Jayden van der Berg"]
    assert serious_accessibility_violations(page) == []

    tab_to(page, "main button.btn-primary")
    page.keyboard.press("Enter")
    expect(page.locator("[data-ranking] li")).to_have_text(
        ["Amal Haddou", "Rosa de Vries", "Jayden van der Berg"]
    )
    page.wait_for_load_state()  # cast.js (deferred) takes over the confirmation, as it loads
    tab_to(page, "main button.btn-primary")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_be_focused()
    assert len(page.locator("[data-receipt]").inner_text().strip()) == 11
    assert sealed_choices(Poll.objects.get()) == [
        [ids["Amal Haddou"], ids["Rosa de Vries"], ids["Jayden van der Berg"]]
    ]
    assert console.errors == []


def test_drag_a_candidate_to_the_top_with_the_mouse(page, sign_in, live_server, console):
    ranked_ballot(page, sign_in, live_server)
    for name in ("Amal Haddou", "Jayden van der Berg", "Rosa de Vries"):
        page.locator(f"{item(name)} [data-add]").click()

    handle = page.locator(f"{item('Rosa de Vries')} [data-handle]").bounding_box()
    top = page.locator(f"{item('Amal Haddou')}").bounding_box()
    page.mouse.move(handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2)
    page.mouse.down()
    page.mouse.move(top["x"] + 20, top["y"] + 4, steps=8)
    page.mouse.up()

    assert ranking(page) == ["Rosa de Vries", "Amal Haddou", "Jayden van der Berg"]
    expect(page.locator("[data-ranked-status]")).to_have_text("Rosa de Vries is now number 1 of 3.")
    places = page.locator("[data-ranked-fallback] select").evaluate_all(
        "(selects) => selects.map(s => s.value)"
    )
    assert places == ["2", "3", "1", ""]  # ballot-paper order: Amal, Jayden, Rosa, Kwame

    # Check, then change: the ballot screen comes back with the ranking as it was.
    page.locator("main button.btn-primary").click()
    expect(page.locator("[data-ranking] li")).to_have_count(3)
    page.locator("button[form='change-ballot']").click()
    expect(page.locator("[data-ranked-lists]")).to_be_visible()
    assert ranking(page) == ["Rosa de Vries", "Amal Haddou", "Jayden van der Berg"]
    assert console.errors == []


@pytest.mark.parametrize("method", ["sequential", "schulze"])
def test_the_results_of_a_ranked_poll_read_well_on_a_phone(page, console, method):
    meeting = make_meeting()
    voters = make_voters(meeting, 5)
    poll = make_poll(meeting, CANDIDATES, title="Lijstvolgorde", kind="ranked", method=method)
    poll.seats = None
    poll.save(update_fields=["seats"])
    poll_open(poll=poll, actor=None)
    ids = [option.pk for option in poll.options.all()]
    for voter, ranking in zip(voters, [[0, 1], [0, 2], [1, 0], [1, 2, 3], [2, 1, 0]], strict=True):
        ballot_cast(poll=poll, voter=voter, choices=[ids[n] for n in ranking])
    poll_close(poll=poll, actor=None)
    page.set_viewport_size({"width": 390, "height": 844})
    page.emulate_media(reduced_motion="reduce")

    page.goto(f"/alv/{meeting.pk}/uitslag/{poll.pk}/")

    expect(page.locator("[data-outcome] li")).to_have_count(len(CANDIDATES))
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # only tables scroll
    assert serious_accessibility_violations(page) == []
    assert console.errors == []
