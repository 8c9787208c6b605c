"""Stage reminders: 7 days and 1 day before each stage of the current season (the days
are a setting). The idempotency key makes each go once per person and occasion however
often the beat job runs."""

from datetime import datetime

from django.conf import settings

from topblog.notifications import selectors
from topblog.notifications.models import Event
from topblog.notifications.outbox import outbox_messages_write


def stage_reminders_write(*, now: datetime) -> list[int]:
    """Write the reminders due at ``now``; return the new message ids to queue."""
    new_ids: list[int] = []
    chunk = settings.NOTIFICATIONS_FANOUT_CHUNK
    for reminder in selectors.stage_reminders_due(now=now):
        context = {
            "stage": reminder.stage.kind,
            "starts_at": reminder.stage.starts_at.isoformat(),
            "days": reminder.days,
        }
        recipient_ids = selectors.stage_audience_ids(stage=reminder.stage)
        for start in range(0, len(recipient_ids), chunk):
            written = outbox_messages_write(
                event=Event.STAGE_REMINDER,
                recipient_ids=recipient_ids[start : start + chunk],
                context=context,
                occasion=reminder.occasion,
                now=now,
            )
            new_ids += written.new_ids
    return new_ids
