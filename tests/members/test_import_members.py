from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from core.models import AuditEntry
from members.models import Member
from members.services import member_import_rows, member_link_user
from tests.factories import MemberFactory, UserFactory

HEADER = (
    "membership_number,first_name,name_prefix,last_name,email,branch,joined_on,status,"
    "dues_paid_until\n"
)
GOOD_ROWS = (
    "300001,Fatima,,El Amrani,fatima@example.org,Amsterdam,2020-01-15,actief,2026-12-31\n"
    "300002,Daan,van der,Meer,daan@example.org,Utrecht,03-04-2022,,\n"
)
BAD_ROWS = (
    ",Nobody,,Without Number,nobody@example.org,,2020-01-01,,\n"
    "300003,Bad,,Email,not-an-email,,2020-01-01,,\n"
    "300004,Bad,,Date,bad.date@example.org,,31-31-2020,,\n"
    "300005,Bad,,Status,bad.status@example.org,,2020-01-01,royaal,\n"
    "300001,Double,,Row,double@example.org,,2020-01-01,,\n"
)


def run_import(tmp_path, text: str, language: str = "en") -> str:
    path = tmp_path / "leden.csv"
    path.write_text(text, encoding="utf-8")
    out = StringIO()
    with translation.override(language):
        call_command("import_members", str(path), stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_import_creates_good_rows_and_reports_bad_ones(tmp_path):
    output = run_import(tmp_path, HEADER + GOOD_ROWS + BAD_ROWS)

    assert "created 2, updated 0, unchanged 0, rejected 5" in output
    assert "line 4: rejected: membership_number is empty." in output
    assert "line 5: rejected: e-mail address 'not-an-email' is not valid." in output
    assert "line 6: rejected: joined_on '31-31-2020' is not a date" in output
    assert "line 7: rejected: unknown status 'royaal'." in output
    assert "line 8: rejected: membership number 300001 appears more than once" in output
    daan = Member.objects.get(membership_number="300002")
    assert daan.full_name == "Daan van der Meer"
    assert daan.joined_on == date(2022, 4, 3)
    assert daan.status == Member.Status.ACTIVE
    assert daan.dues_paid_until is None
    assert Member.objects.count() == 2
    assert AuditEntry.objects.filter(action="members.import").get().data["rejected"] == 5


@pytest.mark.django_db
def test_rejection_reasons_are_translated(tmp_path):
    output = run_import(tmp_path, HEADER + BAD_ROWS, language="nl")

    assert "line 2: rejected: membership_number (lidnummer) is leeg." in output
    assert "e-mailadres 'not-an-email' is ongeldig." in output


@pytest.mark.django_db
def test_import_is_idempotent_and_updates_changed_rows(tmp_path):
    run_import(tmp_path, HEADER + GOOD_ROWS)

    again = run_import(tmp_path, HEADER + GOOD_ROWS)
    changed = run_import(
        tmp_path,
        HEADER + GOOD_ROWS.replace("Utrecht,03-04-2022,,", "Utrecht,03-04-2022,opgezegd,"),
    )

    assert "created 0, updated 0, unchanged 2, rejected 0" in again
    assert "created 0, updated 1, unchanged 1, rejected 0" in changed
    assert Member.objects.get(membership_number="300002").status == Member.Status.ENDED


@pytest.mark.django_db
def test_import_accepts_semicolons_as_spreadsheets_export_them(tmp_path):
    output = run_import(tmp_path, (HEADER + GOOD_ROWS).replace(",", ";"))

    assert "created 2" in output


@pytest.mark.django_db
def test_import_refuses_a_file_without_the_required_columns(tmp_path):
    path = tmp_path / "leden.csv"
    path.write_text("nummer,naam\n1,Iemand\n", encoding="utf-8")

    with (
        translation.override("en"),
        pytest.raises(CommandError, match="membership_number, first_name, last_name, email"),
    ):
        call_command("import_members", str(path))
    assert Member.objects.count() == 0


@pytest.mark.django_db
def test_import_links_members_to_accounts_by_verified_email(tmp_path):
    verified = UserFactory(email="fatima@example.org")
    unverified = UserFactory(email="daan@example.org", verified=False)

    output = run_import(tmp_path, HEADER + GOOD_ROWS)

    assert "linked to accounts 1" in output
    assert Member.objects.get(membership_number="300001").user == verified
    assert Member.objects.get(membership_number="300002").user is None
    assert not hasattr(unverified, "member")


@pytest.mark.django_db
def test_a_shared_address_links_nobody():
    MemberFactory(email="gezin@example.org")
    MemberFactory(email="gezin@example.org")
    user = UserFactory(email="gezin@example.org")

    assert member_link_user(user=user) is None
    assert Member.objects.filter(user__isnull=False).count() == 0


@pytest.mark.django_db
def test_import_costs_the_same_queries_for_5_or_200_rows():
    def rows(count: int, start: int) -> list[dict]:
        return [
            {
                "membership_number": str(start + i),
                "first_name": "A",
                "last_name": "B",
                "email": f"row{start + i}@example.org",
                "joined_on": "2020-01-01",
            }
            for i in range(count)
        ]

    with CaptureQueriesContext(connection) as small:
        member_import_rows(rows=rows(5, 1000))
    with CaptureQueriesContext(connection) as large:
        member_import_rows(rows=rows(200, 5000))

    assert len(large.captured_queries) == len(small.captured_queries)
    assert Member.objects.count() == 205


@pytest.mark.django_db
def test_imported_names_are_cleaned_and_an_overlong_value_rejects_only_its_row(tmp_path):
    """A register exported from another system brings tabs, bidi controls and zero-width
    characters into names that go on ballots; a 200-character name once made the whole
    import fail at the database."""
    tricky = "300010,\u202eAna\u200b\t,,  de\u00a0Vries\u2066 ,ana@example.org,,2020-01-01,,\n"
    overlong = f"300011,{'A' * 101},,Long,long@example.org,,2020-01-01,,\n"

    output = run_import(tmp_path, HEADER + tricky + overlong + GOOD_ROWS, language="nl")

    assert "line 3: rejected: first_name is langer dan 100 tekens." in output
    ana = Member.objects.get(membership_number="300010")
    assert (ana.first_name, ana.last_name) == ("Ana", "de Vries")
    assert Member.objects.count() == 3
