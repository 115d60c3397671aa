"""The candidate list for the members and the Kiesraad: real WeasyPrint output read back as
text, real spreadsheets read back, and the checks that block an export."""

import csv
import io
import re
from datetime import datetime, timedelta

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext
from openpyxl import load_workbook
from pypdf import PdfReader

from applications.models import Application
from core.models import AuditEntry
from exports.findings import Level, Variant, list_findings
from exports.selectors import candidate_list
from exports.services import ExportBlocked, ExportFormat, candidate_list_export
from exports.spreadsheet import HEADERS
from review.selectors import committee_of
from review.services import (
    concept_list_details_save,
    concept_list_record_adoption,
    concept_list_save,
)
from tests.conftest import sign_in_with_second_factor
from tests.exports.conftest import pdf_text
from tests.factories import ApplicationFactory, UserFactory, seat_ready, submitted

pytestmark = pytest.mark.django_db

PRINTED = [
    "van der Meer, E. (Eva) (v)",
    "Mensah, K.A. (Kwame) (m)",
    "de Vries, A.B. (Anna) (v)",
    "Peeters, S.M. (Zoë) (v)",
    "Dijkstra, IJ. (IJsbrand) (m)",
]


def nl(message: str) -> str:
    with translation.override("nl"):
        return gettext(message)


def url(name: str, data) -> str:
    return reverse(f"exports:candidate_list_{name}", args=[data["vacancy"].pk])


def set_details(data, index: int, **detail) -> None:
    application = data["applications"][index]
    entry = application.list_entry
    current = {"consent": entry.consent_received_at is not None, "gender": application.list_gender}
    concept_list_details_save(
        concept_list=data["list"],
        details={application.pk: {**current, **detail}},
        actor=data["chair"],
    )


def export(data, file_format, internal=False, language="nl"):
    return candidate_list_export(
        vacancy=data["vacancy"],
        file_format=file_format,
        internal=internal,
        actor=None,
        language=language,
    )


def positions_in(text: str, needles: list[str]) -> list[int]:
    return [text.index(needle) for needle in needles]


def test_the_members_pdf_prints_every_place_in_order_the_kiesraad_way(client, kiesraad_list):
    sign_in_with_second_factor(client, kiesraad_list["board"])

    response = client.get(url("pdf", kiesraad_list))

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text, metadata = pdf_text(response.content)
    assert positions_in(text, PRINTED) == sorted(positions_in(text, PRINTED))
    assert "Gent (BE)" in text and "Nijmegen" in text
    assert re.search(r"Dijkstra, IJ\. \(IJsbrand\) \(m\)\s*\(" + nl("list pusher"), text)
    assert nl("Concept list — not yet adopted by the ALV") in text
    assert re.search(nl("page") + r"\s1\s/\s1", text)
    # Nothing of the internal version: no consent column, no dates of birth.
    assert nl("Consent (H 9)") not in text and "14-08-1993" not in text
    assert "Tweede Kamer 2027" in metadata.title and metadata.author == settings.PARTY_NAME
    assert AuditEntry.objects.filter(action="exports.candidate_list_pdf").count() == 1


