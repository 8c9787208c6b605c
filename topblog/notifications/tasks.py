"""Celery tasks of the outbox: thin, they take ids, call delivery or outbox functions and
queue what those return. Retries are scheduled here, as new tasks with a countdown, so a
batch's failures wait without holding a worker."""

from collections.abc import Sequence
from datetime import timedelta
from functools import partial

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from topblog.after_response import after_response
from topblog.notifications import delivery, outbox, reminders, selectors


@shared_task
def outbox_deliver(message_ids: list[int]) -> int:
    """Deliver a batch of outbox messages and schedule the retries of transient failures."""
    retries = delivery.outbox_batch_deliver(message_ids=message_ids)
    for retry in retries:
        outbox_deliver.apply_async(args=[retry.message_ids], countdown=retry.delay)
    return len(message_ids)


def outbox_deliver_on_commit(message_ids: Sequence[int]) -> None:
    """Queue delivery in batches once the current transaction commits (at once outside
    one), and in a request only after its response: no mail is sent, nor a broker called,
    while the person waits. ``robust``: if the broker is down, the rows are safe in the
    outbox and the sweep queues them later, so the caller's request must not fail for it."""
    size = settings.NOTIFICATIONS_BATCH_SIZE
    for start in range(0, len(message_ids), size):
        batch = list(message_ids[start : start + size])
        transaction.on_commit(partial(after_response, partial(outbox_deliver.delay, batch)), robust=True)


@shared_task
def outbox_sweep() -> int:
    """Beat, every minute: send again what a lost worker or a lost task left behind."""
    message_ids = delivery.outbox_sweep()
    outbox_deliver_on_commit(message_ids)
    before = timezone.now() - timedelta(seconds=settings.NOTIFICATIONS_STUCK_AFTER_SECONDS)
    for broadcast_id in selectors.broadcasts_stalled(before=before):
        broadcast_fan_out.delay(broadcast_id)
    return len(message_ids)


@shared_task
def broadcast_fan_out(broadcast_id: int) -> None:
    """Write one chunk of a broadcast, queue its delivery, then queue the next chunk."""
    new_ids, more = outbox.broadcast_chunk_write(broadcast_id=broadcast_id)
    outbox_deliver_on_commit(new_ids)
    if more:
        broadcast_fan_out.delay(broadcast_id)


@shared_task
def stage_reminders_send() -> int:
    """Beat, hourly: remind of stages starting in 7 days and in 1 day."""
    new_ids = reminders.stage_reminders_write(now=timezone.now())
    outbox_deliver_on_commit(new_ids)
    return len(new_ids)
