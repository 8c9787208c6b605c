"""The charts' geometry, with no database: scales, lines, bars and the map's classes."""

import pytest

from topblog.dashboard import charts


def fmt(value: float) -> str:
    return f"{value:g}"


@pytest.mark.parametrize(("value", "ceiling"), [(0, 1), (0.3, 0.5), (1, 1), (3, 5), (7, 10), (120, 200),
                                                (2400, 2500), (8501, 10000)])
def test_nice_ceiling_is_the_next_round_value(value, ceiling):
    assert charts.nice_ceiling(value) == ceiling


def test_y_scale_covers_the_maximum_in_whole_round_steps():
    assert charts.y_scale(8501) == [0, 2500, 5000, 7500, 10000]
    assert charts.y_scale(10) == [0, 5, 10, 15, 20]
    # Counts of people: never a tick at half a person.
    assert charts.y_scale(2) == [0, 1, 2, 3, 4]
    assert charts.y_scale(0) == [0, 1, 2, 3, 4]


def test_line_plot_breaks_a_line_where_a_value_is_missing_and_stays_inside_the_frame():
    plot = charts.line_plot(
        ["1", "2", "3", "4", "5"], [("a", [0, 4, None, 8, 10], False), ("b", [1, 1, 1, 1, 1], True)], fmt=fmt
    )
    first, second = plot.lines
    assert first.path.count("M") == 2 and first.path.count("L") == 2
    assert second.dashed and second.index == 2
    points = [tuple(map(float, p[1:].split(","))) for p in first.path.split()]
    assert all(plot.left <= x <= plot.right and plot.top <= y <= plot.bottom for x, y in points)
    # The highest value sits on the top tick, zero on the baseline.
    assert points[0][1] == plot.bottom
    assert [t.label for t in plot.y_ticks] == ["0", "5", "10", "15", "20"]


def test_line_plot_labels_about_as_many_days_as_asked():
    labels = [str(day) for day in range(42)]
    plot = charts.line_plot(labels, [("a", list(range(42)), False)], fmt=fmt, x_label_count=6)
    assert 5 <= len(plot.x_ticks) <= 7
    assert plot.x_ticks[0].label == "0"


def test_bar_plot_gives_the_biggest_value_the_longest_bar_and_zero_none():
    plot = charts.bar_plot([("Подали", 50, "(50 %)"), ("Начали", 100, ""), ("Отобраны", 0, "")], fmt=fmt)
    submitted, started, selected = plot.bars
    assert started.bar_width == 2 * submitted.bar_width > 0
    assert selected.bar_width == 0
    assert submitted.text == "50 (50 %)" and started.text == "100"
    # Each label on its own line above its bar, the bars one under another.
    assert submitted.label_y < submitted.bar_y < started.label_y < started.bar_y


def test_class_breaks_split_the_positive_values_by_quantiles_and_leave_zero_apart():
    values = [0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
    breaks = charts.class_breaks(values)
    assert breaks == [2, 4, 6, 8, 10]
    assert [charts.class_of(v, breaks) for v in (0, 1, 2, 3, 10, 11)] == [0, 1, 1, 2, 5, 5]


def test_class_breaks_of_few_distinct_values_make_fewer_classes():
    assert charts.class_breaks([0, 3, 3, 3, 7]) == [3, 7]
    assert charts.class_breaks([0, 0]) == []


def test_shades_spread_over_the_palette_whatever_the_number_of_classes():
    assert [charts.shade(i, 5) for i in range(6)] == [0, 1, 2, 3, 4, 5]
    assert [charts.shade(i, 2) for i in range(3)] == [0, 1, 5]
    assert charts.shade(1, 1) == 5


def test_legend_ranges_are_the_values_each_class_holds():
    values = [0, 1, 2, 3, 4, 5]
    breaks = charts.class_breaks(values, classes=2)
    assert charts.class_ranges(values, breaks, fmt=fmt) == [(1, "1 – 3"), (2, "4 – 5")]
