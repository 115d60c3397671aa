"""Fictitious applications for the embedded demo, so the committee has files to read.

Written as rows, not through application_submit: the demo applicants have no declarations or
interview answers, and the point is a committee view with something in it.
"""

import shutil
import subprocess
import tempfile
from datetime import date, timedelta
from pathlib import Path

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.files import File
from django.utils import timezone

from applications.models import (
    Application,
    ApplicationFile,
    ApplicationStatus,
    DiversityResponse,
    FileKind,
)
from applications.services import media_check
from core.keys import phone_key
from demo.members import DEMO_PASSWORD
from members.models import User
from vacancies.models import Vacancy

MOTIVATIONS = [
    "Ik ben al zes jaar actief in mijn afdeling en wil nu landelijk bouwen aan een partij die "
    "gewone mensen een stem geeft. Ik breng ervaring mee als vakbondskader en penningmeester.",
    "Als jongerenwerker zie ik elke dag wat armoede doet met kinderen. Ik wil dat ons "
    "programma daar antwoord op geeft, en ik kan mensen verbinden over verschillen heen.",
    "Ik heb tien jaar gewerkt in de zorg en weet hoe beleid uitpakt op de werkvloer. In het "
    "bestuur wil ik de organisatie sterker en zorgzamer maken.",
    "Mijn achtergrond ligt in de communicatie. Ik wil onze boodschap helder en warm naar buiten "
    "brengen, en nieuwe leden een plek geven in de partij.",
    "Als jurist werk ik aan toegang tot het recht voor mensen zonder papieren. Dat werk wil ik "
    "voortzetten in de Tweede Kamer.",
    "Ik ben docent en moeder van drie. Onderwijs is de plek waar ongelijkheid begint en waar we "
    "haar kunnen doorbreken; daar wil ik voor staan.",
]

# email, first, prefix, last, initials, place, born, phone, vacancy slug
APPLICANTS = [
    (
        "fatima@example.org",
        "Fatima",
        "",
        "El Amrani",
        "F.",
        "Rotterdam",
        date(1988, 4, 2),
        "06 1000 0001",
        "landelijk-bestuur",
    ),
    (
        "daan@example.org",
        "Daan",
        "de",
        "Wit",
        "D.J.",
        "Utrecht",
        date(1995, 9, 30),
        "06 1000 0002",
        "landelijk-bestuur",
    ),
    (
        "sanne@example.org",
        "Sanne",
        "",
        "Commissaris",
        "S.",
        "Groningen",
        date(1979, 1, 15),
        "06 1000 0003",
        "landelijk-bestuur",
    ),
    (
        "kwame@example.org",
        "Kwame",
        "",
        "Mensah",
        "K.A.",
        "Amsterdam",
        date(1983, 7, 21),
        "06 1000 0004",
        "landelijk-bestuur",
    ),
    (
        "lin@example.org",
        "Lin",
        "",
        "Chen",
        "L.",
        "Den Haag",
        date(1991, 12, 5),
        "06 1000 0005",
        "kandidatenlijst-tweede-kamer",
    ),
    (
        "ruben@example.org",
        "Ruben",
        "van",
        "Dijk",
        "R.",
        "Zwolle",
        date(1986, 3, 11),
        "06 1000 0006",
        "kandidatenlijst-tweede-kamer",
    ),
    *[
        (email, first, prefix, last, initials, place, born, phone, "kandidatenlijst-tweede-kamer")
        for email, first, prefix, last, initials, place, born, phone in [
            (
                "aisha@example.org",
                "Aisha",
                "",
                "Bakari",
                "A.",
                "Almere",
                date(1990, 6, 8),
                "06 1000 0007",
            ),
            (
                "mirjam@example.org",
                "Mirjam",
                "de",
                "Boer",
                "M.E.",
                "Leeuwarden",
                date(1972, 2, 19),
                "06 1000 0008",
            ),
            (
                "yusuf@example.org",
                "Yusuf",
                "",
                "Demir",
                "Y.",
                "Arnhem",
                date(1998, 11, 1),
                "06 1000 0009",
            ),
            (
                "priya@example.org",
                "Priya",
                "",
                "Ramdin",
                "P.S.",
                "Den Haag",
                date(1985, 5, 27),
                "06 1000 0010",
            ),
            (
                "eva@example.org",
                "Eva",
                "van der",
                "Meer",
                "E.",
                "Nijmegen",
                date(1993, 8, 14),
                "06 1000 0011",
            ),
            (
                "joao@example.org",
                "João",
                "",
                "Silva",
                "J.",
                "Rotterdam",
                date(1979, 10, 3),
                "06 1000 0012",
            ),
        ]
    ],
]
# Self-identification the demo applicants chose to share with the committee (by e-mail).
SHARED = {
    "lin@example.org": [("gender", "woman"), ("colour", "yes")],
    "aisha@example.org": [("gender", "woman"), ("colour", "yes"), ("refugee", "yes")],
    "mirjam@example.org": [("gender", "woman"), ("disability", "yes")],
    "priya@example.org": [("gender", "woman"), ("colour", "yes"), ("class", "yes")],
    "eva@example.org": [("gender", "woman"), ("lgbtqia", "yes")],
    "yusuf@example.org": [("gender", "man"), ("colour", "yes"), ("class", "yes")],
    "joao@example.org": [("gender", "man"), ("colour", "yes")],
    "ruben@example.org": [("gender", "man")],
}


