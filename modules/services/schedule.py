"""Writes to the schedule: sessions scheduled and moved (their people told once per
move), stage moves noticed and told, reminders, the secret calendar address."""

import logging
import secrets
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from modules.models import CalendarFeed, ProgrammeSettings, Session, StageAnnouncement
from modules.selectors.members import season_members
from modules.selectors.schedule import session_audience, sessions_starting
from modules.services.common import people_tell
from topblog.notifications.models import Event
from topblog.tracks.models import Stage, StageKind

logger = logging.getLogger(__name__)

SESSION_FIELDS = frozenset(
    {
        "stage",
        "module",
        "title",
        "description",
        "lecturer",
        "starts_at",
        "ends_at",
        "online_url",
        "room",
        "audience",
        "direction",
        "team_number",
        "is_public",
    }
)
# The stages whose people this app knows: the trainees from the programme on, the
# finalists from the team module on. Earlier stages' people belong to earlier apps.
STAGE_PEOPLE = {
    StageKind.EDUCATION: "trainees",
    StageKind.TEAM_MODULE: "finalists",
    StageKind.REFINEMENT: "finalists",
    StageKind.FINAL: "finalists",
}


def _venue(session: Session) -> str:
    return session.room or _("онлайн")


def _session_context(session: Session) -> dict[str, Any]:
    return {
        "session_title": session.title,
        "title": session.title,
        "starts_at": session.starts_at.isoformat(),
        "venue": _venue(session),
        "session_url": reverse("modules:my_schedule") + f"#session-{session.pk}",
    }


def session_check(session: Session) -> None:
    """The model's own checks, and the session inside its stage's dates and season."""
    session.full_clean()
    stage = session.stage
    if session.starts_at < stage.starts_at or session.ends_at > stage.ends_at:
        raise ValidationError(
            {
                "starts_at": _("Занятие должно проходить в сроки этапа «%(stage)s».")
                % {"stage": stage.get_kind_display()}
            }
        )
    if session.module_id and session.module.season_id != stage.season_id:
        raise ValidationError({"module": _("Модуль из другого сезона.")})


def _audience_user_ids(session: Session) -> list[int]:
    return [m.user_id for m in session_audience(session=session)]


def session_create(*, fields: dict[str, Any], by) -> Session:
    """Schedule a session.

    Steps: check it (its place, its audience, inside its stage); save it; tell the people
    it concerns, unless it is already over (SESSION_SCHEDULED, once per session).
    """
    session = Session(**{k: v for k, v in fields.items() if k in SESSION_FIELDS})
    session_check(session)
    with transaction.atomic():
        session.save()
        if session.ends_at > timezone.now():
            people_tell(
                event=Event.SESSION_SCHEDULED,
                user_ids=_audience_user_ids(session),
                context=_session_context(session),
                occasion=f"session-{session.pk}-scheduled",
            )
    logger.info("Session %s scheduled by %s", session.pk, getattr(by, "pk", None))
    return session


def session_update(*, session_id: int, fields: dict[str, Any], by) -> Session:
    """Change a session.

    Steps: lock it; apply and check the change; when its time moved, count the move and
    tell the people it concerns, with the old and the new time (SCHEDULE_CHANGED, once
    per move); a session already over is moved silently.
    """
    with transaction.atomic():
        session = Session.objects.select_for_update().select_related("stage").get(pk=session_id)
        old_starts_at, old_ends_at = session.starts_at, session.ends_at
        for name, value in fields.items():
            if name in SESSION_FIELDS:
                setattr(session, name, value)
        session_check(session)
        moved = (session.starts_at, session.ends_at) != (old_starts_at, old_ends_at)
        if moved:
            session.sequence += 1
        session.save()
        if moved and session.ends_at > timezone.now():
            people_tell(
                event=Event.SCHEDULE_CHANGED,
                user_ids=_audience_user_ids(session),
                context={
                    **_session_context(session),
                    "old_starts_at": old_starts_at.isoformat(),
                    "details_url": _session_context(session)["session_url"],
                },
                occasion=f"session-{session.pk}-move-{session.sequence}",
            )
    logger.info(
        "Session %s changed by %s%s", session.pk, getattr(by, "pk", None), " (moved)" if moved else ""
    )
    return session


