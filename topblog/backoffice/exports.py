"""Organizers' downloads as Excel reads them, shared by every stage's admin: a CSV
streamed a row at a time and an XLSX written by openpyxl in write-only mode, so neither
the server nor the database holds a whole long list.

A value that must be written differently in each format (a phone number, a follower
count) is a small type with ``csv_value()`` and ``xlsx_cell(sheet)`` of its own."""

import csv
import tempfile
from collections.abc import Iterable, Iterator
from datetime import date, datetime

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

# Russian Excel splits a CSV on the system's list separator, which is ";" because ","
# is the decimal separator there; with "," every row would land in one column.
CSV_DELIMITER = ";"
# The BOM tells Excel the file is UTF-8; without it Cyrillic opens as mojibake (cp1251).
CSV_BOM = "\ufeff"
# A cell starting with one of these is run as a formula by spreadsheets (CSV injection);
# people type these fields, so such a value is exported with a leading apostrophe.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
DATETIME_FORMAT = "%d.%m.%Y %H:%M"
DATE_FORMAT = "%d.%m.%Y"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def csv_response(*, headers: Iterable, rows: Iterable[Iterable], filename: str) -> StreamingHttpResponse:
    """A streamed CSV for Excel: UTF-8 with a BOM, ";" between columns."""
    response = StreamingHttpResponse(csv_lines(headers, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def csv_lines(headers: Iterable, rows: Iterable[Iterable]) -> Iterator[bytes]:
    writer = csv.writer(_Echo(), delimiter=CSV_DELIMITER)
    yield (CSV_BOM + writer.writerow([str(h) for h in headers])).encode()
    for row in rows:
        yield writer.writerow([csv_value(v) for v in row]).encode()


def csv_value(value) -> str | int | float:
    if value is None:
        return ""
    if hasattr(value, "csv_value"):
        return value.csv_value()
    if isinstance(value, datetime):
        return _local(value).strftime(DATETIME_FORMAT)
    if isinstance(value, date):
        return value.strftime(DATE_FORMAT)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value if isinstance(value, int | float | str) else str(value)


def xlsx_response(
    *, sheet_title: str, headers: Iterable, rows: Iterable[Iterable], filename: str
) -> FileResponse:
    """An XLSX of ``rows`` under ``headers``; rows are streamed to a temporary file
    instead of keeping a sheet of cells in memory. People's text stays text, never a
    formula."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(str(sheet_title)[:31])
    sheet.freeze_panes = "A2"
    sheet.append([str(h) for h in headers])
    for row in rows:
        sheet.append([xlsx_cell(sheet, value) for value in row])
    # Not a context manager: FileResponse closes the file once it is sent.
    output = tempfile.TemporaryFile()  # noqa: SIM115
    workbook.save(output)
    output.seek(0)
    return FileResponse(output, as_attachment=True, filename=filename, content_type=XLSX_TYPE)


def xlsx_cell(sheet, value):
    """The value as is, or a cell where it needs one: a date format, or text kept as text."""
    if hasattr(value, "xlsx_cell"):
        return value.xlsx_cell(sheet)
    if isinstance(value, datetime | date):
        cell = WriteOnlyCell(sheet, value=_local(value) if isinstance(value, datetime) else value)
        cell.number_format = "DD.MM.YYYY HH:MM" if isinstance(value, datetime) else "DD.MM.YYYY"
        return cell
    if value is None or isinstance(value, int | float):
        return value
    value = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    if not value.startswith("="):
        return value
    # openpyxl reads a string starting with "=" as a formula; from a person it is text.
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    return cell


def _local(moment: datetime) -> datetime:
    """Moscow time without a zone, as the pages show it: spreadsheets know no time zones."""
    return timezone.localtime(moment).replace(tzinfo=None) if timezone.is_aware(moment) else moment


class _Echo:
    """A file-like object whose write returns the line, so csv.writer can feed a generator."""

    def write(self, value: str) -> str:
        return value
