import pytest

from tests.e2e.conftest import serious_accessibility_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_home_page_in_dutch_then_english(page, console, tmp_path):
    # The browser asks for English (conftest); the site still opens in Dutch.
    page.goto("/")

    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.get_by_role("heading", level=1).inner_text() == "Openstaande vacatures"
    assert page.get_by_text("Er zijn op dit moment geen openstaande vacatures.").is_visible()
    assert serious_accessibility_violations(page) == []
    page.screenshot(path=tmp_path / "home-nl.png", full_page=True)

    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()

    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", level=1).inner_text() == "Open vacancies"
    assert serious_accessibility_violations(page) == []
    page.screenshot(path=tmp_path / "home-en.png", full_page=True)
    assert (tmp_path / "home-en.png").stat().st_size > 10_000
    assert console.errors == []


def test_skip_link_is_the_first_stop_and_moves_focus_to_main(page):
    page.goto("/")

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Direct naar de inhoud")
    assert skip.evaluate("element => element === document.activeElement")
    page.keyboard.press("Enter")

    assert page.evaluate("document.activeElement.id") == "main"
