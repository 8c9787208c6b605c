"""A person's schedule as an iCalendar feed: the season's stages as whole days and the
sessions that concern them at their real times in the Moscow zone, with the zone's
definition (VTIMEZONE) included, so any calendar app shows them right wherever it is."""

from collections.abc import Iterable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from modules.models import Session
from topblog.tracks.models import Stage

MOSCOW = ZoneInfo("Europe/Moscow")


def _session_event(session: Session, *, host: str, now: datetime) -> Event:
    event = Event()
    event.add("uid", f"session-{session.pk}@{host}")
    event.add("dtstamp", now)
    event.add("last-modified", session.updated_at)
    # A moved session comes with a higher sequence, so calendar apps replace it.
    event.add("sequence", session.sequence)
    event.add("dtstart", session.starts_at.astimezone(MOSCOW))
    event.add("dtend", session.ends_at.astimezone(MOSCOW))
    event.add("summary", session.title)
    event.add("location", session.room or _("Онлайн"))
    if session.online_url:
        event.add("url", session.online_url)
    details = [session.description]
    if session.lecturer:
        details.insert(0, _("Ведущий: %(name)s") % {"name": session.lecturer})
    if session.online_url:
        details.append(session.online_url)
    event.add("description", "\n\n".join(d for d in details if d))
    return event


def _stage_event(stage: Stage, *, host: str, now: datetime) -> Event:
    event = Event()
    event.add("uid", f"stage-{stage.pk}@{host}")
    event.add("dtstamp", now)
    event.add("last-modified", stage.updated_at)
    # Whole days in Moscow; the end of an all-day event is the day after the last.
    event.add("dtstart", stage.starts_at.astimezone(MOSCOW).date())
    event.add("dtend", stage.ends_at.astimezone(MOSCOW).date() + timedelta(days=1))
    event.add("summary", str(stage.get_kind_display()))
    if stage.venue:
        event.add("location", stage.venue)
    if stage.description:
        event.add("description", stage.description)
    event.add("transp", "TRANSPARENT")
    return event


def calendar_ics(*, stages: Iterable[Stage], sessions: Iterable[Session], host: str, now: datetime) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//TopBLOG//Ministry of Content//RU")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", _("ТопБЛОГ · Министерство контента"))
    calendar.add("x-wr-timezone", "Europe/Moscow")
    for stage in stages:
        calendar.add_component(_stage_event(stage, host=host, now=now))
    for session in sessions:
        calendar.add_component(_session_event(session, host=host, now=now))
    calendar.add_missing_timezones()
    return calendar.to_ical()
