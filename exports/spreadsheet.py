"""The candidate list as a spreadsheet for the Kiesraad's submission software: CSV and XLSX
with the same columns (docs/kiesraad-export.md). The party's own tracking (consent, list
pushers) stays out: the Kiesraad's form has no place for it. Names are cleaned
(``core.text.clean_name``) and no cell can be a formula (``core.spreadsheet_safe``)."""

import io
from collections.abc import Callable
from datetime import date

from core.spreadsheet_safe import append_safe_row, safe_csv_writer
from core.text import clean_name
from exports.kiesraad import date_for_list
from exports.selectors import CandidateList, ListCandidate

CSV_DELIMITER = ";"
XLSX_DATE_FORMAT = "DD-MM-YYYY"

Cell = Callable[[ListCandidate, bool], object]

# The candidate columns and their order of the Kiesraad's candidate-list import (e-KS), after
# the place number; the e-KS columns we never hold (BSN, correspondence address, the
# representative of a candidate abroad) are left out.
COLUMNS: list[tuple[str, Cell]] = [
    ("nummer", lambda c, gender: c.position),
    ("voorletters", lambda c, gender: clean_name(c.initials)),
    ("roepnaam", lambda c, gender: clean_name(c.first_name)),
    ("voorvoegsel", lambda c, gender: clean_name(c.prefix)),
    ("achternaam", lambda c, gender: clean_name(c.last_name)),
    ("woonplaats", lambda c, gender: clean_name(c.place_of_residence)),
    ("landcode", lambda c, gender: clean_name(c.country)),
    ("geboortedatum", lambda c, gender: c.date_of_birth),
    ("geslacht", lambda c, gender: c.gender if gender else ""),
]
HEADERS = [header for header, _cell in COLUMNS]


def _rows(listing: CandidateList) -> list[list]:
    gender = listing.shows_gender
    return [[cell(c, gender) for _header, cell in COLUMNS] for c in listing.candidates]


def candidate_list_csv(listing: CandidateList) -> bytes:
    """UTF-8 without a byte-order mark, ``;``-separated, dates as 07-03-1990."""
    buffer = io.StringIO()
    writer = safe_csv_writer(buffer, delimiter=CSV_DELIMITER)
    writer.writerow(HEADERS)
    for row in _rows(listing):
        writer.writerow([date_for_list(v) if isinstance(v, date) else v for v in row])
    return buffer.getvalue().encode("utf-8")


def candidate_list_xlsx(listing: CandidateList, *, title: str, author: str) -> bytes:
    """One sheet, a bold header row that stays in view, dates as real date cells."""
    # Imported here, as WeasyPrint is: openpyxl brings numpy, a second at every worker's start.
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Kandidatenlijst"
    append_safe_row(sheet, HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    date_column = HEADERS.index("geboortedatum") + 1
    for row in _rows(listing):
        append_safe_row(sheet, row)
        sheet.cell(row=sheet.max_row, column=date_column).number_format = XLSX_DATE_FORMAT
    sheet.freeze_panes = "A2"
    for letter, width in zip("ABCDEFGHI", (8, 12, 14, 12, 24, 20, 9, 14, 9), strict=True):
        sheet.column_dimensions[letter].width = width
    workbook.properties.title = title
    workbook.properties.creator = author
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
