"""A committee member reads a video's transcript beside the player: pressing a passage's time
plays the video from there, and a search hit's link starts it at that passage."""

import shutil
import subprocess

import pytest
from django.core.files.base import ContentFile

from applications.models import ApplicationFile, FileCheck, FileKind, Transcript, TranscriptStatus
from members.totp import current_totp_code
from tests.e2e.conftest import serious_accessibility_violations
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

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SEGMENTS = [
    {"start": 0.0, "end": 4.0, "text": "Goedenavond, ik ben Noor uit Utrecht."},
    {"start": 4.0, "end": 8.0, "text": "Ik wil meedoen met de verkiezingen."},
]


@pytest.fixture
def transcribed_video(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"
    clip = tmp_path / "film.webm"
    picture = ["-f", "lavfi", "-i", "testsrc=duration=8:size=320x240:rate=10"]
    sound = ["-f", "lavfi", "-i", "sine=duration=8"]
    codecs = ["-c:v", "libvpx", "-c:a", "libopus"]
    subprocess.run(
        [shutil.which("ffmpeg"), "-v", "error", "-y", *picture, *sound, *codecs, str(clip)],
        check=True,
    )
    vacancy = VacancyFactory(title="Landelijk bestuur")
    member = UserFactory(email="lid-commissie@example.org")
    secret = give_totp(member)
    seat_ready(committee_for(vacancy), member)
    application = submitted(ApplicationFactory(vacancy=vacancy, first_name="Noor"))
    video = ApplicationFile(
        application=application,
        kind=FileKind.VIDEO,
        original_name="film.webm",
        extension="webm",
        content_type="video/webm",
        size=clip.stat().st_size,
        check_status=FileCheck.OK,
        duration_seconds=8,
    )
    video.file.save("upload", ContentFile(clip.read_bytes()), save=True)
    Transcript.objects.create(
        file=video,
        status=TranscriptStatus.DONE,
        progress=100,
        language="nl",
        segments=SEGMENTS,
        text="\n".join(s["text"] for s in SEGMENTS),
    )
    return {"member": member, "secret": secret, "application": application, "video": video}


def sign_in_with_totp(page, user, secret):
    page.goto("/accounts/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.fill("input[name=code]", current_totp_code(secret))
    page.click("main button[type=submit]")


def wait_until_at(page, player_id: str, seconds: float) -> float:
    """The player's position once it reached ``seconds`` (the page's CSP forbids the eval
    that wait_for_function needs, so this polls)."""
    video = page.locator(f"#{player_id}")
    for _ in range(100):
        position = video.evaluate("(element) => element.currentTime")
        if position >= seconds:
            return position
        page.wait_for_timeout(100)
    raise AssertionError(f"the player stayed at {position} s")


def test_clicking_a_passage_seeks_the_video(page, console, transcribed_video, tmp_path):
    data = transcribed_video
    player = f"player-{data['video'].uuid}"
    sign_in_with_totp(page, data["member"], data["secret"])

    page.goto(f"/admin/applications/application/{data['application'].pk}/change/")
    transcript = page.locator(f"[data-player='{player}']")
    assert transcript.locator(".transcript-text").all_inner_texts() == [s["text"] for s in SEGMENTS]
    page.screenshot(path=tmp_path / "committee-transcript.png", full_page=True)

    transcript.locator("button[data-seek='4.00']").click()

    wait_until_at(page, player, 3.9)
    second = transcript.locator(".transcript-segment").nth(1)
    assert "is-current" in second.get_attribute("class")
    assert second.get_attribute("aria-current") == "true"
    assert serious_accessibility_violations(page) == []

    page.goto("/admin/applications/application/transcripts/?q=verkiezing")
    page.get_by_role("link", name="0:04").click()
    assert 3.9 <= wait_until_at(page, player, 3.9) < 4.5
    assert console.errors == []
