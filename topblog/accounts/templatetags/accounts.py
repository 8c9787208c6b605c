import math
from datetime import timedelta

from django import template

from topblog.error_summary import form_error_summary

register = template.Library()


@register.filter
def hours(duration: timedelta) -> int:
    """A duration in whole hours, rounded up: the lockout page must not promise a
    shorter wait than django-axes will keep (it passes the cool-off as a timedelta)."""
    return math.ceil(duration.total_seconds() / 3600)


@register.filter
def error_summary(form) -> list[tuple[str, str]]:
    """The form's errors as (link to the field, text), for forms/_error_summary.html."""
    return form_error_summary(form)
