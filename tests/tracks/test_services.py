import pytest

from tests.factories import SeasonFactory
from topblog.tracks.models import Season
from topblog.tracks.services import season_make_current

pytestmark = pytest.mark.django_db


def test_making_a_season_current_unsets_the_previous_one():
    old = SeasonFactory(number=4, stages=False)
    new = SeasonFactory(number=5, is_current=False, stages=False)
    season_make_current(season=new)
    assert list(Season.objects.filter(is_current=True)) == [new]
    old.refresh_from_db()
    assert not old.is_current
