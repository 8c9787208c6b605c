"""The funnel laid out from the providers' steps: shares, tables and bars."""

from django.utils.translation import override

from topblog.dashboard.figures import CountShare, FunnelStep
from topblog.dashboard.funnel import funnel_section, number, percent

DIRECTIONS = {"culture": "Культура", "health": "Здравоохранение"}


def steps() -> list[FunnelStep]:
    return [
        # Out of order on purpose: the position sets the order.
        FunnelStep("selected", 500, "Отобраны", 30, {"Блогер": 20, "Чиновник": 10}, {"culture": 30},
                   quota={"Блогер": 25, "Чиновник": 10, "total": 35}),
        FunnelStep("accounts", 100, "Зарегистрировались", 400),
        FunnelStep("started", 200, "Начали", 200, {"Блогер": 150, "Чиновник": 50},
                   {"culture": 120, "health": 80}),
        FunnelStep("withdrawn", 510, "Отозвали", 20, {"Блогер": 20}, {"health": 20},
                   in_chain=False, share_of="started"),
        FunnelStep("submitted", 300, "Подали", 100, {"Блогер": 80, "Чиновник": 20},
                   {"culture": 60, "health": 40}),
    ]


def rows(table) -> dict[str, tuple]:
    return {row[0]: row[1:] for row in table.rows}


def test_each_step_is_a_share_of_the_chain_step_before_it():
    section = funnel_section(steps(), direction_names=DIRECTIONS, by_direction=True)
    by_role = rows(section.tables[0])
    assert section.tables[0].columns[1:] == ("Всего", "Блогер", "Чиновник")
    assert by_role["Зарегистрировались"] == (CountShare(400, None), None, None)
    # Accounts have no roles: the first split step has no share by role.
    assert by_role["Начали"] == (CountShare(200, 0.5), CountShare(150, None), CountShare(50, None))
    assert by_role["Подали"] == (CountShare(100, 0.5), CountShare(80, 80 / 150), CountShare(20, 0.4))
    # The outcome beside the chain is a share of the step it names, and the chain's next
    # step still compares with "Подали".
    assert by_role["Отозвали"] == (CountShare(20, 0.1), CountShare(20, 20 / 150), CountShare(0, 0.0))
    assert by_role["Отобраны"] == (CountShare(30, 0.3), CountShare(20, 0.25), CountShare(10, 0.5))
    assert by_role["Квота: Отобраны"] == (35, 25, 10)
    assert list(by_role) == [
        "Зарегистрировались", "Начали", "Подали", "Отобраны", "Квота: Отобраны", "Отозвали",
    ]


def test_the_direction_table_names_directions_and_shows_a_missing_one_as_zero():
    section = funnel_section(steps(), direction_names=DIRECTIONS, by_direction=True)
    table = section.tables[1]
    assert table.columns[1:] == ("Всего", "Культура", "Здравоохранение")
    by_direction = rows(table)
    assert by_direction["Отобраны"][1:] == (CountShare(30, 0.5), CountShare(0, 0.0))
    assert "Квота: Отобраны" not in by_direction


def test_a_curators_funnel_has_no_table_by_direction():
    section = funnel_section(steps(), direction_names={}, by_direction=False)
    assert [t.key for t in section.tables] == ["funnel-roles"]


def test_bars_are_the_chain_with_their_shares():
    section = funnel_section(steps(), direction_names=DIRECTIONS, by_direction=True)
    (chart,) = section.charts
    assert [(b.label, b.value, b.note) for b in chart.bars] == [
        ("Зарегистрировались", 400, ""), ("Начали", 200, "(50 %)"), ("Подали", 100, "(50 %)"),
        ("Отобраны", 30, "(30 %)"),
    ]


def test_no_steps_no_funnel_and_shares_of_nothing_are_dashes():
    assert funnel_section([], direction_names=DIRECTIONS, by_direction=True) is None
    empty = [FunnelStep("a", 1, "A", 0, {}, {}), FunnelStep("b", 2, "B", 0, {}, {})]
    section = funnel_section(empty, direction_names=DIRECTIONS, by_direction=True)
    assert rows(section.tables[0])["B"] == (CountShare(0, None),)
    assert [percent(v) for v in (None, 0, 0.004, 0.5)] == ["—", "0 %", "0,4 %", "50 %"]


def test_numbers_are_rounded_and_written_with_the_languages_separators():
    with override("ru"):
        written = [number(8500), number(4.75, 1), number(12345.67, 1, grouped=False)]
        assert written == ["8\xa0500", "4,8", "12345,7"]
    with override("en"):
        assert [number(8500), number(4.75, 1), percent(0.123)] == ["8,500", "4.8", "12 %"]
