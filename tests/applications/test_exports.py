"""Exports of the organizers' applications list to CSV and XLSX."""

import csv
import io
from datetime import datetime

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from applications import exports
from applications.models import ApplicantRole, Application, ApplicationStatus
from tests.factories import ApplicationFactory, SocialAccountFactory, applicant, choose_directions, organizer
from topblog.tracks.models import Direction, Region

pytestmark = pytest.mark.django_db

CSV_URL = "admin:applications_application_export_csv"
XLSX_URL = "admin:applications_application_export_xlsx"
HEADER = [
    "id",
    "ФИО",
    "email",
    "телефон",
    "роль",
    "регион",
    "ФО",
    "направления",
    "подписчиков",
    "статус",
    "подана",
    "дубль",
]
SUBMITTED_AT = datetime(2026, 3, 2, 9, 15, tzinfo=timezone.get_fixed_timezone(0))  # 12:15 in Moscow


def submitted(**kwargs) -> Application:
    if kwargs.get("role") == ApplicantRole.OFFICIAL:
        # A submitted official names their ministry (a database constraint).
        kwargs.setdefault("ministry_direction", Direction.objects.get(code="culture"))
    return ApplicationFactory(status=ApplicationStatus.SUBMITTED, submitted_at=SUBMITTED_AT, **kwargs)


def csv_rows(response) -> list[list[str]]:
    body = b"".join(response.streaming_content)
    assert body.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))


def xlsx_rows(response) -> list[tuple]:
    body = b"".join(response.streaming_content)
    sheet = load_workbook(io.BytesIO(body), read_only=True).active
    return [tuple(cell.value for cell in row) for row in sheet.iter_rows()]


@pytest.fixture
def staff_client(client):
    client.force_login(organizer())
    return client


@pytest.fixture
def anna() -> Application:
    application = submitted(
        last_name="Соколова",
        first_name="Анна",
        patronymic="Игоревна",
        phone="+79161234567",
        applicant=applicant(email="anna@example.ru"),
        total_followers=15300,
        is_possible_duplicate=True,
        region=Region.objects.get(code="25"),
    )
    choose_directions(application, "tourism", "culture")
    return application


def test_csv_has_the_columns_for_russian_excel(staff_client, anna):
    response = staff_client.get(reverse(CSV_URL))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"] and ".csv" in response["Content-Disposition"]
    header, row = csv_rows(response)
    assert header == HEADER
    assert row == [
        str(anna.pk),
        "Соколова Анна Игоревна",
        "anna@example.ru",
        "8 (916) 123-45-67",
        "Блогер",
        "Приморский край",
        "Дальневосточный",
        "Туризм, Культура и креативные индустрии",
        "15300",
        "Подана",
        "02.03.2026 12:15",
        "да",
    ]


def test_xlsx_has_the_same_columns_with_typed_cells(staff_client, anna):
    response = staff_client.get(reverse(XLSX_URL))

    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert ".xlsx" in response["Content-Disposition"]
    header, row = xlsx_rows(response)
    assert list(header) == HEADER
    assert row == (
        anna.pk,
        "Соколова Анна Игоревна",
        "anna@example.ru",
        "+7 916 123-45-67",
        "Блогер",
        "Приморский край",
        "Дальневосточный",
        "Туризм, Культура и креативные индустрии",
        15300,
        "Подана",
        datetime(2026, 3, 2, 12, 15),
        "да",
    )


def test_phones_open_in_excel_as_text_and_audiences_as_grouped_numbers(staff_client, anna):
    csv_phone = csv_rows(staff_client.get(reverse(CSV_URL)))[1][3]
    assert csv_phone == "8 (916) 123-45-67", "no «'» and no «+», which Excel would read as a formula"
    sheet = load_workbook(io.BytesIO(b"".join(staff_client.get(reverse(XLSX_URL)).streaming_content))).active
    phone, followers = sheet.cell(row=2, column=4), sheet.cell(row=2, column=9)
    assert (phone.value, phone.data_type) == ("+7 916 123-45-67", "s")
    assert (followers.value, followers.number_format) == (15300, "#,##0")


def test_export_follows_the_lists_filters_search_and_sort(staff_client, anna):
    official = submitted(last_name="Орлов", role=ApplicantRole.OFFICIAL)
    submitted(last_name="Белов", role=ApplicantRole.OFFICIAL)
    draft = ApplicationFactory(last_name="Абрамова")
    SocialAccountFactory(application=draft, url="https://t.me/abramova_blog")

    def ids(url: str, **params) -> list[str]:
        response = staff_client.get(reverse(url), params)
        rows = csv_rows(response)[1:] if url == CSV_URL else xlsx_rows(response)[1:]
        return [str(r[0]) for r in rows]

    for url in (CSV_URL, XLSX_URL):
        assert ids(url, role__exact="official", q="Орлов") == [str(official.pk)]
        assert ids(url, status__exact="draft") == [str(draft.pk)]
        assert ids(url, q="abramova_blog") == [str(draft.pk)]
        assert ids(url, direction="tourism") == [str(anna.pk)]
        # Sorted by the ФИО column, as the list is when its header is clicked.
        assert ids(url, o="1") == [str(a.pk) for a in Application.objects.order_by("last_name")]


def test_export_with_a_broken_filter_goes_back_to_the_list(staff_client):
    response = staff_client.get(reverse(CSV_URL), {"total_followers__gte": "many"})

    assert response.status_code == 302
    assert response.url.endswith("?e=1")


@pytest.mark.parametrize(
    ("action", "read"), [("export_selected_csv", csv_rows), ("export_selected_xlsx", xlsx_rows)]
)
def test_export_actions_take_only_the_selection(staff_client, anna, action, read):
    submitted(last_name="Орлов")

    response = staff_client.post(
        reverse("admin:applications_application_changelist"),
        {"action": action, ACTION_CHECKBOX_NAME: [anna.pk]},
    )

    assert response.status_code == 200
    assert [str(r[0]) for r in read(response)[1:]] == [str(anna.pk)]


def test_text_that_looks_like_a_formula_stays_text(staff_client):
    submitted(last_name='=HYPERLINK("http://evil.example","x")', first_name="-2+3")

    csv_row = csv_rows(staff_client.get(reverse(CSV_URL)))[1]
    body = b"".join(staff_client.get(reverse(XLSX_URL)).streaming_content)
    cell = next(load_workbook(io.BytesIO(body)).active.iter_rows(min_row=2, max_row=2))[1]

    assert csv_row[1].startswith("'=HYPERLINK")
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")


def test_rows_are_read_in_chunks_without_losing_any():
    made = [submitted(last_name=f"Фамилия{n}") for n in range(5)]

    rows = list(exports.application_export_rows(Application.objects.order_by("pk"), chunk_size=2))

    assert [r[0] for r in rows] == [a.pk for a in made]


@pytest.mark.parametrize("url", [CSV_URL, XLSX_URL])
def test_export_does_the_same_number_of_queries_at_any_size(client, url):
    client.force_login(organizer())

    def queries(count: int) -> int:
        for n in range(count):
            application = submitted(last_name=f"Фамилия{n}")
            choose_directions(application, "culture", "science", "agro")
            SocialAccountFactory(application=application)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse(url))
            b"".join(response.streaming_content)
        return len(captured)

    few = queries(3)
    assert queries(30) == few
