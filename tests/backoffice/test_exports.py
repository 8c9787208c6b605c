"""The organizers' downloads every admin shares: Moscow time as the pages show it, text
that a spreadsheet would run kept as text, Excel's separator and BOM."""

import io
from datetime import UTC, datetime

from openpyxl import load_workbook

from topblog.backoffice.exports import csv_response, xlsx_response

MOMENT = datetime(2026, 11, 17, 7, 30, tzinfo=UTC)  # 10:30 in Moscow
ROW = [MOMENT, "=HYPERLINK(1)", 42, None]


def test_csv_is_for_russian_excel_in_moscow_time():
    response = csv_response(headers=["когда", "текст", "число", "пусто"], rows=[ROW], filename="x.csv")
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeffкогда;текст;число;пусто")
    assert body.splitlines()[1] == "17.11.2026 10:30;'=HYPERLINK(1);42;"
    assert 'filename="x.csv"' in response["Content-Disposition"]


def test_xlsx_keeps_moscow_time_and_text_as_text():
    response = xlsx_response(
        sheet_title="Лист", headers=["когда", "текст", "число", "пусто"], rows=[ROW], filename="x.xlsx"
    )
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    when, text, number, empty = (cell.value for cell in sheet[2])
    assert when == datetime(2026, 11, 17, 10, 30)
    assert text == "=HYPERLINK(1)" and sheet["B2"].data_type == "s"
    assert (number, empty) == (42, None)
