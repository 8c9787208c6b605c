import math
from datetime import timedelta

from django import template

register = template.Library()


@register.filter
def hours(duration: timedelta) -> int:
    """A duration in whole hours, rounded up: the lockout page must not promise a
    shorter wait than django-axes will keep (it passes the cool-off as a timedelta)."""
    return math.ceil(duration.total_seconds() / 3600)