def test_the_pdf_is_tagged_for_screen_readers(kiesraad_list):
    root = PdfReader(io.BytesIO(export(kiesraad_list, ExportFormat.PDF).content)).trailer["/Root"]

    assert root["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in root
    assert root["/Lang"] == "nl"


def test_the_gender_marker_shows_for_all_or_for_none(kiesraad_list):
    set_details(kiesraad_list, 2, gender="")

    text, _metadata = pdf_text(export(kiesraad_list, ExportFormat.PDF).content)
    rows = list(
        csv.reader(io.StringIO(export(kiesraad_list, "csv").content.decode()), delimiter=";")
    )

    assert "de Vries, A.B. (Anna)" in text and "Mensah, K.A. (Kwame)" in text
    assert "(m)" not in text and "(v)" not in text
    assert {row[HEADERS.index("geslacht")] for row in rows[1:]} == {""}
    warnings = export(kiesraad_list, ExportFormat.PDF, language="en").warnings
    assert any("1 of 5" in finding.message for finding in warnings)


def test_the_internal_pdf_tracks_consent_which_the_members_pdf_requires(client, kiesraad_list):
    set_details(kiesraad_list, 1, consent=False)
    sign_in_with_second_factor(client, kiesraad_list["chair"])

    members = client.get(url("pdf", kiesraad_list))
    internal = client.get(url("internal_pdf", kiesraad_list))

    assert members.status_code == 409
    assert "Content-Disposition" not in members
    assert nl("No signed consent (model H 9) received yet.") in members.content.decode()
    assert internal.status_code == 200
    text, _metadata = pdf_text(internal.content)
    assert nl("Consent (H 9)") in text and nl("missing") in text
    assert "14-08-1993" in text  # dates of birth, to check against the passports
    place = nl("Place %(place)s") % {"place": 2}
    missing = nl("No signed consent (model H 9) received yet.")[:20]
    assert re.search(re.escape(place) + r":\s" + re.escape(missing), text)


def test_an_adopted_list_is_titled_candidate_list(kiesraad_list):
    adopted_at = timezone.now() - timedelta(days=1)
    concept_list_record_adoption(
        concept_list=kiesraad_list["list"], adopted_at=adopted_at, actor=kiesraad_list["board"]
    )

    text, metadata = pdf_text(export(kiesraad_list, ExportFormat.PDF).content)

    with translation.override("nl"):
        day = date_format(timezone.localtime(adopted_at), "j F Y")
    assert nl("Adopted by the ALV on %(day)s") % {"day": day} in text
    assert nl("Concept list — not yet adopted by the ALV") not in text
    assert metadata.title == f"{nl('Candidate list')}: Tweede Kamer 2027"


def test_the_csv_has_the_documented_columns_and_values(client, kiesraad_list):
    sign_in_with_second_factor(client, kiesraad_list["board"])

    response = client.get(url("csv", kiesraad_list))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="kandidatenlijst-tk-2027.csv"'
    assert not response.content.startswith(b"\xef\xbb\xbf")  # UTF-8 without a BOM
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8")), delimiter=";"))
    assert rows[0] == [
        "nummer",
        "voorletters",
        "roepnaam",
        "voorvoegsel",
        "achternaam",
        "woonplaats",
        "landcode",
        "geboortedatum",
        "geslacht",
    ]
    assert rows[1] == ["1", "E.", "Eva", "van der", "Meer", "Nijmegen", "NL", "14-08-1993", "v"]
    assert rows[4] == ["4", "S.M.", "Zoë", "", "Peeters", "Gent", "BE", "04-03-1988", "v"]
    assert rows[5][:2] == ["5", "IJ."] and len(rows) == 6


def test_the_xlsx_has_the_same_columns_with_real_dates(client, kiesraad_list):
    sign_in_with_second_factor(client, kiesraad_list["chair"])

    response = client.get(url("xlsx", kiesraad_list))

    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS
    assert rows[2] == (
        2,
        "K.A.",
        "Kwame",
        None,
        "Mensah",
        "Amsterdam",
        "NL",
        datetime(1983, 7, 21),
        "m",
    )
    assert sheet["H2"].number_format == "DD-MM-YYYY"
    assert workbook.properties.creator == settings.PARTY_NAME
    assert len(rows) == 6


def test_the_spreadsheet_leaves_the_party_tracking_out(kiesraad_list):
    set_details(kiesraad_list, 0, consent=True)

    content = export(kiesraad_list, ExportFormat.CSV).content.decode()

    assert "consent" not in content.lower() and "lijstduwer" not in content.lower()
    assert str(timezone.localdate().year) not in content  # no consent dates


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"initials": ""}, "No initials."),
        ({"initials": "Th."}, "The initial Th. has more than one letter"),
        ({"initials": "W-A"}, "The initial -. is not a letter."),
        ({"last_name": ""}, "No surname."),
        ({"date_of_birth": None}, "No date of birth."),
        ({"place_of_residence": ""}, "No place of residence."),
        ({"country": "B"}, "is not a two-letter code"),
    ],
)
def test_errors_in_a_name_or_personal_details_block_every_export(kiesraad_list, change, message):
    Application.objects.filter(pk=kiesraad_list["applications"][3].pk).update(**change)

    for file_format in ExportFormat:
        with pytest.raises(ExportBlocked) as blocked:
            export(kiesraad_list, file_format, language="en")
        errors = [f for f in blocked.value.findings if f.level == Level.ERROR]
        assert [f.position for f in errors] == [4]
        assert message in errors[0].message
    assert not AuditEntry.objects.filter(action__startswith="exports.candidate_list").exists()


