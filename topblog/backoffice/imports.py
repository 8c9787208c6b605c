"""Organizers' uploads as spreadsheets write them, shared by every stage's import: the
text decoded (UTF-8 with or without Excel's BOM, else Windows-1251, which Russian Excel
saves by default), the delimiter sniffed, and the columns found by any of their names.
No Django in it; each import checks its own rows."""

import csv
import io
from collections.abc import Iterator, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Table:
    """A file's rows that have anything in them, with their line numbers (the header is
    line 1), each as {column: stripped value}."""

    rows: list[tuple[int, dict[str, str]]]


def text_decode(content: bytes) -> str | None:
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _dialect(text: str) -> type[csv.Dialect] | csv.Dialect:
    first_line = text.split("\n", 1)[0]
    try:
        return csv.Sniffer().sniff(first_line, delimiters=",;\t")
    except csv.Error:
        return csv.excel


def columns_find(header: list[str], columns: Mapping[str, tuple[str, ...]]) -> dict[str, int] | None:
    """Where each of ``columns`` is (by any of its names, in lower case), or None if one
    is missing."""
    names = [cell.strip().lower() for cell in header]
    found = {}
    for column, aliases in columns.items():
        index = next((i for i, name in enumerate(names) if name in aliases), None)
        if index is None:
            return None
        found[column] = index
    return found


def table_read(content: bytes, columns: Mapping[str, tuple[str, ...]]) -> Table | str:
    """The file's rows by column, or what is wrong with the whole file: "encoding", or
    "header:<the header as found>"."""
    text = text_decode(content)
    if text is None:
        return "encoding"
    reader = csv.reader(io.StringIO(text, newline=""), _dialect(text))
    header = next(reader, None) or []
    positions = columns_find(header, columns)
    if positions is None:
        return "header:" + ";".join(header)
    return Table(rows=list(_rows(reader, positions)))


def _rows(reader, positions: dict[str, int]) -> Iterator[tuple[int, dict[str, str]]]:
    for line, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        yield line, {name: row[i].strip() if i < len(row) else "" for name, i in positions.items()}
