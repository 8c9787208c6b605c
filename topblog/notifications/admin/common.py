"""Helpers the notifications admin pages share: dated CSV downloads and small read-only tables."""

from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from topblog.backoffice.exports import csv_response


def dated_csv_response(name: str, header: list[str], rows) -> StreamingHttpResponse:
    return csv_response(headers=header, rows=rows, filename=f"{name}-{timezone.localdate():%Y-%m-%d}.csv")


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
