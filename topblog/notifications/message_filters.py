"""Filters every message template has without {% load %}: the context holds plain JSON,
so dates arrive as ISO strings and stages as codes, and are shown in the recipient's
language here, at rendering, not by the code that sent the event."""

from datetime import date, datetime

from django import template
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from topblog.tracks.models import StageKind

register = template.Library()


def _moment(value) -> datetime | date | None:
    if isinstance(value, datetime | date):
        return value
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        return None


@register.filter
def when(value) -> str:
    """An ISO date and time as a person reads it, in the portal's time zone, named: the
    mail is read in every time zone of Russia."""
    moment = _moment(value)
    if not isinstance(moment, datetime):
        return day(value)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    shown = formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")
    return f"{shown} {_('МСК')}"


@register.filter
def day(value) -> str:
    """An ISO date (or date and time) as a date only."""
    moment = _moment(value)
    if moment is None:
        return str(value)
    if isinstance(moment, datetime):
        moment = timezone.localtime(moment) if timezone.is_aware(moment) else moment
        moment = moment.date()
    return formats.date_format(moment, "DATE_FORMAT")


@register.filter
def stage_name(value) -> str:
    """A stage code (``education``) as the stage's name."""
    try:
        return str(StageKind(value).label)
    except ValueError:
        return str(value)
