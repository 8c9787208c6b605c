import pytest

from topblog.tracks.models import Direction, FederalDistrict, Region

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
