"""The double functions of the code of conduct (art. 4) and the candidate-list call, as rules
the board can edit afterwards. Texts in our own words; the clause names the source."""

from django.db import migrations

CODE = "Gedragscode art. 4, Dubbelfuncties"
SIDE = "Gedragscode art. 4, Nevenfuncties"
LIST_CALL = "Vacature Tweede Kamer, profiel"

EMPLOYEE = (
    "Bestuur en werknemer gaan niet samen: het bestuur is de werkgever. Een medewerker mag "
    "solliciteren op een bestuursfunctie, maar geeft de baan op als die benoeming doorgaat."
)
ONE_BOARD = "Je kunt maar in één bestuur tegelijk zitten."
OWN_BRANCH = (
    "Wie in een fractie zit of voor een fractie werkt, kan niet in het bestuur van die fractie "
    "of afdeling zitten: dat bestuur moet de fractie vrij kunnen aanspreken."
)
COUNCIL = "Leden van het partijbestuur en van fracties kunnen geen lid zijn van de partijraad."
OTHER_PARTY = (
    "Wie een functie heeft in de partij, in een commissie zit of op een kandidatenlijst staat, "
    "kan niet ook lid zijn van een andere politieke partij."
)
TWEEDE_KAMER = (
    "Een Tweede Kamerlid kan niet ook in een gemeentelijke, provinciale of Europese fractie zitten."
)
SIDE_POSITION = (
    "Een nevenfunctie mag geen belangen meebrengen die botsen met je rol in de partij of met "
    "haar idealen. Bespreek zo'n nevenfunctie vooraf met het landelijk bestuur."
)

RULES = [
    # kind_a, level_a, kind_b, level_b, scope, severity, explanation, clause
    (
        "fraction_member",
        "",
        "fraction_staff",
        "",
        "same_body",
        "blocks",
        "Werkgever en werknemer tegelijk zijn kan niet: een fractielid geeft leiding aan de "
        "medewerkers van de eigen fractie.",
        CODE,
    ),
    ("national_board", "", "party_office_staff", "", "any", "blocks", EMPLOYEE, CODE),
    ("branch_board", "", "party_office_staff", "", "any", "blocks", EMPLOYEE, CODE),
    ("national_board", "", "branch_board", "", "any", "blocks", ONE_BOARD, CODE),
    ("branch_board", "", "branch_board", "", "other_body", "blocks", ONE_BOARD, CODE),
    ("fraction_member", "", "branch_board", "", "same_branch", "blocks", OWN_BRANCH, CODE),
    ("fraction_staff", "", "branch_board", "", "same_branch", "blocks", OWN_BRANCH, CODE),
    ("national_board", "", "partijraad", "", "any", "blocks", COUNCIL, CODE),
    ("fraction_member", "", "partijraad", "", "any", "blocks", COUNCIL, CODE),
    *[
        ("other_party", "", kind, "", "any", "blocks", OTHER_PARTY, CODE)
        for kind in (
            "national_board",
            "branch_board",
            "partijraad",
            "party_office_staff",
            "committee_member",
            "list_candidate",
            "fraction_member",
        )
    ],
    *[
        (
            "fraction_member",
            "national",
            "fraction_member",
            level,
            "any",
            "blocks",
            TWEEDE_KAMER,
            LIST_CALL,
        )
        for level in ("municipal", "provincial", "european")
    ],
    (
        "fraction_member",
        "national",
        "national_board",
        "",
        "any",
        "blocks",
        "Een gekozen Tweede Kamerlid kan niet in het landelijk bestuur zitten: het bestuur moet "
        "de fractie kunnen aanspreken.",
        CODE,
    ),
    *[
        ("side_position", "", kind, "", "any", "warns", SIDE_POSITION, SIDE)
        for kind in ("national_board", "party_office_staff", "fraction_member")
    ],
]


def seed_rules(apps, schema_editor):
    Rule = apps.get_model("integrity", "IncompatibilityRule")
    for kind_a, level_a, kind_b, level_b, scope, severity, explanation, clause in RULES:
        Rule.objects.get_or_create(
            kind_a=kind_a,
            level_a=level_a,
            kind_b=kind_b,
            level_b=level_b,
            scope=scope,
            defaults={"severity": severity, "explanation": explanation, "clause": clause},
        )


class Migration(migrations.Migration):
    dependencies = [("integrity", "0001_positions_register_and_rules")]

    operations = [migrations.RunPython(seed_rules, migrations.RunPython.noop)]
