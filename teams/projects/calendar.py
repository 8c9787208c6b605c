"""When the refinement's checkpoints fall: every few months (the season's setting) from
the start of the refinement stage, the last one on the stage's end. No Django in it."""

import calendar
from datetime import datetime


def months_later(moment: datetime, months: int) -> datetime:
    """The same day and time ``months`` later, or the month's last day if it is shorter
    (31 January + 1 month is 28 or 29 February)."""
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def checkpoint_dates(*, starts_at: datetime, ends_at: datetime, every_months: int) -> list[datetime]:
    """The due dates of a stage from ``starts_at`` to ``ends_at``: one every
    ``every_months`` months after the start, and the end itself, the last report of the
    refinement. A date closer to the end than a week merges into it."""
    dates = []
    step = 1
    while True:
        due = months_later(starts_at, every_months * step)
        if due >= ends_at or (ends_at - due).days < 7:
            break
        dates.append(due)
        step += 1
    dates.append(ends_at)
    return dates