def _stage_people(stage: Stage) -> list[int]:
    members = season_members(season_id=stage.season_id)
    if STAGE_PEOPLE[stage.kind] == "finalists":
        return [m.user_id for m in members if m.finalist_direction_id is not None]
    return [m.user_id for m in members]


def stage_moves_announce(*, now: datetime | None = None) -> int:
    """Beat: tell the people of each stage of the current season that moved since its
    dates were last announced, once per move, with the old and the new time. A stage
    seen for the first time is recorded as announced. Returns the number of moves told.

    The stages belong to tracks and are edited in its admin; comparing with what was
    announced catches every edit, whichever way it was made."""
    now = now or timezone.now()
    told = 0
    stages = Stage.objects.filter(season__is_current=True, kind__in=list(STAGE_PEOPLE)).values_list(
        "pk", flat=True
    )
    for stage_id in stages:
        with transaction.atomic():
            stage = Stage.objects.select_for_update().get(pk=stage_id)
            announced = StageAnnouncement.objects.filter(stage=stage).first()
            if announced is None:
                StageAnnouncement.objects.create(
                    stage=stage, starts_at=stage.starts_at, ends_at=stage.ends_at
                )
                continue
            if (announced.starts_at, announced.ends_at) == (stage.starts_at, stage.ends_at):
                continue
            old_starts_at = announced.starts_at
            announced.starts_at, announced.ends_at = stage.starts_at, stage.ends_at
            announced.moves += 1
            announced.save()
            if stage.ends_at > now:
                people_tell(
                    event=Event.SCHEDULE_CHANGED,
                    user_ids=_stage_people(stage),
                    context={
                        "title": str(stage.get_kind_display()),
                        "old_starts_at": old_starts_at.isoformat(),
                        "starts_at": stage.starts_at.isoformat(),
                        "venue": stage.venue,
                        "details_url": reverse("modules:my_schedule"),
                    },
                    occasion=f"stage-{stage.pk}-move-{announced.moves}",
                )
                told += 1
            logger.info("Stage %s moved from %s to %s", stage.pk, old_starts_at, stage.starts_at)
    return told


def session_reminders_send(*, now: datetime | None = None) -> int:
    """Beat: remind the people of each session starting within its season's lead
    (ProgrammeSettings.session_reminder_hours), once per session and start time: a
    moved session is reminded again for its new time. Returns the sessions reminded."""
    now = now or timezone.now()
    longest = max(
        [
            settings.session_reminder_hours
            for settings in ProgrammeSettings.objects.filter(season__is_current=True)
        ]
        or [ProgrammeSettings._meta.get_field("session_reminder_hours").default]
    )
    reminded = 0
    members_by_season: dict[int, list] = {}
    for session in sessions_starting(after=now, until=now + timedelta(hours=longest)):
        season = session.stage.season
        lead = ProgrammeSettings.for_season(season).session_reminder_hours
        if session.starts_at - now > timedelta(hours=lead):
            continue
        if season.pk not in members_by_season:
            members_by_season[season.pk] = season_members(season_id=season.pk)
        audience = session_audience(session=session, members=members_by_season[season.pk])
        with transaction.atomic():
            people_tell(
                event=Event.SESSION_REMINDER,
                user_ids=[m.user_id for m in audience],
                context=_session_context(session),
                occasion=f"session-{session.pk}-{session.starts_at:%Y%m%dT%H%M}-reminder",
            )
        reminded += 1
    return reminded


def calendar_feed_renew(*, user) -> CalendarFeed:
    """A new secret address for the person's calendar; the old one answers 404 from now on."""
    with transaction.atomic():
        feed, _created = CalendarFeed.objects.update_or_create(
            user=user, defaults={"token": secrets.token_urlsafe(32), "created_at": timezone.now()}
        )
    logger.info("Calendar feed of user %s renewed", user.pk)
    return feed