def test_list_size_duplicates_and_age_are_checked(kiesraad_list):
    first, twin, young = kiesraad_list["applications"][:3]
    kiesraad_list["list"].max_size = 4
    kiesraad_list["list"].save()
    Application.objects.filter(pk=twin.pk).update(
        initials="e", name_prefix="van der", last_name="Meer", date_of_birth=first.date_of_birth
    )
    Application.objects.filter(pk=young.pk).update(
        date_of_birth=timezone.localdate() - timedelta(days=17 * 366)
    )

    listing = candidate_list(vacancy=kiesraad_list["vacancy"])
    with translation.override("en"):
        findings = list_findings(listing, variant=Variant.MEMBERS)

    assert [(f.level, f.position) for f in findings] == [
        (Level.ERROR, None),  # 5 places, the list allows 4
        (Level.ERROR, 2),  # the same person as place 1
        (Level.WARNING, 1),  # "Van der" is printed in lowercase
        (Level.WARNING, 3),  # younger than 18
    ]
    assert "at most 4" in findings[0].message and "place 1" in findings[1].message


def test_a_missing_consent_is_an_error_except_in_the_internal_pdf(kiesraad_list):
    set_details(kiesraad_list, 4, consent=False)
    listing = candidate_list(vacancy=kiesraad_list["vacancy"])

    levels = {
        variant: [f.level for f in list_findings(listing, variant=variant) if f.position == 5]
        for variant in Variant
    }

    assert levels == {
        Variant.KIESRAAD: [Level.ERROR],
        Variant.MEMBERS: [Level.ERROR],
        Variant.INTERNAL: [Level.WARNING],
    }


def test_the_command_writes_the_file_or_exits_with_the_errors(kiesraad_list, tmp_path, capsys):
    out = tmp_path / "lijst.xlsx"
    call_command("export_candidate_list", "tk-2027", "--format", "xlsx", "--out", str(out))
    assert load_workbook(out).active["E2"].value == "Meer"

    Application.objects.filter(pk=kiesraad_list["applications"][0].pk).update(initials="")
    blocked = tmp_path / "blocked.pdf"
    with pytest.raises(CommandError):
        call_command(
            "export_candidate_list",
            str(kiesraad_list["vacancy"].pk),
            "--format",
            "pdf",
            "--out",
            str(blocked),
        )
    assert not blocked.exists()
    assert "error: place 1: " in capsys.readouterr().err


def test_only_the_board_and_the_managing_committee_members_export(client, kiesraad_list):
    member = UserFactory(password=None)
    seat_ready(committee_of(vacancy_id=kiesraad_list["vacancy"].pk), member)

    assert client.get(url("csv", kiesraad_list)).status_code == 302  # to the sign-in page
    sign_in_with_second_factor(client, member)
    assert client.get(url("csv", kiesraad_list)).status_code == 403


def test_the_list_is_read_in_two_queries_whatever_its_length(kiesraad_list):
    vacancy, chair = kiesraad_list["vacancy"], kiesraad_list["chair"]
    with CaptureQueriesContext(connection) as short:
        candidate_list(vacancy=vacancy)
    more = [
        submitted(ApplicationFactory(vacancy=vacancy, applicant__password=None)) for _ in range(15)
    ]
    everyone = [*kiesraad_list["applications"][:4], *more]
    concept_list_save(
        concept_list=kiesraad_list["list"],
        places=[{"application_id": a.pk} for a in everyone],
        actor=chair,
    )

    with CaptureQueriesContext(connection) as long:
        listing = candidate_list(vacancy=vacancy)

    assert len(listing.candidates) == 19
    assert len(short) == len(long) == 2
