"""The organizers' reach figures file (url, checkpoint, views, reactions, comments,
shares), read and checked row by row before anything is written, as the attendance
import is (modules.attendance_csv). No Django in it: the caller passes the season's
links by URL and its checkpoints by number, and writes the figures only if no row has a
problem. A problem is a line number, a code and the value at fault;
``teams.projects.validators`` words it."""

from collections.abc import Mapping
from dataclasses import dataclass

from topblog.backoffice.imports import table_read

COLUMNS: dict[str, tuple[str, ...]] = {
    "url": ("url", "link", "ссылка", "адрес"),
    "checkpoint": ("checkpoint", "контрольная точка", "номер точки", "точка"),
    "views": ("views", "просмотры"),
    "reactions": ("reactions", "likes", "реакции", "лайки"),
    "comments": ("comments", "комментарии"),
    "shares": ("shares", "reposts", "репосты"),
}
MEASURES = ("views", "reactions", "comments", "shares")


@dataclass(frozen=True)
class Figures:
    line: int
    link_id: int
    checkpoint_id: int
    views: int
    reactions: int
    comments: int
    shares: int


@dataclass(frozen=True)
class Problem:
    line: int
    # encoding, header, empty_file, empty, unknown_link, ambiguous_link, unknown_checkpoint,
    # bad_number, negative, repeated
    code: str
    value: str = ""
    first_line: int = 0


def url_key(url: str) -> str:
    """A link as compared: without the scheme's case, a trailing slash or spaces."""
    return url.strip().rstrip("/").lower()


def figures_rows_check(
    content: bytes, *, links: Mapping[str, list[int]], checkpoints: Mapping[int, int]
) -> tuple[list[Figures], list[Problem]]:
    """The figures of a file and every problem in it. ``links`` maps ``url_key`` of a
    link to the ids of the season's links with it (one, unless two projects share it);
    ``checkpoints`` maps a checkpoint's number to its id."""
    table = table_read(content, COLUMNS)
    if table == "encoding":
        return [], [Problem(1, "encoding")]
    if isinstance(table, str):
        return [], [Problem(1, "header", table.removeprefix("header:"))]
    found: list[Figures] = []
    problems: list[Problem] = []
    seen: dict[tuple[int, int], int] = {}
    for line, row in table.rows:
        if not row["url"] or not row["checkpoint"]:
            problems.append(Problem(line, "empty"))
            continue
        link_ids = links.get(url_key(row["url"]), [])
        if not link_ids:
            problems.append(Problem(line, "unknown_link", row["url"]))
            continue
        if len(link_ids) > 1:
            problems.append(Problem(line, "ambiguous_link", row["url"]))
            continue
        number = row["checkpoint"]
        checkpoint_id = checkpoints.get(int(number)) if number.isdigit() else None
        if checkpoint_id is None:
            problems.append(Problem(line, "unknown_checkpoint", number))
            continue
        values, problem = _measures(line, row)
        if problem is not None:
            problems.append(problem)
            continue
        key = (link_ids[0], checkpoint_id)
        if key in seen:
            problems.append(Problem(line, "repeated", row["url"], first_line=seen[key]))
            continue
        seen[key] = line
        found.append(Figures(line, link_ids[0], checkpoint_id, **values))
    if not found and not problems:
        problems.append(Problem(1, "empty_file"))
    return found, problems


def _measures(line: int, row: dict[str, str]) -> tuple[dict[str, int], Problem | None]:
    values = {}
    for name in MEASURES:
        # Platforms and Excel write thousands with spaces (also non-breaking ones).
        raw = row[name].replace(" ", "").replace("\u00a0", "") or "0"
        try:
            value = int(raw)
        except ValueError:
            return {}, Problem(line, "bad_number", row[name])
        if value < 0:
            return {}, Problem(line, "negative", row[name])
        values[name] = value
    return values, None
