"""What a stage's provider hands the dashboard: plain, picklable data with no HTML in it.

The dashboard draws every chart and table itself, so all stages look and read alike, and
it keeps what they return in the cache for a minute. Labels are already in the request's
language (the dashboard caches per language), numbers are plain ints and floats.

Three kinds of parts, each optional in a ``Contribution``:

- ``FunnelStep``: one step of the season's funnel (accounts, applications, review,
  selection, the programme, finalists, teams, the final). The dashboard lines up the
  steps of every provider by ``position``, works out the share that moved on from the
  step before, and draws the funnel and its two tables (by role, by direction).
- ``RegionMeasure``: a count per region (applications, selected people, finalists). The
  dashboard draws the tile map with a switch between the measures, and the tables of
  regions and of federal districts summed from them.
- ``Section``: anything else, as tables with optional line or bar charts drawn from them
  (applications per day, the notification outbox, review progress).
"""

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Share:
    """A ratio between 0 and 1 shown as a percentage; None when the base is zero."""

    value: float | None


@dataclass(frozen=True)
class CountShare:
    """A count with the share it is of the step before: "812 (45 %)" on the page, two
    columns in a download."""

    count: int
    share: float | None


Cell = str | int | float | Share | CountShare | None


@dataclass(frozen=True)
class Table:
    """A table of figures. The first column holds the rows' headers. ``key`` is unique on
    the page and names the table's CSV and XLSX downloads, so keep it stable and made of
    letters, digits and dashes. A table longer than a screen may ask to be ``folded``
    under a disclosure with its caption as the summary."""

    key: str
    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    folded: bool = False


@dataclass(frozen=True)
class Series:
    """One line of a line chart: a value per point of the chart's x axis (None where
    there is none yet, e.g. days still to come). ``dashed`` for a comparison, such as
    the previous season."""

    label: str
    values: tuple[float | None, ...]
    dashed: bool = False


@dataclass(frozen=True)
class LineChart:
    """Lines over a shared x axis (days, weeks). The chart is a picture of the section's
    table named ``table_key``, which screen readers and copying use instead."""

    title: str
    x_labels: tuple[str, ...]
    series: tuple[Series, ...]
    table_key: str


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    note: str = ""


@dataclass(frozen=True)
class BarChart:
    """Horizontal bars, one per row of the table ``table_key``; ``note`` is written
    after the bar's value (e.g. a share)."""

    title: str
    bars: tuple[Bar, ...]
    table_key: str


@dataclass(frozen=True)
class Section:
    """A titled part of the page, placed by ``position`` among the other sections."""

    key: str
    position: int
    title: str
    tables: tuple[Table, ...]
    charts: tuple[LineChart | BarChart, ...] = ()
    intro: str = ""


@dataclass(frozen=True)
class FunnelStep:
    """How many people reached one step of the funnel.

    ``by_role`` maps a role's label (blogger, official, "not chosen yet") to its count;
    ``by_direction`` maps a direction's code ("" when none is chosen) to its count; either
    is None when the step cannot be split so (an account has neither yet). A step in the
    chain (``in_chain``) is compared with the chain's step before it; an outcome beside
    the chain (withdrawn, not selected) sets ``share_of`` to the key of the step it is a
    share of and is not compared with by the steps after it. ``quota`` is the target of
    the step by role label, with its total under ``"total"``.
    """

    key: str
    position: int
    label: str
    total: int
    by_role: Mapping[str, int] | None = None
    by_direction: Mapping[str, int] | None = None
    in_chain: bool = True
    share_of: str | None = None
    quota: Mapping[str, int] | None = None


@dataclass(frozen=True)
class RegionMeasure:
    """A count per region id, one switch of the map. ``per_100k`` colours the map by the
    count per 100,000 people instead of the count. ``list_url`` is the list a tile links
    to (the dashboard adds ``region__id__exact=<id>`` to it); leave it empty where the
    audience has no such list."""

    key: str
    position: int
    label: str
    counts: Mapping[int, int]
    per_100k: bool = False
    list_url: str = ""


@dataclass(frozen=True)
class Contribution:
    funnel: tuple[FunnelStep, ...] = ()
    region_measures: tuple[RegionMeasure, ...] = ()
    sections: tuple[Section, ...] = ()
