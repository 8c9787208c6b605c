"""Celery tasks of the applications app."""

from datetime import datetime

from celery import shared_task
from django.urls import reverse
from django.utils import timezone

from applications import selectors
from topblog.notifications.models import Event
from topblog.notifications.services import notification_send

# Recipients per outbox write, so one transaction never spans thousands of rows.
CHUNK = 500


@shared_task
def application_draft_reminders_send(now: str | None = None) -> int:
    """Beat, hourly: remind people whose application is still a draft that the window
    closes in three days. The occasion names the window and its closing date, so each
    person is reminded once, and again only if organizers move the date.
    ``now`` (ISO) is for tests that move time forward."""
    moment = datetime.fromisoformat(now) if now else timezone.now()
    window, drafts = selectors.application_drafts_to_remind(now=moment)
    if window is None:
        return 0
    context = {"closes_at": window.ends_at.isoformat(), "application_url": reverse("cabinet:home")}
    occasion = f"applications-close-{window.pk}-{window.ends_at:%Y%m%dT%H%M}"
    recipients = [application.applicant for application in drafts]
    written = 0
    for start in range(0, len(recipients), CHUNK):
        written += len(
            notification_send(
                event=Event.DRAFT_REMINDER,
                recipients=recipients[start : start + CHUNK],
                context=context,
                occasion=occasion,
            )
        )
    return written
