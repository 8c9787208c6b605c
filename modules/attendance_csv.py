"""The attendance file a video platform exports (email, session, present), read and
checked row by row before anything is written. No Django in it: the caller passes the
season's trainees by email and each session's audience, and writes the marks only if
no row has a problem.

A problem is a line number, a code and the value at fault; ``validators`` words it.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from topblog.backoffice.imports import table_read

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
    table = table_read(content, COLUMNS)
    if table == "encoding":
        return [], [Problem(1, "encoding")]
    if isinstance(table, str):
        return [], [Problem(1, "header", table.removeprefix("header:"))]
    marks: list[Mark] = []
    problems: list[Problem] = []
    seen: dict[tuple[int, int], int] = {}
    for line, row in table.rows:
        email, session, present = row["email"], row["session"], row["present"]
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