def _account(email: str, first: str, last: str) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email, password=DEMO_PASSWORD, first_name=first, last_name=last
        )
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def seed(*, stdout) -> None:
    vacancies = {v.slug: v for v in Vacancy.objects.filter(slug__in={a[-1] for a in APPLICANTS})}
    created = 0
    for index, row in enumerate(APPLICANTS):
        email, first, prefix, last, initials, place, born, phone, slug = row
        vacancy = vacancies.get(slug)
        if vacancy is None:
            continue
        user = _account(email, first, last)
        application, new = Application.objects.get_or_create(
            vacancy=vacancy,
            applicant=user,
            defaults={
                "status": ApplicationStatus.SUBMITTED,
                "submitted_at": timezone.now() - timedelta(days=12 - index),
                "receipt_number": f"DEMO-{index + 1:04d}",
                "initials": initials,
                "first_name": first,
                "name_prefix": prefix,
                "last_name": last,
                "date_of_birth": born,
                "place_of_residence": place,
                "phone": phone,
                "phone_key": phone_key(phone),
                "motivation": MOTIVATIONS[index % len(MOTIVATIONS)],
                "consent_political_data": True,
            },
        )
        if new:
            application.portfolios.set(vacancy.portfolios.all()[index % 3 : index % 3 + 1])
            DiversityResponse.objects.bulk_create(
                DiversityResponse(
                    application=application,
                    dimension=dimension,
                    value=value,
                    show_to_committee=True,
                )
                for dimension, value in SHARED.get(email, [])
            )
            created += 1
    stdout.write(f"applications: {len(APPLICANTS)} demo applications ({created} new)")
    # Only in the embedded mode: it writes into MEDIA_ROOT and queues work for the worker.
    if settings.DEBUG:
        voice_note_seed(stdout=stdout)


# A demo applicant's voice note, spoken by espeak-ng, so the committee has a transcript to read.
VOICE_NOTE_BY = "daan@example.org"
VOICE_NOTE_TEXT = (
    "Hallo, ik ben Daan en ik woon in Utrecht. "
    "Ik wil graag in het landelijk bestuur, omdat ik de afdelingen sterker wil maken. "
    "In mijn afdeling organiseer ik de ledenavonden en de campagne voor de verkiezingen. "
    "Ik kijk uit naar het gesprek met de commissie."
)


def voice_note_seed(*, stdout) -> ApplicationFile | None:
    """Give the demo applicant a spoken voice note (when espeak-ng and ffmpeg are installed):
    it goes through the real media check, which queues its transcription for the worker."""
    application = Application.objects.filter(applicant__email=VOICE_NOTE_BY).first()
    espeak, ffmpeg = shutil.which("espeak-ng"), shutil.which(settings.FFMPEG)
    if application is None or application.files.filter(kind=FileKind.VOICE).exists():
        return None
    if espeak is None or ffmpeg is None:
        stdout.write("applications: no demo voice note (espeak-ng or ffmpeg is not installed)")
        return None
    with tempfile.TemporaryDirectory() as work:
        speech, note = Path(work) / "speech.wav", Path(work) / "voice.webm"
        subprocess.run(  # noqa: S603 - fixed programs, our own text and paths
            [espeak, "-v", "nl", "-s", "140", "-w", str(speech), VOICE_NOTE_TEXT], check=True
        )
        subprocess.run(  # noqa: S603
            [ffmpeg, "-v", "error", "-y", "-i", str(speech), "-c:a", "libopus", str(note)],
            check=True,
        )
        attached = ApplicationFile(
            application=application,
            kind=FileKind.VOICE,
            original_name="spraakbericht.webm",
            extension="webm",
            content_type="audio/webm",
            size=note.stat().st_size,
        )
        with note.open("rb") as handle:
            attached.file.save("upload", File(handle), save=True)
    media_check(file_id=attached.pk)
    stdout.write("applications: a demo voice note, queued for transcription")
    return attached
