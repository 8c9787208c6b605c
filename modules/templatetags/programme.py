"""Filters of the programme's pages: every time is shown in Moscow time with the zone
named, whatever zone the server or the reader is in."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django import template
from django.utils import formats
from django.utils.translation import gettext_lazy

register = template.Library()

MOSCOW = ZoneInfo("Europe/Moscow")
# The zone's short name after every time; outside the f-strings, where makemessages finds it.
ZONE = gettext_lazy("МСК")


@register.filter
def moscow(value: datetime | None) -> str:
    """«14 мая 2026, 19:00 МСК»."""
    if value is None:
        return ""
    local = value.astimezone(MOSCOW)
    return f"{formats.date_format(local, 'j E Y, H:i')} {ZONE}"


@register.filter
def moscow_time(value: datetime | None) -> str:
    """«19:00 МСК», for the end of a session on the day it began."""
    if value is None:
        return ""
    return f"{formats.time_format(value.astimezone(MOSCOW), 'H:i')} {ZONE}"


@register.filter
def moscow_day(value: datetime | None) -> str:
    if value is None:
        return ""
    return formats.date_format(value.astimezone(MOSCOW), "j E Y")


@register.filter
def percent(value: float | None) -> str:
    return "" if value is None else f"{round(value)}%"
