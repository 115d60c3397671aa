"""Reading the CSV files the party's administration exports (header row; comma, semicolon or
tab separated), shared by every import command."""

import csv
import io
from datetime import date, datetime

from django.utils.translation import gettext as _

from core.errors import ServiceError

DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y")


class RowRejected(Exception):
    """One row cannot be imported; its message (translated) says why."""


def csv_dict_rows(text: str, *, required_columns: tuple[str, ...]) -> csv.DictReader:
    """A DictReader over ``text`` with stripped column names. Raises ServiceError when a
    required column is missing. Data rows start at line 2."""
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    header = [name.strip() for name in (reader.fieldnames or [])]
    missing = [column for column in required_columns if column not in header]
    if missing:
        raise ServiceError(
            _("The file lacks the required column(s): %(columns)s.")
            % {"columns": ", ".join(missing)}
        )
    reader.fieldnames = header
    return reader


def parse_csv_date(value: str, *, column: str, required: bool) -> date | None:
    value = (value or "").strip()
    if not value:
        if required:
            raise RowRejected(_("%(column)s is empty.") % {"column": column})
        return None
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date()  # noqa: DTZ007 - a calendar date
        except ValueError:
            continue
    raise RowRejected(
        _("%(column)s %(value)r is not a date (use YYYY-MM-DD).")
        % {"column": column, "value": value}
    )
