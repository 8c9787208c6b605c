"""Where each region sits on the tile-grid map of Russia: one equal square per region,
placed roughly where the region lies (west to east, north to south), as Russian data
journalism draws the country. The positions and the tiles' short labels are reference
data in ``data/region_tiles.csv`` beside the regions' own file, keyed by the ФНС code;
they change there, not in code."""

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

TILES_FILE = Path(__file__).resolve().parent / "data" / "region_tiles.csv"


@dataclass(frozen=True)
class RegionTile:
    code: str
    row: int
    column: int
    short_ru: str
    short_en: str

    def short(self, language: str) -> str:
        """The label written on the tile: Russian, or the English one on English pages."""
        return self.short_en if language == "en" else self.short_ru


@cache
def region_tiles() -> dict[str, RegionTile]:
    """Every region's tile by ФНС code, read once per process."""
    with open(TILES_FILE, encoding="utf-8", newline="") as f:
        return {
            row["code"]: RegionTile(
                code=row["code"],
                row=int(row["row"]),
                column=int(row["column"]),
                short_ru=row["short_ru"],
                short_en=row["short_en"],
            )
            for row in csv.DictReader(f)
        }
