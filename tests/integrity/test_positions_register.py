from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import translation

from integrity.models import Level, Position, PositionKind
from tests.factories import PositionFactory, UserFactory

CSV = (
    "email,name,kind,body,branch,level,role,paid,hours_per_week,starts_on,ends_on\n"
    "Sam@Example.org,Sam de Wit,national_board,Landelijk bestuur,,,penningmeester,nee,,"
    "2024-06-01,\n"
    "sam@example.org,Sam de Wit,Lid van de partijraad,Partijraad,,,,,,,\n"
    "noor@example.org,Noor Bakker,fraction_member,Fractie Utrecht,Utrecht,gemeentelijk,,ja,"
    '"12,5",01-01-2022,\n'
    "bad,Iemand,national_board,Bestuur,,,,,,,\n"
    "x@example.org,Iemand,koning,Hof,,,,,,,\n"
    "y@example.org,Iemand,fraction_member,Fractie,,maan,,,,,\n"
    "z@example.org,Iemand,national_board,Bestuur,,,,,,2025-01-01,2024-01-01\n"
)


def run_import(tmp_path, text: str) -> str:
    path = tmp_path / "functies.csv"
    path.write_text(text, encoding="utf-8")
    out = StringIO()
    with translation.override("en"):
        call_command("import_positions", str(path), stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_import_positions_with_codes_or_dutch_labels_and_reports_bad_rows(tmp_path):
    output = run_import(tmp_path, CSV)

    assert "created 3, updated 0, unchanged 0, rejected 4" in output
    assert "line 5: rejected: e-mail address 'bad' is not valid." in output
    assert "line 6: rejected: unknown kind of position 'koning'." in output
    assert "line 7: rejected: unknown level 'maan'." in output
    assert "line 8: rejected: ends_on lies before starts_on." in output
    noor = Position.objects.get(email="noor@example.org")
    assert (noor.kind, noor.level, noor.is_paid, str(noor.hours_per_week)) == (
        PositionKind.FRACTION_MEMBER,
        Level.MUNICIPAL,
        True,
        "12.5",
    )
    assert Position.objects.filter(email="sam@example.org").count() == 2


@pytest.mark.django_db
def test_import_positions_is_idempotent_and_links_accounts(tmp_path):
    user = UserFactory(email="noor@example.org")
    run_import(tmp_path, CSV)

    again = run_import(tmp_path, CSV.replace("penningmeester", "voorzitter"))

    assert "created 0, updated 1, unchanged 2, rejected 4" in again
    assert Position.objects.get(kind="national_board").role == "voorzitter"
    assert Position.objects.get(email="noor@example.org").user == user


@pytest.mark.django_db
def test_the_board_sees_the_double_functions_report(staff_client):
    PositionFactory(email="dubbel@example.org", name="Dubbel Persoon", kind="national_board")
    PositionFactory(
        email="dubbel@example.org", name="Dubbel Persoon", kind="partijraad", body="Partijraad"
    )

    listing = staff_client.get("/admin/integrity/position/")
    report = staff_client.get("/admin/integrity/position/double-functions/")

    assert "/admin/integrity/position/double-functions/" in listing.content.decode()
    page = report.content.decode()
    assert "Dubbel Persoon" in page
    assert (
        "Leden van het partijbestuur en van fracties kunnen geen lid zijn van de partijraad."
        in page
    )


@pytest.mark.django_db
def test_the_report_is_not_for_people_without_admin_access(client):
    client.force_login(UserFactory())

    response = client.get("/admin/integrity/position/double-functions/", follow=True)

    assert response.status_code == 403
