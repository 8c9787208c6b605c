"""The season's funnel from the steps every provider returned: the share of each step
that moved on from the step before, a table by role, a table by direction, and the bars."""

from collections.abc import Iterable, Mapping, Sequence
from functools import cache

from django.utils.formats import get_format
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _

from topblog.dashboard.figures import Bar, BarChart, CountShare, FunnelStep, Section, Table

FUNNEL_KEY = "funnel"


def ratio(part: int, whole: int | None) -> float | None:
    return part / whole if whole else None


def percent(value: float | None) -> str:
    """A share as the page writes it: "45 %", "0,4 %" (one decimal under 1 %)."""
    if value is None:
        return "—"
    return f"{number(value * 100, 1 if 0 < value < 0.01 else 0)} %"


def _bases(steps: Sequence[FunnelStep]) -> dict[str, FunnelStep | None]:
    """The step each step's share is taken of: the chain's step before it, or the one
    an outcome beside the chain names."""
    by_key = {step.key: step for step in steps}
    bases: dict[str, FunnelStep | None] = {}
    previous = None
    for step in steps:
        if step.in_chain:
            bases[step.key] = previous
            previous = step
        else:
            bases[step.key] = by_key.get(step.share_of or "")
    return bases


def _ordered_keys(splits: Iterable[Mapping[str, int] | None]) -> list[str]:
    keys: list[str] = []
    for split in splits:
        for key in split or ():
            if key not in keys:
                keys.append(key)
    return keys


def _split_cell(step: FunnelStep, base: FunnelStep | None, attribute: str, key: str) -> CountShare | None:
    split = getattr(step, attribute)
    if split is None:
        return None
    base_split = getattr(base, attribute) if base is not None else None
    count = split.get(key, 0)
    return CountShare(count, ratio(count, base_split.get(key, 0)) if base_split is not None else None)


def _table(
    key: str,
    caption: str,
    steps: Sequence[FunnelStep],
    bases: Mapping[str, FunnelStep | None],
    attribute: str,
    columns: Mapping[str, str],
) -> Table:
    rows = []
    for step in steps:
        base = bases[step.key]
        total = CountShare(step.total, ratio(step.total, base.total) if base is not None else None)
        cells = [_split_cell(step, base, attribute, column) for column in columns]
        rows.append((step.label, total, *cells))
        if step.quota and attribute == "by_role":
            quota_cells = [step.quota.get(column) for column in columns]
            rows.append((_("Квота: %(step)s") % {"step": step.label}, step.quota.get("total"), *quota_cells))
    return Table(
        key=key,
        caption=caption,
        columns=(_("Этап"), _("Всего"), *columns.values()),
        rows=tuple(rows),
    )


def funnel_section(
    steps: Iterable[FunnelStep], *, direction_names: Mapping[str, str], by_direction: bool
) -> Section | None:
    """The funnel as a section of the page, or None when no provider gave a step.
    ``by_direction`` adds the table by direction (a curator's page has one direction)."""
    steps = sorted(steps, key=lambda step: step.position)
    if not steps:
        return None
    bases = _bases(steps)
    roles = {role: role for role in _ordered_keys(step.by_role for step in steps)}
    tables = [_table(f"{FUNNEL_KEY}-roles", _("Воронка по ролям"), steps, bases, "by_role", roles)]
    if by_direction:
        present = _ordered_keys(step.by_direction for step in steps)
        # The directions in their usual order, then whatever a provider named besides.
        codes = [code for code in direction_names if code in present]
        codes += [code for code in present if code not in direction_names]
        columns = {code: direction_names.get(code) or _("направление не выбрано") for code in codes}
        tables.append(
            _table(f"{FUNNEL_KEY}-directions", _("Воронка по направлениям (первое направление заявки)"),
                   steps, bases, "by_direction", columns)
        )
    bars = []
    for step in steps:
        if step.in_chain:
            base = bases[step.key]
            share = ratio(step.total, base.total) if base is not None else None
            bars.append(Bar(step.label, step.total, f"({percent(share)})" if share is not None else ""))
    chart = BarChart(
        title=_("Воронка сезона: сколько людей дошло до каждого этапа"),
        bars=tuple(bars),
        table_key=tables[0].key,
    )
    return Section(
        key=FUNNEL_KEY,
        position=0,
        title=_("Воронка сезона"),
        intro=_(
            "В скобках — доля от предыдущего этапа воронки; у отзыва и отказа — доля от этапа, "
            "с которого они случаются."
        ),
        tables=tuple(tables),
        charts=(chart,),
    )


def number(value: float, decimals: int = 0, *, grouped: bool = True) -> str:
    """``value`` rounded to ``decimals`` with the active language's separators ("8 500",
    "4,8"; "8,500", "4.8"); ``grouped=False`` for a file a spreadsheet parses. The
    separators are looked up once per language: a page writes a thousand numbers, and
    Django's number_format looking them up for each was a tenth of the page's time."""
    decimal_separator, thousand_separator = _separators(get_language())
    text = f"{value:{',' if grouped else ''}.{decimals}f}"
    return text.replace(",", "\0").replace(".", decimal_separator).replace("\0", thousand_separator)


@cache
def _separators(language: str) -> tuple[str, str]:
    # Grouping by three, as both languages' formats have it (NUMBER_GROUPING = 3).
    with override(language):
        return get_format("DECIMAL_SEPARATOR"), get_format("THOUSAND_SEPARATOR")
