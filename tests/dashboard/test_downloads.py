"""Every table as CSV for Excel and as XLSX: counts and their shares in columns of their own."""

import csv
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from tests.dashboard.seasons import application
from tests.factories import SeasonFactory, organizer
from topblog.dashboard.downloads import table_csv, table_xlsx
from topblog.dashboard.figures import CountShare, Share, Table

pytestmark = pytest.mark.django_db

TABLE = Table(
    key="sample",
    caption="Пример",
    columns=("Этап", "Всего", "Доля", "Примечание"),
    rows=(("Подали", CountShare(812, 0.4512), Share(0.25), "=SUM(A1)"), ("Отобраны", 7, None, "—")),
)


def rows_of_csv(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def test_csv_opens_in_russian_excel_with_shares_beside_their_counts():
    response = table_csv(TABLE, computed_at=timezone.now())
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="sample-' in response["Content-Disposition"]
    title, header, first, second = rows_of_csv(response)
    assert title[0] == "Пример" and title[1].startswith("данные на ")
    assert header == ["Этап", "Всего", "Всего: доля, %", "Доля", "Примечание"]
    # A label that a spreadsheet would run as a formula stays text.
    assert first == ["Подали", "812", "45,1", "25,0", "'=SUM(A1)"]
    assert second == ["Отобраны", "7", "", "", "—"]


def test_xlsx_keeps_numbers_as_numbers_and_shares_as_percentages():
    response = table_xlsx(TABLE, computed_at=timezone.now())
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "Пример"
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[1] == ["Этап", "Всего", "Всего: доля, %", "Доля", "Примечание"]
    assert values[2] == ["Подали", 812, 0.4512, 0.25, "=SUM(A1)"]
    assert sheet["C3"].number_format == "0.0%" and sheet["D3"].number_format == "0.0%"
    assert sheet["E3"].data_type == "s"
    assert values[3] == ["Отобраны", 7, None, None, "—"]


def test_a_downloaded_table_holds_what_the_page_shows(client):
    season = SeasonFactory()
    for direction in ("culture", "culture", "health"):
        application(season, direction=direction)
    client.force_login(organizer())
    response = client.get("/admin/dashboard/funnel-directions.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[2]]
    rows = {row[0].value: [c.value for c in row] for row in sheet.iter_rows(min_row=3)}
    submitted = rows["Подали заявку"]
    assert submitted[header.index("Культура и креативные индустрии")] == 2
    assert submitted[header.index("Здравоохранение")] == 1
    assert submitted[header.index("Всего")] == 3
