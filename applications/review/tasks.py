"""Celery tasks of the review stage: thin, they take ids and call a service."""

import logging
from datetime import datetime

from celery import shared_task
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from applications.review import selectors, services
from topblog.accounts.models import User
from topblog.notifications.models import Event
from topblog.notifications.services import notification_send

logger = logging.getLogger(__name__)


@shared_task
def selection_publish_task(season_id: int, user_id: int | None) -> dict:
    """Publish the season's selection for the organizer who asked. Publishing twice is
    harmless (the second finds it published); a refusal is logged for them to see."""
    by = User.objects.filter(pk=user_id).first() if user_id else None
    try:
        result = services.selection_publish(season_id=season_id, by=by)
    except ValidationError as refused:
        logger.warning("Season %s: selection not published: %s", season_id, " ".join(refused.messages))
        return {"published": False, "refused": refused.messages}
    return {"published": not result.already, "selected": result.selected, "not_selected": result.not_selected}


@shared_task
def review_reminders_send(now: str | None = None) -> int:
    """Beat, hourly: remind each expert with overdue reviews, once a day. The occasion is
    the expert and the day in Moscow, so however often the job runs it writes one.
    ``now`` (ISO) is for tests that move time forward."""
    moment = datetime.fromisoformat(now) if now else timezone.now()
    day = timezone.localdate(moment)
    overdue = selectors.reviews_overdue(now=moment)
    people = User.objects.in_bulk([o.expert_id for o in overdue])
    written = 0
    for item in overdue:
        person = people[item.expert_id]
        written += len(
            notification_send(
                event=Event.REVIEW_REMINDER,
                recipients=[person],
                context={
                    "name": person.first_name,
                    "count": item.count,
                    "due_at": item.earliest_due_at.isoformat(),
                    "review_url": reverse("review:queue"),
                },
                occasion=f"review-overdue-{day:%Y-%m-%d}",
            )
        )
    return written
