import pytest

from applications.models import Application, ApplicationStatus, FileKind
from tests.e2e.conftest import serious_accessibility_violations
from tests.factories import UserFactory, VacancyFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_record_a_voice_note_send_see_it_in_the_portal_and_withdraw(
    page, sign_in, console, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "private"
    vacancy = VacancyFactory(title="Regiosecretaris")
    user = UserFactory(first_name="Noor", last_name="Voorbeeld")
    sign_in(user).goto(vacancy.get_absolute_url())

    page.get_by_role("link", name="Solliciteer", exact=True).first.click()
    assert page.get_by_role("heading", level=1).inner_text() == "Solliciteren: Regiosecretaris"
    assert serious_accessibility_violations(page) == []

    page.get_by_label("Voorletters").fill("N.")
    page.get_by_label("Geboortedatum").fill("1990-05-17")
    page.get_by_label("Woonplaats").fill("Utrecht")
    page.get_by_label("Ik geef toestemming").check()

    recorder = page.locator("[data-recorder][data-kind=voice]")
    recorder.get_by_role("button", name="Opname starten").click()
    page.wait_for_timeout(2200)
    recorder.get_by_role("button", name="Stop").click()
    recorder.get_by_role("button", name="Deze opname gebruiken").click()
    status = recorder.locator("[data-part=status]")
    status.filter(has_text="Bewaard: opname.webm").wait_for()
    page.screenshot(path=tmp_path / "apply-recorded.png", full_page=True)

    page.get_by_role("button", name="Sollicitatie versturen").click()

    assert "Je sollicitatie is verstuurd" in page.locator(".messages").inner_text()
    application = Application.objects.get()
    assert application.status == ApplicationStatus.SUBMITTED
    voice = application.files.get()
    assert (voice.kind, voice.extension) == (FileKind.VOICE, "webm")
    assert voice.size > 1000  # two seconds of real audio
    assert page.locator("audio").count() == 1
    page.screenshot(path=tmp_path / "portal-detail.png", full_page=True)

    page.get_by_label("Reden (niet verplicht)").fill("Toch een andere baan.")
    page.get_by_role("button", name="Mijn sollicitatie intrekken").click()
    assert "Je hebt je sollicitatie ingetrokken." in page.locator(".messages").inner_text()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN
    assert console.errors == []


def test_typing_is_saved_automatically(page, sign_in):
    vacancy = VacancyFactory()
    sign_in(UserFactory()).goto(f"/sollicitaties/solliciteren/{vacancy.slug}/")

    page.get_by_label("Motivatie").fill("Een begin van mijn verhaal")
    page.locator("[data-autosave-status]").filter(has_text="Automatisch bewaard om").wait_for()

    assert Application.objects.get().motivation == "Een begin van mijn verhaal"
