import pytest

from integrity.models import Declaration
from tests.e2e.conftest import serious_accessibility_violations
from tests.factories import UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

QUESTIONS_ANSWERED_NO = [
    "other_party",
    "relations",
    "power_relationship",
    "financial_interests",
    "government_disputes",
    "gifts",
    "criminal_record",
    "public_statements",
]


def test_fill_in_fix_a_mistake_and_sign_the_declaration(
    page, sign_in, console, tmp_path, seeded_integrity_data
):
    user = UserFactory(first_name="Noor", last_name="Voorbeeld")
    sign_in(user).goto("/integriteit/verklaring/")
    assert serious_accessibility_violations(page) == []

    page.get_by_label("Ik heb de integriteits- en gedragscode").check()
    for name in QUESTIONS_ANSWERED_NO:
        page.locator(f"input[name={name}][value=no]").check()
    page.locator("input[name=vog_willing][value=yes]").check()
    page.locator("input[name=gifts][value=yes]").check()
    page.locator("input[name=side-0-organisation]").fill("Huurdersvereniging Oost")
    page.get_by_role("button", name="Verklaring ondertekenen").click()

    summary = page.locator("#form-errors")
    assert "Nog niet ondertekend" in summary.inner_text()
    assert (
        page.locator("input[name=side-0-organisation]").input_value() == "Huurdersvereniging Oost"
    )
    page.screenshot(path=tmp_path / "declaration-error.png", full_page=True)

    page.locator("textarea[name=gifts__explanation]").fill("Een fiets van een sponsor.")
    page.get_by_role("button", name="Verklaring ondertekenen").click()

    assert "Je integriteitsverklaring is ondertekend op" in page.locator(".messages").inner_text()
    declaration = Declaration.objects.get(user=user)
    assert declaration.signed_name == "Noor Voorbeeld"
    assert declaration.answers["gifts"]["explanation"] == "Een fiets van een sponsor."
    assert serious_accessibility_violations(page) == []
    assert console.errors == []
