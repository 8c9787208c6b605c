import pytest
from django.utils import translation

from topblog.tracks.models import Direction, FederalDistrict, Region, Season, region_short_name

pytestmark = pytest.mark.django_db


def test_all_federal_subjects_are_loaded_with_unique_fns_codes():
    codes = list(Region.objects.values_list("code", flat=True))
    assert len(codes) == 89
    assert len(set(codes)) == 89
    assert Region.objects.get(code="77").name == "г. Москва"
    assert Region.objects.get(code="91").name == "Республика Крым"


def test_every_region_belongs_to_one_of_the_eight_federal_districts():
    districts = set(Region.objects.values_list("federal_district", flat=True))
    assert districts == set(FederalDistrict.values)
    assert Region.objects.filter(federal_district=FederalDistrict.CENTRAL).count() == 18


def test_five_directions_each_curated_by_its_ministry():
    ministries = dict(Direction.objects.values_list("code", "ministry_short"))
    assert ministries == {
        "culture": "Минкультуры России",
        "health": "Минздрав России",
        "agro": "Минсельхоз России",
        "science": "Минобрнауки России",
        "tourism": "Минэкономразвития России",
    }


def test_reference_data_reads_in_the_active_language_and_falls_back_to_russian():
    moscow = Region.objects.get(code="77")
    health = Direction.objects.get(code="health")
    with translation.override("en"):
        assert (str(moscow), moscow.short_name) == ("Moscow", "Moscow")
        assert str(health) == "Health (Ministry of Health)"
        assert health.ministry_i18n == "Ministry of Health of the Russian Federation"
        moscow.name_en = ""
        assert str(moscow) == "г. Москва", "an untranslated row still reads"
    assert str(health) == "Здравоохранение (Минздрав России)"


def test_a_season_is_named_in_the_active_language():
    season = Season(number=5)
    assert str(season) == "ТопБЛОГ, сезон 5: «Министерство контента»"
    with translation.override("en"):
        assert str(season) == "TopBLOG, season 5: “Ministry of Content”"


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("Нижегородская область", "Нижегородская обл."),
        ("Республика Татарстан", "Респ. Татарстан"),
        ("Кемеровская область — Кузбасс", "Кемеровская обл."),
        ("Ханты-Мансийский автономный округ — Югра", "Ханты-Мансийский АО"),
        ("Еврейская автономная область", "Еврейская авт. обл."),
        ("Донецкая Народная Республика", "ДНР"),
        ("Краснодарский край", "Краснодарский край"),
        ("г. Москва", "г. Москва"),
    ],
)
def test_a_region_has_the_short_form_a_narrow_column_shows(name, short):
    assert region_short_name(name) == short


def test_every_region_fits_a_narrow_column_in_its_short_form():
    assert max(len(region.short_name) for region in Region.objects.all()) <= 22
