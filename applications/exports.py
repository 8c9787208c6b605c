"""The organizers' export of a list of applications to CSV and XLSX.

Both formats take any queryset of applications (the admin passes the changelist's, so
its filters, search and sort carry over) and read it in chunks as plain values, with the
chosen directions annotated, so memory and the number of queries stay flat however long
the list is."""

import csv
import tempfile
from collections.abc import Iterable, Iterator
from datetime import date, datetime

from django.db.models import OuterRef, QuerySet, Subquery
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from applications import rules
from applications.models import ApplicantRole, Application, ApplicationDirection, ApplicationStatus
from topblog.tracks.models import FederalDistrict

# Rows fetched per round trip: a few MB of memory, and few queries for 8,500 applications.
CHUNK_SIZE = 2000
MAX_DIRECTIONS = 3
# Russian Excel splits a CSV on the system's list separator, which is ";" because ","
# is the decimal separator there; with "," every row would land in one column.
CSV_DELIMITER = ";"
# The BOM tells Excel the file is UTF-8; without it Cyrillic opens as mojibake (cp1251).
CSV_BOM = "\ufeff"
# A cell starting with one of these is run as a formula by spreadsheets (CSV injection);
# applicants type these fields, so such a value is exported with a leading apostrophe.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
DATETIME_FORMAT = "%d.%m.%Y %H:%M"
DATE_FORMAT = "%d.%m.%Y"


class PhoneNumber(str):
    """A phone number in a row, which each format writes so a spreadsheet keeps it as
    text: in XLSX as the pages show it, "+7 912 345-67-89", in a typed text cell; in CSV,
    which cannot type a cell and where Excel reads a leading "+" as a formula, as dialled
    within Russia, "8 (912) 345-67-89"."""


class Audience(int):
    """A number of followers: grouped in thousands where the format can show it (XLSX)."""


def export_headers() -> list[str]:
    return [
        "id", _("ФИО"), "email", _("телефон"), _("роль"), _("регион"), _("ФО"), _("направления"),
        _("подписчиков"), _("статус"), _("подана"), _("дубль"),
    ]


def application_export_rows(
    queryset: QuerySet[Application], *, chunk_size: int = CHUNK_SIZE
) -> Iterator[list]:
    """One row of plain values per application, in the queryset's order: ints, strings and
    naive Moscow-time datetimes (spreadsheets know no time zones)."""
    chosen = ApplicationDirection.objects.filter(application=OuterRef("pk"))
    ranked = {
        f"export_direction_{rank}": Subquery(chosen.filter(rank=rank).values("direction__name")[:1])
        for rank in range(1, MAX_DIRECTIONS + 1)
    }
    values = queryset.annotate(**ranked).values_list(
        "pk", "last_name", "first_name", "patronymic", "applicant__email", "phone", "role",
        "region__name", "region__federal_district", *ranked, "total_followers", "status",
        "submitted_at", "is_possible_duplicate",
    )
    roles = dict(ApplicantRole.choices)
    statuses = dict(ApplicationStatus.choices)
    districts = dict(FederalDistrict.choices)
    yes, no = _("да"), _("нет")
    for row in values.iterator(chunk_size=chunk_size):
        pk, last_name, first_name, patronymic, email, phone, role, region, district = row[:9]
        directions = [d for d in row[9:9 + MAX_DIRECTIONS] if d]
        followers, status, submitted_at, duplicate = row[9 + MAX_DIRECTIONS:]
        yield [
            pk,
            " ".join(p for p in (last_name, first_name, patronymic) if p),
            email,
            PhoneNumber(phone),
            str(roles.get(role, role)),
            region or "",
            str(districts.get(district, district or "")),
            ", ".join(directions),
            Audience(followers),
            str(statuses.get(status, status)),
            timezone.localtime(submitted_at).replace(tzinfo=None) if submitted_at else None,
            yes if duplicate else no,
        ]


def export_filename(extension: str) -> str:
    return f"заявки-{timezone.localdate():%Y-%m-%d}.{extension}"


def applications_csv_response(queryset: QuerySet[Application]) -> StreamingHttpResponse:
    return csv_response(
        headers=export_headers(), rows=application_export_rows(queryset), filename=export_filename("csv")
    )


def applications_xlsx_response(queryset: QuerySet[Application]) -> FileResponse:
    return xlsx_response(
        sheet_title=_("Заявки"), headers=export_headers(), rows=application_export_rows(queryset),
        filename=export_filename("xlsx"),
    )


def csv_response(*, headers: list[str], rows: Iterable[list], filename: str) -> StreamingHttpResponse:
    """A streamed CSV for Excel: UTF-8 with a BOM, ";" between columns, written a row at a
    time, so neither the server nor the database holds the whole list. Later stages'
    organizer exports use it too."""
    response = StreamingHttpResponse(_csv_lines(headers, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def xlsx_response(
    *, sheet_title: str, headers: list[str], rows: Iterable[list], filename: str
) -> FileResponse:
    """An XLSX of ``rows`` under ``headers``, built by openpyxl in write-only mode, which
    streams rows to a temporary file instead of keeping a sheet of cells in memory.
    Applicants' text stays text, never a formula."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title)
    sheet.freeze_panes = "A2"
    sheet.append(headers)
    for row in rows:
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    # Not a context manager: FileResponse closes the file once it is sent.
    output = tempfile.TemporaryFile()  # noqa: SIM115
    workbook.save(output)
    output.seek(0)
    return FileResponse(
        output,
        as_attachment=True,
        filename=filename,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


class _Echo:
    """A file-like object whose write returns the line, so csv.writer can feed a generator."""

    def write(self, value: str) -> str:
        return value


def _csv_lines(headers: list[str], rows: Iterable[list]) -> Iterator[bytes]:
    writer = csv.writer(_Echo(), delimiter=CSV_DELIMITER)
    yield (CSV_BOM + writer.writerow(headers)).encode()
    for row in rows:
        yield writer.writerow([_csv_value(v) for v in row]).encode()


def _csv_value(value) -> str | int:
    if value is None:
        return ""
    if isinstance(value, PhoneNumber):
        return rules.phone_display(value, domestic=True)
    if isinstance(value, datetime):
        return value.strftime(DATETIME_FORMAT)
    if isinstance(value, date):
        return value.strftime(DATE_FORMAT)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _xlsx_cell(sheet, value):
    """The value as is, or a cell where it needs one: a date format, or text kept as text."""
    if isinstance(value, datetime):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "DD.MM.YYYY HH:MM"
        return cell
    if isinstance(value, date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "DD.MM.YYYY"
        return cell
    if isinstance(value, Audience):
        cell = WriteOnlyCell(sheet, value=int(value))
        cell.number_format = "#,##0"
        return cell
    if isinstance(value, PhoneNumber):
        cell = WriteOnlyCell(sheet, value=rules.phone_display(value))
        cell.data_type = "s"
        return cell
    if not isinstance(value, str):
        return value
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if not value.startswith("="):
        return value
    # openpyxl reads a string starting with "=" as a formula; from an applicant it is text.
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    return cell
