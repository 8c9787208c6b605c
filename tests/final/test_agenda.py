"""The final's agenda: a team's presentation slot is a session of the final for that
team, told to its members once; a move is told once more, a change of room not at all."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from modules.models import Audience, Session
from teams.final.models import PresentationSlot
from teams.final.services.agenda import presentation_slot_place
from tests.factories import organizer
from tests.final.factories import member, team
from tests.modules.factories import season_at, stage_of
from topblog.notifications.models import Channel, Event, OutboxMessage
from topblog.tracks.models import StageKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def season():
    return season_at(StageKind.REFINEMENT, days_in=10)


def told(event, user) -> int:
    return OutboxMessage.objects.filter(event=event, recipient=user, channel=Channel.EMAIL).count()


def test_a_slot_is_a_session_of_the_final_for_the_team_told_to_it_once(season):
    culture = team(season, "culture")
    person = member(culture).finalist.application.applicant
    outsider = member(team(season, "health")).finalist.application.applicant
    start = stage_of(season, StageKind.FINAL).starts_at + timedelta(hours=26)
    slot = presentation_slot_place(
        team_id=culture.pk,
        starts_at=start,
        ends_at=start + timedelta(minutes=30),
        room="Большой зал",
        by=organizer(),
    )
    session = slot.session
    assert session.stage.kind == StageKind.FINAL
    assert (session.audience, session.team_number, session.room) == (
        Audience.TEAM,
        culture.number,
        "Большой зал",
    )
    assert "Культура" in session.title or culture.direction.name in session.title
    assert told(Event.SESSION_SCHEDULED, person) == 1
    assert told(Event.SESSION_SCHEDULED, outsider) == 0


def test_moving_a_slot_moves_its_session_and_tells_the_team_once_per_move(season):
    culture = team(season, "culture")
    person = member(culture).finalist.application.applicant
    start = stage_of(season, StageKind.FINAL).starts_at + timedelta(hours=26)
    place = dict(team_id=culture.pk, room="Большой зал", by=organizer())
    presentation_slot_place(starts_at=start, ends_at=start + timedelta(minutes=30), **place)
    later = start + timedelta(hours=2)
    slot = presentation_slot_place(starts_at=later, ends_at=later + timedelta(minutes=30), **place)
    presentation_slot_place(
        starts_at=later, ends_at=later + timedelta(minutes=30), **{**place, "room": "Зал 2"}
    )
    assert PresentationSlot.objects.count() == 1 and Session.objects.count() == 1
    slot.session.refresh_from_db()
    assert (slot.session.starts_at, slot.session.room, slot.session.sequence) == (later, "Зал 2", 1)
    assert told(Event.SCHEDULE_CHANGED, person) == 1


def test_a_slot_outside_the_final_is_refused(season):
    culture = team(season, "culture")
    early = stage_of(season, StageKind.FINAL).starts_at - timedelta(days=1)
    with pytest.raises(ValidationError, match="в сроки этапа"):
        presentation_slot_place(
            team_id=culture.pk,
            starts_at=early,
            ends_at=early + timedelta(hours=1),
            room="Зал",
            by=organizer(),
        )
    assert not PresentationSlot.objects.exists()


def test_organizers_place_a_slot_in_the_admin(client, season):
    culture = team(season, "culture")
    start = stage_of(season, StageKind.FINAL).starts_at + timedelta(hours=26)
    local = start.astimezone()
    client.force_login(organizer())
    response = client.post(
        reverse("admin:final_presentationslot_add"),
        {
            "team": culture.pk,
            "starts_at_0": local.strftime("%d.%m.%Y"),
            "starts_at_1": local.strftime("%H:%M"),
            "ends_at_0": local.strftime("%d.%m.%Y"),
            "ends_at_1": (local + timedelta(minutes=30)).strftime("%H:%M"),
            "room": "Большой зал",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    slot = PresentationSlot.objects.get(team=culture)
    assert slot.session.room == "Большой зал"
    listing = client.get(reverse("admin:final_presentationslot_changelist"))
    assert listing.status_code == 200 and "Большой зал" in listing.content.decode()


def test_the_admin_says_in_russian_when_a_slot_is_outside_the_final(client, season):
    culture = team(season, "culture")
    early = stage_of(season, StageKind.FINAL).starts_at.astimezone() - timedelta(days=3)
    client.force_login(organizer())
    response = client.post(
        reverse("admin:final_presentationslot_add"),
        {
            "team": culture.pk,
            "starts_at_0": early.strftime("%d.%m.%Y"),
            "starts_at_1": "10:00",
            "ends_at_0": early.strftime("%d.%m.%Y"),
            "ends_at_1": "11:00",
            "room": "Большой зал",
        },
    )
    assert response.status_code == 200
    assert "в сроки этапа" in response.content.decode()
    assert not PresentationSlot.objects.exists()
