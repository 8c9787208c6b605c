"""The tile-grid map's reference data: one tile per region, no two in one place."""

import pytest

from topblog.tracks.models import FederalDistrict, Region
from topblog.tracks.tiles import region_tiles

pytestmark = pytest.mark.django_db


def test_every_region_has_exactly_one_tile_and_no_tile_names_an_unknown_region():
    assert set(region_tiles()) == set(Region.objects.values_list("code", flat=True))


def test_no_two_regions_share_a_place_or_a_label():
    tiles = region_tiles().values()
    assert len({(t.row, t.column) for t in tiles}) == 89
    assert len({t.short_ru for t in tiles}) == 89
    assert len({t.short_en for t in tiles}) == 89
    assert all(t.row >= 0 and t.column >= 0 for t in tiles)


def test_labels_are_short_and_english_ones_are_latin():
    for tile in region_tiles().values():
        assert 2 <= len(tile.short_ru) <= 3 and 2 <= len(tile.short_en) <= 3
        assert tile.short_en.isascii()
        assert (tile.short("en"), tile.short("ru")) == (tile.short_en, tile.short_ru)


def test_the_grid_is_drawn_roughly_as_the_country_lies():
    tiles = region_tiles()
    # Kaliningrad furthest west, Chukotka furthest east, the Caucasus at the bottom.
    assert tiles["39"].column == min(t.column for t in tiles.values())
    assert tiles["87"].column == max(t.column for t in tiles.values())
    assert tiles["05"].row == max(t.row for t in tiles.values())
    # Moscow between its oblast and Vladimir; Saint Petersburg beside Leningrad oblast.
    assert abs(tiles["77"].column - tiles["50"].column) == 1 and tiles["77"].row == tiles["50"].row
    assert abs(tiles["78"].column - tiles["47"].column) == 1 and tiles["78"].row == tiles["47"].row
    codes = Region.objects.values_list("code", flat=True)
    far_east = codes.filter(federal_district=FederalDistrict.FAR_EASTERN)
    central = codes.filter(federal_district=FederalDistrict.CENTRAL)
    assert min(tiles[c].column for c in far_east) > max(tiles[c].column for c in central)
