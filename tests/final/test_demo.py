"""The demo's final: settings, a slot per team in the final's agenda, a presentation per
team as a real PDF in two versions, locked once the deadline is past; and gone again."""

import io

import pytest
from django.utils import timezone
from pypdf import PdfReader

from modules.models import Audience, Session
from teams.final.models import FinalSettings, Presentation, PresentationSlot, PresentationVersion
from tests.final.factories import DIRECTIONS, member, team
from tests.modules.factories import season_at
from topblog.demo.final import final_demo_delete, final_demo_seed
from topblog.tracks.models import StageKind

pytestmark = pytest.mark.django_db


def test_the_demo_final_has_slots_and_locked_presentations_in_russian():
    season = season_at(StageKind.FINAL, days_in=1)
    for code in DIRECTIONS:
        member(team(season, code))
    summary = final_demo_seed(season=season, now=timezone.now())
    assert (summary.slots, summary.presentations, summary.locked) == (5, 5, 5)
    sessions = Session.objects.filter(audience=Audience.TEAM, stage__kind=StageKind.FINAL)
    assert sorted(sessions.values_list("team_number", flat=True)) == sorted(
        season.teams.values_list("number", flat=True)
    )
    presentation = Presentation.objects.select_related("shown_version").first()
    assert presentation.locked_at is not None and presentation.shown_version.number == 2
    assert presentation.shown_version.uploaded_by is not None
    with presentation.shown_version.file.open("rb") as stored:
        text = PdfReader(io.BytesIO(stored.read())).pages[0].extract_text()
    assert "Команда «" in text

    final_demo_delete()
    for model in (FinalSettings, Presentation, PresentationVersion, PresentationSlot):
        assert not model.objects.exists()
    assert not Session.objects.filter(audience=Audience.TEAM).exists()


def test_before_the_deadline_nothing_is_locked():
    season = season_at(StageKind.REFINEMENT, days_in=10)
    member(team(season, "culture"))
    assert final_demo_seed(season=season, now=timezone.now()).locked == 0
