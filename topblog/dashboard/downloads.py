"""Any table of the dashboard as a CSV or XLSX file, for copying into a report.

A count with its share ("812 (45 %)" on the page) becomes two columns, so a spreadsheet
can sum and chart them; shares go out as numbers (0.45) formatted as percentages in XLSX
and as percent figures in CSV."""

import csv
import io
from datetime import datetime

from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from topblog.backoffice.exports import CSV_BOM, CSV_DELIMITER, FORMULA_STARTS, XLSX_TYPE
from topblog.dashboard.figures import Cell, CountShare, Share, Table
from topblog.dashboard.funnel import number


def _shared_columns(table: Table) -> set[int]:
    """Columns holding counts with shares: each gets a share column after it."""
    return {i for row in table.rows for i, cell in enumerate(row) if isinstance(cell, CountShare)}


def _layout(table: Table) -> tuple[list[str], set[int]]:
    """The file's header and the positions of its share columns."""
    shared = _shared_columns(table)
    ratios = {i for row in table.rows for i, cell in enumerate(row) if isinstance(cell, Share)}
    header, shares = [], set()
    for index, column in enumerate(table.columns):
        if index in ratios:
            shares.add(len(header))
        header.append(column)
        if index in shared:
            shares.add(len(header))
            header.append(_("%(column)s: доля, %%") % {"column": column})
    return header, shares


def _values(row: tuple[Cell, ...], shared: set[int]) -> list:
    """The row's plain values in the header's columns; shares as ratios."""
    values = []
    for index, cell in enumerate(row):
        if isinstance(cell, CountShare):
            values += [cell.count, cell.share]
        elif isinstance(cell, Share):
            values.append(cell.value)
        else:
            values += [cell, None] if index in shared else [cell]
    return values


def _filename(table: Table, extension: str) -> str:
    return f"{table.key}-{timezone.localdate():%Y-%m-%d}.{extension}"


def _title_row(table: Table, computed_at: datetime) -> list[str]:
    moment = timezone.localtime(computed_at).strftime("%d.%m.%Y %H:%M")
    return [table.caption, _("данные на %(time)s") % {"time": moment}]


def table_csv(table: Table, *, computed_at: datetime) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=CSV_DELIMITER)
    header, shares = _layout(table)
    shared = _shared_columns(table)
    writer.writerow(_title_row(table, computed_at))
    writer.writerow(header)
    for row in table.rows:
        writer.writerow([
            _csv_value(value, share=position in shares) for position, value in enumerate(_values(row, shared))
        ])
    response = HttpResponse(CSV_BOM + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, _filename(table, "csv"))
    return response


def _csv_value(value, *, share: bool) -> str | int:
    if value is None:
        return ""
    if share:
        return number(value * 100, 1, grouped=False)
    if isinstance(value, float):
        return number(value, 1, grouped=False)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def table_xlsx(table: Table, *, computed_at: datetime) -> HttpResponse:
    workbook = Workbook()
    sheet = workbook.active
    # A sheet's name is at most 31 characters and no "[]:*?/\\".
    sheet.title = "".join(c for c in table.caption if c not in "[]:*?/\\")[:31] or table.key[:31]
    header, shares = _layout(table)
    shared = _shared_columns(table)
    sheet.append(_title_row(table, computed_at))
    sheet.append(header)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "B3"
    for row in table.rows:
        sheet.append(_values(row, shared))
        for position, cell in enumerate(sheet[sheet.max_row]):
            if position in shares:
                cell.number_format = "0.0%"
            elif isinstance(cell.value, str) and cell.value.startswith("="):
                # openpyxl would store it as a formula; it is a label.
                cell.data_type = "s"
    widest = max((len(str(row[0])) for row in table.rows), default=10)
    sheet.column_dimensions["A"].width = min(48, widest + 2)
    output = io.BytesIO()
    workbook.save(output)
    response = HttpResponse(output.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, _filename(table, "xlsx"))
    return response
