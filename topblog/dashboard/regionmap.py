"""The map of Russia's regions as a tile grid, from the measures per region the providers
returned: the tables of regions and of federal districts summed from them (kept in the
cache with the rest of the page), and the tiles of one measure as the request shows it."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

from django.utils.translation import gettext as _

from topblog.dashboard import charts
from topblog.dashboard.figures import RegionMeasure, Table
from topblog.dashboard.funnel import number
from topblog.tracks.models import FederalDistrict
from topblog.tracks.tiles import region_tiles

MAP_KEY = "regions"
# The SVG's units per tile; the picture scales to its column.
TILE = 40
GAP = 2
# Under the grid, the line that names the region under the pointer or the focus.
TIP_HEIGHT = 64


@dataclass(frozen=True)
class RegionRow:
    """What the map needs to know of a region (reference data, read with the figures)."""

    id: int
    code: str
    name: str
    federal_district: str
    population_thousands: int


@dataclass(frozen=True)
class MapMeasure:
    key: str
    label: str
    per_100k: bool
    list_url: str


@dataclass(frozen=True)
class RegionMap:
    measures: tuple[MapMeasure, ...]
    regions: tuple[RegionRow, ...]
    counts: Mapping[str, Mapping[int, int]]
    tables: tuple[Table, ...]


def per_100k(count: int, population_thousands: int) -> float:
    return count * 100 / population_thousands if population_thousands else 0.0


def _value(measure: MapMeasure, count: int, population_thousands: int) -> float:
    return per_100k(count, population_thousands) if measure.per_100k else count


def _cell(measure: MapMeasure, count: int, population_thousands: int) -> float | int:
    return round(per_100k(count, population_thousands), 1) if measure.per_100k else count


def region_map(measures: Iterable[RegionMeasure], regions: Iterable[RegionRow]) -> RegionMap | None:
    """The map's data and its two tables, or None when no provider gave a measure."""
    ordered = sorted(measures, key=lambda m: m.position)
    if not ordered:
        return None
    shown = tuple(MapMeasure(m.key, m.label, m.per_100k, m.list_url) for m in ordered)
    counts = {m.key: dict(m.counts) for m in ordered}
    regions = tuple(sorted(regions, key=lambda r: r.name))
    columns = (_("Население, тыс."), *(m.label for m in shown))
    region_rows = tuple(
        (r.name, str(FederalDistrict(r.federal_district).label), r.population_thousands,
         *(_cell(m, counts[m.key].get(r.id, 0), r.population_thousands) for m in shown))
        for r in regions
    )
    district_rows = []
    for district in FederalDistrict:
        members = [r for r in regions if r.federal_district == district]
        population = sum(r.population_thousands for r in members)
        totals = [sum(counts[m.key].get(r.id, 0) for r in members) for m in shown]
        district_rows.append((str(district.label), population,
                              *(_cell(m, t, population) for m, t in zip(shown, totals, strict=True))))
    population = sum(r.population_thousands for r in regions)
    totals = [sum(counts[m.key].values()) for m in shown]
    district_rows.append((_("Россия"), population,
                          *(_cell(m, t, population) for m, t in zip(shown, totals, strict=True))))
    tables = (
        Table(key=f"{MAP_KEY}-districts", caption=_("Федеральные округа"),
              columns=(_("Федеральный округ"), *columns), rows=tuple(district_rows)),
        Table(key=MAP_KEY, caption=_("Регионы"), columns=(_("Регион"), _("Федеральный округ"), *columns),
              rows=region_rows, folded=True),
    )
    return RegionMap(measures=shown, regions=regions, counts=counts, tables=tables)


# --- the tiles of one measure, for one request


@dataclass(frozen=True)
class TileView:
    x: int
    y: int
    label_x: int
    label_y: int
    short: str
    name: str
    # The measure and the value, as the line under the map writes them.
    detail: str
    description: str
    url: str
    shade: int


@dataclass(frozen=True)
class MapView:
    measure: MapMeasure
    width: int
    height: int
    tile_size: int
    tip_y: int
    tip_value_y: int
    tiles: tuple[TileView, ...]
    legend: tuple[tuple[int, str], ...]


def _format(measure: MapMeasure, value: float) -> str:
    return number(value, 1) if measure.per_100k else number(value)


def map_view(region_map: RegionMap, measure_key: str | None, *, language: str) -> MapView:
    """The tiles coloured by ``measure_key`` (the first measure when it names none),
    each named for hover, focus and screen readers, linking to the measure's list with
    ``region__id__exact`` added to the query the measure's list already has."""
    measure = next((m for m in region_map.measures if m.key == measure_key), region_map.measures[0])
    counts = region_map.counts[measure.key]
    values = {r.id: _value(measure, counts.get(r.id, 0), r.population_thousands) for r in region_map.regions}
    breaks = charts.class_breaks(list(values.values()))
    positions = region_tiles()
    tiles = []
    for region in region_map.regions:
        tile = positions[region.code]
        value = values[region.id]
        shown = _format(measure, value)
        detail = f"{measure.label} — {shown}"
        if measure.per_100k:
            detail += _(" (всего: %(count)s)") % {"count": number(counts.get(region.id, 0))}
        url = ""
        if measure.list_url:
            joiner = "&" if "?" in measure.list_url else "?"
            url = f"{measure.list_url}{joiner}{urlencode({'region__id__exact': region.id})}"
        tiles.append(TileView(
            x=tile.column * TILE + GAP // 2, y=tile.row * TILE + GAP // 2,
            label_x=tile.column * TILE + TILE // 2, label_y=tile.row * TILE + TILE // 2 + 5,
            short=tile.short(language), name=region.name,
            detail=detail, description=f"{region.name}: {detail}", url=url,
            shade=charts.shade(charts.class_of(value, breaks), len(breaks)),
        ))
    # North-west first: the order a keyboard moves through the tiles.
    tiles.sort(key=lambda t: (t.y, t.x))
    ranges = charts.class_ranges(list(values.values()), breaks, fmt=lambda v: _format(measure, v))
    legend = [(0, _("нет")), *((charts.shade(index, len(breaks)), text) for index, text in ranges)]
    grid_height = (max(t.row for t in positions.values()) + 1) * TILE
    return MapView(
        measure=measure,
        width=(max(t.column for t in positions.values()) + 1) * TILE,
        height=grid_height + TIP_HEIGHT,
        tile_size=TILE - GAP,
        tip_y=grid_height + 26,
        tip_value_y=grid_height + 54,
        tiles=tuple(tiles),
        legend=tuple(legend),
    )
