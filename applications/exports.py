"""The organizers' export of a list of applications to CSV and XLSX.

Both formats take any queryset of applications (the admin passes the changelist's, so
its filters, search and sort carry over) and read it in chunks as plain values, with the
chosen directions annotated, so memory and the number of queries stay flat however long
the list is."""

from collections.abc import Iterator

from django.db.models import OuterRef, QuerySet, Subquery
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl.cell import WriteOnlyCell

from applications import rules
from applications.models import ApplicantRole, Application, ApplicationDirection, ApplicationStatus
from topblog.backoffice.exports import csv_response, xlsx_response
from topblog.tracks.models import FederalDistrict

# Rows fetched per round trip: a few MB of memory, and few queries for 8,500 applications.
CHUNK_SIZE = 2000
MAX_DIRECTIONS = 3


class PhoneNumber(str):
    """A phone number in a row, which each format writes so a spreadsheet keeps it as
    text: in XLSX as the pages show it, "+7 912 345-67-89", in a typed text cell; in CSV,
    which cannot type a cell and where Excel reads a leading "+" as a formula, as dialled
    within Russia, "8 (912) 345-67-89"."""

    def csv_value(self) -> str:
        return rules.phone_display(self, domestic=True)

    def xlsx_cell(self, sheet) -> WriteOnlyCell:
        cell = WriteOnlyCell(sheet, value=rules.phone_display(self))
        cell.data_type = "s"
        return cell


class Audience(int):
    """A number of followers: grouped in thousands where the format can show it (XLSX)."""

    def csv_value(self) -> int:
        return int(self)

    def xlsx_cell(self, sheet) -> WriteOnlyCell:
        cell = WriteOnlyCell(sheet, value=int(self))
        cell.number_format = "#,##0"
        return cell


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
