"""English names of the reference data: the regions' official English names and the
ministries' short names, from the CSV files in data/, beside the Russian ones; the
season's name and the stages' venues get English twins organizers fill."""

import csv
from pathlib import Path

from django.db import migrations, models

DATA = Path(__file__).resolve().parent.parent / "data"


def _rows(name: str) -> list[dict[str, str]]:
    with open(DATA / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def load(apps, schema_editor):
    Region = apps.get_model("tracks", "Region")
    Direction = apps.get_model("tracks", "Direction")
    for row in _rows("regions.csv"):
        Region.objects.filter(code=row["code"]).update(name_en=row["name_en"])
    for row in _rows("directions.csv"):
        Direction.objects.filter(code=row["code"]).update(ministry_short_en=row["ministry_short_en"])


class Migration(migrations.Migration):

    dependencies = [
        ('tracks', '0003_stage_updated_at'),
    ]

    operations = [
        migrations.AddField(
            model_name='direction',
            name='ministry_short_en',
            field=models.CharField(blank=True, max_length=64, verbose_name='министерство, кратко, по-английски'),
        ),
        migrations.AddField(
            model_name='region',
            name='name_en',
            field=models.CharField(blank=True, max_length=128, verbose_name='название по-английски'),
        ),
        migrations.AddField(
            model_name='season',
            name='project_en',
            field=models.CharField(blank=True, default='TopBLOG', max_length=64, verbose_name='проект по-английски'),
        ),
        migrations.AddField(
            model_name='season',
            name='track_en',
            field=models.CharField(blank=True, default='Ministry of Content', max_length=128, verbose_name='трек по-английски'),
        ),
        migrations.AddField(
            model_name='stage',
            name='venue_en',
            field=models.CharField(blank=True, max_length=255, verbose_name='место по-английски'),
        ),
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
