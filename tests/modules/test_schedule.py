"""The schedule: a new session told to the people it concerns, a moved one told once
with the old and the new time, a moved stage noticed and told once, reminders once per
start time; the team's sessions reach the team the teams app names."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from modules import audience
from modules.audience import register_team_roster
from modules.models import Audience
from modules.services.finalists import finalist_status_change
from modules.services.schedule import (
    session_create,
    session_reminders_send,
    session_update,
    stage_moves_announce,
)
from tests.factories import organizer
from tests.modules.factories import ModuleFactory, SessionFactory, season_at, stage_of, trainee
from tests.modules.test_finalists import published_finalists
from topblog.notifications.models import Channel, Event, OutboxMessage
from topblog.tracks.models import Direction, StageKind

pytestmark = pytest.mark.django_db


def told(event: str, application) -> list[OutboxMessage]:
    """The person's email messages of ``event``, oldest first."""
    return list(
        OutboxMessage.objects.filter(
            event=event, recipient=application.applicant, channel=Channel.EMAIL
        ).order_by("pk")
    )


def fields(season, **overrides):
    start = timezone.now() + timedelta(days=2)
    return {
        "stage": stage_of(season),
        "module": ModuleFactory(season=season),
        "title": "Монтаж на телефоне",
        "starts_at": start,
        "ends_at": start + timedelta(hours=2),
        "online_url": "https://vk.com/video-1_2",
        "audience": Audience.SELECTED,
        **overrides,
    }


def team_module_fields(season, **overrides):
    """A session of the team module on its first day, outside the programme."""
    stage = stage_of(season, StageKind.TEAM_MODULE)
    start = stage.starts_at + timedelta(hours=10)
    return fields(
        season, stage=stage, module=None, starts_at=start, ends_at=start + timedelta(hours=2), **overrides
    )


def test_a_new_session_is_told_to_the_people_it_concerns_only():
    season = season_at()
    culture, health = trainee(season, "culture"), trainee(season, "health")
    session = session_create(
        fields=fields(season, audience=Audience.DIRECTION, direction=Direction.objects.get(code="health")),
        by=organizer(),
    )
    (message,) = told(Event.SESSION_SCHEDULED, health)
    assert message.context["session_title"] == "Монтаж на телефоне"
    assert message.context["session_url"].endswith(f"#session-{session.pk}")
    assert told(Event.SESSION_SCHEDULED, culture) == []


def test_a_moved_session_is_told_once_with_the_old_and_new_time():
    season = season_at()
    person = trainee(season)
    session = session_create(fields=fields(season), by=organizer())
    old = session.starts_at
    new = old + timedelta(days=1)
    session_update(
        session_id=session.pk, fields={"starts_at": new, "ends_at": new + timedelta(hours=2)}, by=organizer()
    )
    session_update(session_id=session.pk, fields={"title": "Монтаж на телефоне и компьютере"}, by=organizer())
    (moved,) = told(Event.SCHEDULE_CHANGED, person)
    assert moved.context["old_starts_at"] == old.isoformat()
    assert moved.context["starts_at"] == new.isoformat()
    session.refresh_from_db()
    assert session.sequence == 1
    # Moved again: a second move, told once more.
    later = new + timedelta(hours=3)
    session_update(
        session_id=session.pk,
        fields={"starts_at": later, "ends_at": later + timedelta(hours=1)},
        by=organizer(),
    )
    assert [m.context["old_starts_at"] for m in told(Event.SCHEDULE_CHANGED, person)] == [
        old.isoformat(),
        new.isoformat(),
    ]


def test_a_session_must_lie_within_its_stage():
    season = season_at()
    outside = stage_of(season).ends_at + timedelta(days=1)
    with pytest.raises(ValidationError, match="в сроки этапа"):
        session_create(
            fields=fields(season, starts_at=outside, ends_at=outside + timedelta(hours=1)), by=organizer()
        )


def test_a_session_needs_a_place_and_the_direction_its_audience_names():
    season = season_at()
    with pytest.raises(ValidationError):
        session_create(fields=fields(season, online_url="", room=""), by=organizer())
    with pytest.raises(ValidationError):
        session_create(fields=fields(season, audience=Audience.DIRECTION), by=organizer())


def test_a_moved_stage_is_told_once_to_its_people_with_the_old_time():
    season = season_at()
    person = trainee(season)
    assert stage_moves_announce() == 0  # first sight: recorded, nobody told
    education = stage_of(season)
    old = education.starts_at
    education.starts_at = old + timedelta(days=2)
    education.save()
    assert stage_moves_announce() == 1
    assert stage_moves_announce() == 0
    (message,) = told(Event.SCHEDULE_CHANGED, person)
    assert message.context["old_starts_at"] == old.isoformat()
    assert message.context["title"] == "Программа ДПО"


def test_the_team_modules_move_is_told_to_the_finalists_only():
    season, finalists = published_finalists()
    others = trainee(season, "culture")
    stage_moves_announce()
    team_module = stage_of(season, StageKind.TEAM_MODULE)
    team_module.ends_at += timedelta(days=1)
    team_module.save()
    stage_moves_announce()
    assert len(told(Event.SCHEDULE_CHANGED, finalists[0].application)) == 1
    assert told(Event.SCHEDULE_CHANGED, others) == []


def test_reminders_go_once_per_session_and_again_for_a_new_time():
    season = season_at()
    person = trainee(season)
    start = timezone.now() + timedelta(hours=30)
    session = SessionFactory(starts_at=start, ends_at=start + timedelta(hours=1))
    assert session_reminders_send() == 0  # 30 hours ahead: beyond the 24-hour lead
    with time_machine.travel(timezone.now() + timedelta(hours=7), tick=False):
        assert session_reminders_send() == 1
        session_reminders_send()
    assert len(told(Event.SESSION_REMINDER, person)) == 1
    session_update(
        session_id=session.pk,
        fields={"starts_at": start + timedelta(hours=2), "ends_at": start + timedelta(hours=3)},
        by=organizer(),
    )
    with time_machine.travel(timezone.now() + timedelta(hours=8), tick=False):
        session_reminders_send()
    assert len(told(Event.SESSION_REMINDER, person)) == 2


def test_a_teams_session_reaches_the_team_the_teams_app_names(monkeypatch):
    season, finalists = published_finalists()
    first, second = finalists[0].application, finalists[1].application
    # monkeypatch puts back the roster the teams app registered, for the tests after this one.
    monkeypatch.setattr(audience, "_team_roster", None)
    register_team_roster(lambda season_id: {first.pk: 1, second.pk: 2})
    session_create(fields=team_module_fields(season, audience=Audience.TEAM, team_number=2), by=organizer())
    assert told(Event.SESSION_SCHEDULED, first) == []
    assert len(told(Event.SESSION_SCHEDULED, second)) == 1


def test_finalists_sessions_reach_seated_finalists_not_those_who_declined():
    season, finalists = published_finalists()
    declined = finalists[0]
    finalist_status_change(finalist_id=declined.pk, to_status="declined", by=declined.application.applicant)
    session_create(fields=team_module_fields(season, audience=Audience.FINALISTS), by=organizer())
    assert told(Event.SESSION_SCHEDULED, declined.application) == []
    assert len(told(Event.SESSION_SCHEDULED, finalists[1].application)) == 1
