"""Fictitious applications for the embedded demo, so the committee has files to read.

Written as rows, not through application_submit: the demo applicants have no declarations or
interview answers, and the point is a committee view with something in it.
"""

from datetime import date, timedelta

from allauth.account.models import EmailAddress
from django.utils import timezone

from applications.models import Application, ApplicationStatus, DiversityResponse
from core.keys import phone_key
from members.demo import DEMO_PASSWORD
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
