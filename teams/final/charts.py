"""The ministries' view's charts: the reach sums of teams/final/reach.py as the
dashboard's server-drawn SVG (topblog/dashboard/charts.py), each with the table of its
numbers beside it for screen readers and for anyone who prefers numbers."""

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from teams.final.reach import Reach
from teams.projects.models import Checkpoint, Platform
from topblog.dashboard.charts import BarPlot, LinePlot, bar_plot, line_plot


def _number(value: float) -> str:
    return f"{int(value):,}".replace(",", "\u00a0")


def metric_labels() -> tuple[str, ...]:
    return (_("Просмотры"), _("Реакции"), _("Комментарии"), _("Репосты"))


@dataclass(frozen=True)
class Table:
    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple, ...]


@dataclass(frozen=True)
class Chart:
    dom_id: str
    title: str
    kind: str
    geometry: LinePlot | BarPlot | None
    table: Table


def by_checkpoint(reach: Reach, checkpoints: Sequence[Checkpoint], *, dom_id: str, title: str) -> Chart:
    """Views over the checkpoints as a line; the table beside it has all four sums
    (reactions, comments and shares are far fewer and would lie flat on the views' scale)."""
    ids = [c.pk for c in checkpoints]
    labels = [c.title for c in checkpoints]
    series = reach.series(ids)
    names = metric_labels()
    rows = tuple(
        (label, *(values if values is not None else ("—",) * 4))
        for label, values in zip(labels, series, strict=True)
    )
    table = Table(caption=title, columns=(_("Контрольная точка"), *names), rows=rows)
    if not any(values is not None for values in series):
        return Chart(dom_id=dom_id, title=title, kind="empty", geometry=None, table=table)
    lines = [(names[0], [values[0] if values is not None else None for values in series], False)]
    geometry = line_plot(labels, lines, fmt=_number, x_label_count=len(labels) or 1)
    return Chart(dom_id=dom_id, title=title, kind="line", geometry=geometry, table=table)


def by_platform(reach: Reach, *, dom_id: str, title: str) -> Chart:
    """Views per platform at the latest checkpoint, as bars, the biggest first."""
    platforms = sorted(reach.by_platform.items(), key=lambda item: (-item[1].views, item[0]))
    rows = tuple((_platform(code), *totals.values()) for code, totals in platforms)
    table = Table(caption=title, columns=(_("Площадка"), *metric_labels()), rows=rows)
    if not rows:
        return Chart(dom_id=dom_id, title=title, kind="empty", geometry=None, table=table)
    geometry = bar_plot([(row[0], row[1], "") for row in rows], fmt=_number)
    return Chart(dom_id=dom_id, title=title, kind="bar", geometry=geometry, table=table)


def _platform(code: str) -> str:
    try:
        return str(Platform(code).label)
    except ValueError:
        return code
