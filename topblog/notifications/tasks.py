"""Celery tasks of the outbox: thin, they take ids, call delivery or outbox functions and
queue what those return. Retries are scheduled here, as new tasks with a countdown, so a
batch's failures wait without holding a worker."""

from collections.abc import Sequence

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from topblog.notifications import claims, delivery, outbox, reminders, selectors
from topblog.notifications.publishing import task_publish, task_publish_on_commit


@shared_task
def outbox_deliver(message_ids: list[int]) -> int:
    """Deliver a batch of outbox messages and schedule the retries of transient failures."""
    retries = delivery.outbox_batch_deliver(message_ids=message_ids)
    for retry in retries:
        outbox_deliver.apply_async(args=[retry.message_ids], countdown=retry.delay)
    return len(message_ids)


def outbox_deliver_on_commit(message_ids: Sequence[int]) -> None:
    """Queue delivery in batches once the current transaction commits (at once outside
    one). A batch the broker does not take waits in the outbox for the sweep."""
    size = settings.NOTIFICATIONS_BATCH_SIZE
    for start in range(0, len(message_ids), size):
        task_publish_on_commit(outbox_deliver, list(message_ids[start : start + size]))


@shared_task
def outbox_sweep() -> int:
    """Beat, every NOTIFICATIONS_SWEEP_SECONDS: send again what a lost worker or a lost
    task left behind, and move on broadcasts whose fan-out stopped."""
    message_ids = delivery.outbox_sweep()
    outbox_deliver_on_commit(message_ids)
    for broadcast_id in selectors.broadcasts_stalled(before=timezone.now() - claims.lease_length()):
        task_publish(broadcast_fan_out, broadcast_id)
    return len(message_ids)


@shared_task
def broadcast_fan_out(broadcast_id: int) -> None:
    """Write one chunk of a broadcast, queue its delivery, then queue the next chunk."""
    new_ids, more = outbox.broadcast_chunk_write(broadcast_id=broadcast_id)
    outbox_deliver_on_commit(new_ids)
    if more:
        task_publish(broadcast_fan_out, broadcast_id)


@shared_task
def stage_reminders_send() -> int:
    """Beat, hourly: remind of stages starting in 7 days and in 1 day."""
    new_ids = reminders.stage_reminders_write(now=timezone.now())
    outbox_deliver_on_commit(new_ids)
    return len(new_ids)
