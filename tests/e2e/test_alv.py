"""A member at the ALV: checks in, votes with the keyboard only, keeps the receipt and finds
it on the list of counted ballots."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import serious_accessibility_violations
from tests.voting.conftest import make_meeting, make_poll, make_voters
from voting.models import Ballot, Poll
from voting.services import poll_close, poll_open

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def tab_to(page, selector: str, presses: int = 40) -> None:
    """Press Tab until the focused element matches ``selector``: keyboard navigation only."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_check_in_vote_by_keyboard_and_find_the_receipt(page, sign_in, console):
    meeting = make_meeting(online=True)
    (voter,) = make_voters(meeting, 1, checked_in=False)
    poll = make_poll(meeting, ["Amal Haddou", "Jayden van der Berg"], title="Bestuur: voorzitter")
    poll_open(poll=poll, actor=None)

    sign_in(voter.member.user).goto(f"/alv/{meeting.pk}/")
    tab_to(page, "form[action$='/online/'] button")
    page.keyboard.press("Enter")
    expect(page.locator("#checkin-title ~ p.text-success")).to_be_visible()

    tab_to(page, f"a[href$='/stemmen/{poll.pk}/']")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Bestuur: voorzitter")
    assert serious_accessibility_violations(page) == []
    for option in poll.options.all():
        tab_to(page, f"input[name='v{voter.pk}-option_{option.pk}']")
        page.keyboard.press("Space")  # the first choice of the group: yes
    tab_to(page, "main button.btn-primary")
    page.keyboard.press("Enter")

    expect(page.locator("dd.fw-bold").first).to_be_visible()
    page.wait_for_load_state()  # cast.js (deferred) takes over the confirmation, as it loads
    tab_to(page, "main button.btn-primary")
    page.keyboard.press("Enter")
    receipt = page.locator("[data-receipt]").inner_text().strip()
    assert len(receipt) == 11
    # The script cast it (static/js/cast.js): the page stayed, the heading took the focus.
    assert page.url.endswith(f"/stemmen/{poll.pk}/")
    expect(page.locator("h1")).to_be_focused()
    assert serious_accessibility_violations(page) == []

    poll_close(poll=Poll.objects.get(pk=poll.pk), actor=None)
    page.goto(f"/alv/{meeting.pk}/uitslag/{poll.pk}/")
    expect(page.locator("[data-receipts]")).to_contain_text(receipt)
    assert Ballot.objects.get().choices == {str(o.pk): "yes" for o in poll.options.all()}
    assert console.errors == []
