"""Helpers the notifications admin pages share: CSV downloads and small read-only tables."""

import csv

from django.http import HttpResponse
from django.utils import timezone
from django.utils.html import format_html, format_html_join


def csv_response(name: str, header: list[str], rows) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}-{timezone.localdate():%Y-%m-%d}.csv"'
    # A byte-order mark, so that Excel opens the Cyrillic text as UTF-8.
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(header)
    writer.writerows(rows)
    return response


def table(header: list, rows: list[tuple]) -> str:
    """A small read-only table on an admin page; a dash when there is nothing to show."""
    if not rows:
        return "—"
    return format_html(
        "<table><thead><tr>{}</tr></thead><tbody>{}</tbody></table>",
        format_html_join("", "<th>{}</th>", ((title,) for title in header)),
        format_html_join(
            "",
            "<tr>{}</tr>",
            ((format_html_join("", "<td>{}</td>", ((cell,) for cell in row)),) for row in rows),
        ),
    )
