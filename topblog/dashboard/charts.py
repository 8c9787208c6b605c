"""Geometry of the dashboard's server-drawn SVG charts, with no Django in it: scales and
ticks, the points of lines, the lengths of bars, the classes of a choropleth. Numbers in,
coordinates and labels out; the templates write the SVG, so every text is escaped there.

Sizes are in the SVG's own units (its viewBox); the page scales the picture to its
column, so a chart is drawn once for a phone and a desktop alike.
"""

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

Formatter = Callable[[float], str]


@dataclass(frozen=True)
class Tick:
    position: float
    label: str


@dataclass(frozen=True)
class PlottedLine:
    label: str
    path: str
    dashed: bool
    # 1-based: the CSS class that colours it (line-1, line-2, ...).
    index: int


@dataclass(frozen=True)
class LinePlot:
    width: int
    height: int
    left: int
    top: int
    right: int
    bottom: int
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]
    lines: tuple[PlottedLine, ...]


def nice_ceiling(value: float, *, whole: bool = False) -> float:
    """The smallest of 1, 2, 2.5, 5 or 10 times a power of ten that is at least ``value``;
    with ``whole``, only whole numbers (counts of people have no tick at half a person)."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        candidate = step * power
        if value <= candidate and (not whole or candidate == int(candidate)):
            return candidate
    return 10 * power


def y_scale(maximum: float, ticks: int = 4) -> list[float]:
    """Whole round values from 0 up to at least ``maximum``, ``ticks`` steps apart."""
    step = nice_ceiling(maximum / ticks, whole=True) if maximum > 0 else 1
    return [step * i for i in range(ticks + 1)]


def line_plot(
    x_labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None], bool]],
    *,
    fmt: Formatter,
    width: int = 480,
    height: int = 240,
    x_label_count: int = 6,
) -> LinePlot:
    """Lines of ``series`` (label, values, dashed) over ``x_labels``; a None value breaks
    its line. About ``x_label_count`` of the x labels are written, evenly spaced."""
    left, top, right, bottom = 56, 12, width - 12, height - 36
    values = [v for _label, vs, _dashed in series for v in vs if v is not None]
    y_values = y_scale(max(values, default=0))
    y_top = y_values[-1]
    count = max(len(x_labels), 1)

    def x_at(i: int) -> float:
        return left + (right - left) * (i / (count - 1) if count > 1 else 0.5)

    def y_at(v: float) -> float:
        return bottom - (bottom - top) * (v / y_top)

    lines = []
    for index, (label, vs, dashed) in enumerate(series, start=1):
        commands, pen_down = [], False
        for i, v in enumerate(vs):
            if v is None:
                pen_down = False
                continue
            commands.append(f"{'L' if pen_down else 'M'}{x_at(i):.1f},{y_at(v):.1f}")
            pen_down = True
        lines.append(PlottedLine(label=label, path=" ".join(commands), dashed=dashed, index=index))
    every = max(1, math.ceil(count / x_label_count))
    x_ticks = tuple(Tick(x_at(i), x_labels[i]) for i in range(0, len(x_labels), every))
    y_ticks = tuple(Tick(y_at(v), fmt(v)) for v in y_values)
    return LinePlot(width, height, left, top, right, bottom, x_ticks, y_ticks, tuple(lines))


@dataclass(frozen=True)
class PlottedBar:
    label: str
    text: str
    label_y: float
    bar_y: float
    bar_width: float
    # Where the value is written: just after the bar's end.
    text_x: float
    text_y: float


@dataclass(frozen=True)
class BarPlot:
    width: int
    height: int
    bar_height: int
    bars: tuple[PlottedBar, ...]


def bar_plot(
    bars: Sequence[tuple[str, float, str]], *, fmt: Formatter, width: int = 320
) -> BarPlot:
    """Horizontal bars of (label, value, note), each label on its own line above its bar,
    so long labels need no room beside the bars on a narrow screen."""
    label_height, bar_height, gap = 18, 18, 10
    biggest = max((value for _label, value, _note in bars), default=0)
    plotted, y = [], 0.0
    for label, value, note in bars:
        # The value is written after the bar: leave it room.
        length = (width - 130) * (value / biggest) if biggest else 0
        text = f"{fmt(value)} {note}".strip()
        plotted.append(PlottedBar(
            label, text, label_y=y + 14, bar_y=y + label_height, bar_width=length,
            text_x=length + 6, text_y=y + label_height + 14,
        ))
        y += label_height + bar_height + gap
    return BarPlot(width=width, height=max(int(y), 1), bar_height=bar_height, bars=tuple(plotted))


# --- the choropleth

CLASSES = 5


def class_breaks(values: Sequence[float], classes: int = CLASSES) -> list[float]:
    """Upper bounds of up to ``classes`` classes of the positive values, by quantiles
    (each class holds about as many regions), so a few big regions do not leave the
    rest of the map one colour. Zero is a class of its own, not counted here."""
    positive = sorted(v for v in values if v > 0)
    if not positive:
        return []
    breaks = []
    for k in range(1, classes + 1):
        bound = positive[min(len(positive) - 1, math.ceil(k * len(positive) / classes) - 1)]
        if not breaks or bound > breaks[-1]:
            breaks.append(bound)
    return breaks


def class_of(value: float, breaks: Sequence[float]) -> int:
    """0 for nothing, else the 1-based class whose upper bound first holds ``value``."""
    if value <= 0:
        return 0
    for index, bound in enumerate(breaks, start=1):
        if value <= bound:
            return index
    return len(breaks)


def class_ranges(
    values: Sequence[float], breaks: Sequence[float], *, fmt: Formatter
) -> list[tuple[int, str]]:
    """The legend: (class, "low – high") for each class, from the values it holds."""
    held: dict[int, list[float]] = {}
    for v in values:
        if v > 0:
            held.setdefault(class_of(v, breaks), []).append(v)
    ranges = []
    for index in range(1, len(breaks) + 1):
        members = held.get(index)
        if not members:
            continue
        low, high = min(members), max(members)
        ranges.append((index, fmt(low) if low == high else f"{fmt(low)} – {fmt(high)}"))
    return ranges


def shade(index: int, count: int, shades: int = CLASSES) -> int:
    """The palette's shade (1 = lightest … ``shades``) of class ``index`` of ``count``,
    spread over the whole palette when there are fewer classes than shades; 0 for none."""
    if index == 0:
        return 0
    if count <= 1:
        return shades
    return 1 + round((index - 1) * (shades - 1) / (count - 1))
