"""Version 1 of the integrity declaration, written in our own words from the party's code of
conduct (art. 2, 4, 5, 7 and 8). The board publishes later versions in the admin."""

from django.db import migrations
from django.utils import timezone

STATEMENT = (
    "Ik verklaar dat ik eerlijk en oprecht ben, niet omkoopbaar en niet uit op eigenbelang. "
    "Ik doe wat ik zeg, ik neem verantwoordelijkheid voor wat ik doe en ik ben daarop aan te "
    "spreken. Ik heb deze verklaring naar waarheid ingevuld; verandert er iets, dan werk ik "
    "haar bij."
)

INTRODUCTION = (
    "Wie zich kandidaat stelt voor een functie in de partij, vult deze verklaring in. Je "
    "antwoorden zien alleen jijzelf, de voorzitter van de commissie die jouw sollicitatie "
    "beoordeelt en de integriteitsfunctionaris. Elke keer dat iemand anders je verklaring "
    "opent, wordt dat vastgelegd.\n\n"
    "Een 'ja' is geen probleem op zich: het gaat erom dat we het weten en er samen goede "
    "afspraken over kunnen maken."
)

QUESTIONS = [
    # key, section, answer type, required, question, help text
    (
        "code_of_conduct",
        "Gedragscode",
        "agree",
        True,
        "Ik heb de integriteits- en gedragscode van de partij gelezen en houd me eraan.",
        "",
    ),
    (
        "side_positions",
        "Functies",
        "side_positions",
        False,
        "Welke nevenfuncties heb je buiten de partij, betaald of onbetaald?",
        "Bijvoorbeeld een baan, een bestuursfunctie bij een vereniging of een adviesrol. "
        "Noem de organisatie, je rol, of het betaald is en hoeveel uur per week.",
    ),
    (
        "party_positions",
        "Functies",
        "text",
        False,
        "Welke functies heb je nu, of had je eerder, binnen de partij?",
        "Bijvoorbeeld in een bestuur, een fractie, een commissie, de partijraad of het "
        "partijbureau; met de periode.",
    ),
    (
        "other_party",
        "Functies",
        "yes_no_explain",
        True,
        "Ben je lid van een andere politieke partij, of was je dat de afgelopen vijf jaar?",
        "Zo ja: welke partij en tot wanneer.",
    ),
    (
        "relations",
        "Relaties",
        "yes_no_explain",
        True,
        "Heb je een familie-, partner-, huishoud-, werk- of zakelijke relatie met een "
        "bestuurder, medewerker, fractielid of commissielid van de partij?",
        "Zo ja: met wie, in welke functie, en wat voor relatie.",
    ),
    (
        "power_relationship",
        "Relaties",
        "yes_no_explain",
        True,
        "Heb je een liefdesrelatie of een andere persoonlijke relatie met iemand met wie je "
        "binnen de partij een machtsverhouding hebt of krijgt?",
        "Bijvoorbeeld tussen een bestuurder en een commissielid, of een leidinggevende en een "
        "medewerker. We gaan hier uiterst discreet mee om.",
    ),
    (
        "financial_interests",
        "Geld en belangen",
        "yes_no_explain",
        True,
        "Heb je financiële belangen of schulden die je werk voor de partij kunnen beïnvloeden "
        "of je kwetsbaar kunnen maken?",
        "",
    ),
    (
        "government_disputes",
        "Geld en belangen",
        "yes_no_explain",
        True,
        "Heb je een lopend geschil met een overheid, bijvoorbeeld met de Belastingdienst, "
        "een gemeente of een uitvoeringsinstantie?",
        "",
    ),
    (
        "gifts",
        "Geld en belangen",
        "yes_no_explain",
        True,
        "Kreeg je het afgelopen jaar in verband met partijwerk geschenken, diensten of "
        "voordelen van meer dan bescheiden waarde?",
        "Een bos bloemen of een kop koffie hoef je niet te melden.",
    ),
    (
        "criminal_record",
        "Verleden en uitingen",
        "yes_no_explain",
        True,
        "Ben je ooit veroordeeld voor een strafbaar feit?",
        "",
    ),
    (
        "vog_willing",
        "Verleden en uitingen",
        "yes_no",
        True,
        "Ben je bereid een verklaring omtrent het gedrag (VOG) aan te vragen als de functie "
        "daarom vraagt?",
        "",
    ),
    (
        "public_statements",
        "Verleden en uitingen",
        "yes_no_explain",
        True,
        "Zijn er uitspraken van jou, in het openbaar of op sociale media, die jou of de partij "
        "kunnen schaden als ze nu opduiken?",
        "Denk ook aan oude berichten. Liever nu besproken dan straks in de krant.",
    ),
]


def seed(apps, schema_editor):
    Questionnaire = apps.get_model("integrity", "Questionnaire")
    Question = apps.get_model("integrity", "Question")
    if Questionnaire.objects.filter(version=1).exists():
        return
    questionnaire = Questionnaire.objects.create(
        version=1,
        title="Integriteitsverklaring",
        introduction=INTRODUCTION,
        statement=STATEMENT,
        published_at=timezone.now(),
    )
    for order, (key, section, answer_type, required, text, help_text) in enumerate(QUESTIONS):
        Question.objects.create(
            questionnaire=questionnaire,
            key=key,
            section=section,
            answer_type=answer_type,
            required=required,
            text=text,
            help_text=help_text,
            order=order,
        )


class Migration(migrations.Migration):
    dependencies = [("integrity", "0003_integrity_declarations")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
