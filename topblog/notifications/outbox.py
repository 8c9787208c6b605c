"""Writing messages into the outbox, without queueing them: services.py and tasks.py
both write through here and queue what comes back, so neither imports the other."""

import json
import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from topblog.notifications.models import Broadcast, Event, OutboxMessage, OutboxState, event_channels

logger = logging.getLogger(__name__)

OCCASION_MAX_LENGTH = OutboxMessage._meta.get_field("occasion").max_length


@dataclass(frozen=True)
class Written:
    messages: list[OutboxMessage]
    # Only the rows this call created: a repeat must not queue the first call's rows again.
    new_ids: list[int]


def idempotency_key(*, event: str, occasion: str, recipient_id: int) -> str:
    return f"{event}:{occasion}:{recipient_id}"


def message_input_validate(*, event: str, context: dict[str, Any], occasion: str) -> None:
    # Refused here, in the caller's request, rather than later in a worker nobody watches.
    if event not in Event.values:
        raise ValueError(f"Unknown notification event {event!r}.")
    if len(occasion) > OCCASION_MAX_LENGTH:
        raise ValueError(f"The occasion is longer than {OCCASION_MAX_LENGTH} characters.")
    try:
        json.dumps(context)
    except (TypeError, ValueError) as error:
        raise ValueError(f"The notification context must be plain JSON: {error}") from error


def outbox_messages_write(
    *,
    event: str,
    recipient_ids: list[int],
    context: dict[str, Any],
    occasion: str = "",
    broadcast_id: int | None = None,
    now: datetime | None = None,
) -> Written:
    """One pending message per recipient and channel of the event. A message whose key
    (event, occasion, recipient) already exists on that channel is not written again."""
    message_input_validate(event=event, context=context, occasion=occasion)
    now = now or timezone.now()
    keys = {
        pk: idempotency_key(event=event, occasion=occasion, recipient_id=pk)
        for pk in dict.fromkeys(recipient_ids)
    }
    channels = event_channels(event)
    with transaction.atomic():
        existing = set(
            OutboxMessage.objects.filter(idempotency_key__in=keys.values(), channel__in=channels).values_list(
                "channel", "idempotency_key"
            )
        )
        OutboxMessage.objects.bulk_create(
            [
                OutboxMessage(
                    event=event,
                    occasion=occasion,
                    channel=channel,
                    recipient_id=pk,
                    context=context,
                    idempotency_key=key,
                    broadcast_id=broadcast_id,
                    created_at=now,
                    due_at=now,
                )
                for pk, key in keys.items()
                for channel in channels
                if (channel, key) not in existing
            ],
            # A concurrent caller may have written the same key since the read above.
            ignore_conflicts=True,
            batch_size=1000,
        )
        messages = list(
            OutboxMessage.objects.filter(idempotency_key__in=keys.values(), channel__in=channels).order_by(
                "pk"
            )
        )
    new_ids = [
        m.pk
        for m in messages
        if (m.channel, m.idempotency_key) not in existing and m.state == OutboxState.PENDING
    ]
    logger.info("Outbox: %s %r for %s recipients, %s new", event, occasion, len(keys), len(new_ids))
    return Written(messages=messages, new_ids=new_ids)


def broadcast_chunk_write(*, broadcast_id: int, now: datetime | None = None) -> tuple[list[int], bool]:
    """Write the next chunk of a broadcast's messages and move its progress on.
    Returns the new message ids and whether recipients remain."""
    now = now or timezone.now()
    with transaction.atomic():
        broadcast = Broadcast.objects.select_for_update().filter(pk=broadcast_id).first()
        if broadcast is None or broadcast.fanned_out >= broadcast.total:
            return [], False
        chunk = broadcast.recipient_ids[
            broadcast.fanned_out : broadcast.fanned_out + settings.NOTIFICATIONS_FANOUT_CHUNK
        ]
        # People deleted since the broadcast was created are left out, not a reason to stall it.
        present = set(get_user_model().objects.filter(pk__in=chunk).values_list("pk", flat=True))
        written = outbox_messages_write(
            event=broadcast.event,
            recipient_ids=[pk for pk in chunk if pk in present],
            context=broadcast.context,
            occasion=broadcast.occasion,
            broadcast_id=broadcast.pk,
            now=now,
        )
        broadcast.fanned_out += len(chunk)
        broadcast.updated_at = now
        if broadcast.fanned_out >= broadcast.total:
            broadcast.fanned_out_at = now
        broadcast.save(update_fields=["fanned_out", "updated_at", "fanned_out_at"])
    return written.new_ids, broadcast.fanned_out < broadcast.total
