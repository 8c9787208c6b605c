"""The attendance file a video platform exports (email, session, present), read and
checked row by row before anything is written. No Django in it: the caller passes the
season's trainees by email and each session's audience, and writes the marks only if
no row has a problem.

A problem is a line number, a code and the value at fault; ``validators`` words it.
"""

import csv
import io
from collections.abc import Callable, Mapping
from dataclasses import dataclass

# Column names as organizers and the platforms write them, compared in lower case.
COLUMNS: dict[str, tuple[str, ...]] = {
    "email": ("email", "e-mail", "почта", "электронная почта"),
    "session": ("session", "session_id", "занятие", "номер занятия"),
    "present": ("present", "присутствие", "присутствовал"),
}
PRESENT = frozenset({"1", "да", "yes", "true", "+", "присутствовал", "присутствовала", "present"})
ABSENT = frozenset({"0", "нет", "no", "false", "-", "отсутствовал", "отсутствовала", "absent"})


@dataclass(frozen=True)
class Mark:
    line: int
    application_id: int
    session_id: int
    present: bool


@dataclass(frozen=True)
class Problem:
    line: int
    # header, encoding, empty, unknown_person, unknown_session, not_in_audience,
    # bad_value, repeated
    code: str
    value: str = ""
    # For a repeated row: the line it repeats.
    first_line: int = 0


def _text(content: bytes) -> str | None:
    """UTF-8 (with or without the BOM Excel writes), else Windows-1251, which Russian
    Excel saves by default."""
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


def attendance_rows_check(
    content: bytes,
    *,
    people: Mapping[str, int],
    audiences: Mapping[int, frozenset[int]],
    normalize_email: Callable[[str], str],
) -> tuple[list[Mark], list[Problem]]:
    """The marks of a file and every problem in it. ``people`` maps a normalised email
    to the trainee's application id; ``audiences`` maps each session id to the ids of
    the applications it concerns. Line numbers count the header as line 1."""
    text = _text(content)
    if text is None:
        return [], [Problem(1, "encoding")]
    reader = csv.reader(io.StringIO(text, newline=""), _dialect(text))
    header = next(reader, None)
    positions = _positions(header or [])
    if positions is None:
        return [], [Problem(1, "header", ";".join(header or []))]
    marks: list[Mark] = []
    problems: list[Problem] = []
    seen: dict[tuple[int, int], int] = {}
    for line, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        email, session, present = (row[i].strip() if i < len(row) else "" for i in positions)
        if not email or not session or not present:
            problems.append(Problem(line, "empty"))
            continue
        application_id = people.get(normalize_email(email))
        if application_id is None:
            problems.append(Problem(line, "unknown_person", email))
            continue
        session_id = int(session) if session.isdigit() else None
        if session_id is None or session_id not in audiences:
            problems.append(Problem(line, "unknown_session", session))
            continue
        if application_id not in audiences[session_id]:
            problems.append(Problem(line, "not_in_audience", email))
            continue
        value = present.lower()
        if value not in PRESENT and value not in ABSENT:
            problems.append(Problem(line, "bad_value", present))
            continue
        key = (application_id, session_id)
        if key in seen:
            problems.append(Problem(line, "repeated", email, first_line=seen[key]))
            continue
        seen[key] = line
        marks.append(Mark(line, application_id, session_id, value in PRESENT))
    if not marks and not problems:
        problems.append(Problem(1, "empty_file"))
    return marks, problems


def _positions(header: list[str]) -> tuple[int, int, int] | None:
    """Where the email, session and present columns are, or None if one is missing."""
    names = [cell.strip().lower() for cell in header]
    found = []
    for column in ("email", "session", "present"):
        index = next((i for i, name in enumerate(names) if name in COLUMNS[column]), None)
        if index is None:
            return None
        found.append(index)
    return found[0], found[1], found[2]
