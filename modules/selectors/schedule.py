"""Reads of the schedule: the public one, a person's own, a session's audience, the
calendar feed's owner."""

from datetime import datetime

from django.db.models import QuerySet

from modules.audience import Member, concerns
from modules.models import CalendarFeed, Session
from modules.selectors.members import season_members
from topblog.tracks.models import Season, Stage


def season_sessions(*, season_id: int) -> QuerySet[Session]:
    return Session.objects.filter(stage__season_id=season_id).select_related("stage", "module", "direction")


def sessions_of(*, member: Member, season_id: int) -> list[Session]:
    """The sessions that concern ``member``, in time order."""
    return [
        s for s in season_sessions(season_id=season_id).order_by("starts_at", "pk") if concerns(s, member)
    ]


def season_stages(season: Season) -> list[Stage]:
    """The season's stages in time order; those season_current() prefetched, without a query."""
    return sorted(season.stages.all(), key=lambda stage: stage.starts_at)


def public_schedule(*, season: Season) -> tuple[list[Stage], list[Session]]:
    """The season's stages and its public sessions, in time order."""
    stages = season_stages(season)
    sessions = list(season_sessions(season_id=season.pk).filter(is_public=True).order_by("starts_at", "pk"))
    return stages, sessions


def session_audience(*, session: Session, members: list[Member] | None = None) -> list[Member]:
    """The trainees ``session`` concerns."""
    if members is None:
        members = season_members(season_id=session.stage.season_id)
    return [m for m in members if concerns(session, m)]


def season_audiences(*, season_id: int, sessions: list[Session]) -> dict[int, frozenset[int]]:
    """For each of ``sessions``, the application ids of the trainees it concerns."""
    members = season_members(season_id=season_id)
    return {s.pk: frozenset(m.application_id for m in members if concerns(s, m)) for s in sessions}


def sessions_starting(*, after: datetime, until: datetime) -> QuerySet[Session]:
    """Sessions of the current season starting in (after, until]."""
    return Session.objects.filter(
        stage__season__is_current=True, starts_at__gt=after, starts_at__lte=until
    ).select_related("stage__season")


def calendar_feed_of(*, user) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=user).first()


def calendar_feed_owner(*, token: str):
    """The active person whose feed ``token`` is, or None (also for an old token)."""
    feed = CalendarFeed.objects.filter(token=token, user__is_active=True).select_related("user").first()
    return feed.user if feed else None
