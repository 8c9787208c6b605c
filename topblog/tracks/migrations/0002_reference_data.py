"""Loads the regions of Russia and the five directions from the CSV files in data/.

Later changes to either list come as new migrations, so every database agrees."""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"


def _rows(name: str) -> list[dict[str, str]]:
    with open(DATA / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def load(apps, schema_editor):
    Region = apps.get_model("tracks", "Region")
    Direction = apps.get_model("tracks", "Direction")
    Region.objects.bulk_create(
        Region(
            code=r["code"],
            name=r["name"],
            federal_district=r["federal_district"],
            population_thousands=int(r["population_thousands"]),
        )
        for r in _rows("regions.csv")
    )
    Direction.objects.bulk_create(
        Direction(
            code=r["code"],
            position=int(r["position"]),
            name=r["name"],
            name_en=r["name_en"],
            ministry=r["ministry"],
            ministry_short=r["ministry_short"],
            ministry_en=r["ministry_en"],
        )
        for r in _rows("directions.csv")
    )


def unload(apps, schema_editor):
    apps.get_model("tracks", "Region").objects.all().delete()
    apps.get_model("tracks", "Direction").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("tracks", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
