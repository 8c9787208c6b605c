"""Every write of the notifications app that other code and the admin call."""

import logging
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from topblog.accounts.models import User
from topblog.notifications import delivery, selectors, tasks
from topblog.notifications.defaults import shipped_templates
from topblog.notifications.models import (
    Broadcast,
    Event,
    MessageTemplate,
    NotificationPreference,
    OutboxMessage,
)
from topblog.notifications.outbox import message_input_validate, outbox_messages_write
from topblog.notifications.placeholders import broadcast_problems
from topblog.notifications.publishing import task_publish_on_commit

logger = logging.getLogger(__name__)


def notification_send(
    *, event: Event, recipients: Iterable[User], context: dict[str, Any], occasion: str = ""
) -> list[OutboxMessage]:
    """Tell ``recipients`` about ``event``: one outbox message per recipient and channel,
    written in the caller's transaction (or its own), delivered by a task after commit.

    ``context`` is plain JSON (strings, numbers, ISO dates); links may be paths. The
    idempotency key is (event, occasion, recipient) per channel: calling again with the
    same occasion writes and sends nothing new, which is how a reminder goes once per
    person and occasion. Use a distinct occasion for a message that must go again.
    For thousands of recipients use ``broadcast_create``, which fans out in a task.
    Returns the recipients' messages for this key, new or already there."""
    written = outbox_messages_write(
        event=event, recipient_ids=[user.pk for user in recipients], context=context, occasion=occasion
    )
    tasks.outbox_deliver_on_commit(written.new_ids)
    return written.messages


def broadcast_create(
    *,
    event: Event,
    recipients: Iterable[User] | QuerySet,
    context: dict[str, Any],
    occasion: str,
    created_by: User | None = None,
) -> Broadcast:
    """Tell many people about ``event``: the broadcast is recorded here and its messages
    are written in chunks by a task after commit, never in the request. ValidationError
    for an event not meant for broadcasting or a context that does not fill its
    placeholders (placeholders.broadcast_problems)."""
    problems = broadcast_problems(event=event, context=context)
    if problems:
        raise ValidationError(problems, code="broadcast_invalid")
    message_input_validate(event=event, context=context, occasion=occasion)
    if isinstance(recipients, QuerySet):
        recipient_ids = list(recipients.order_by("pk").values_list("pk", flat=True).distinct())
    else:
        recipient_ids = list(dict.fromkeys(user.pk for user in recipients))
    with transaction.atomic():
        broadcast = Broadcast.objects.create(
            event=event,
            occasion=occasion,
            context=context,
            recipient_ids=recipient_ids,
            total=len(recipient_ids),
            created_by=created_by,
        )
        task_publish_on_commit(tasks.broadcast_fan_out, broadcast.pk)
    logger.info("Broadcast %s: %s %r to %s people", broadcast.pk, event, occasion, len(recipient_ids))
    return broadcast


def outbox_messages_resend(*, message_ids: list[int], now: datetime | None = None) -> int:
    """Send failed messages again, with a fresh count of attempts. Others are left alone:
    a sent message is never sent twice."""
    with transaction.atomic():
        released = delivery.outbox_messages_release_failed(message_ids=message_ids, now=now or timezone.now())
        tasks.outbox_deliver_on_commit(released)
    logger.info("Resending %s failed notifications", len(released))
    return len(released)


def notification_preference_set(*, user: User, email_optional: bool) -> NotificationPreference:
    """Turn optional mail on or off. Essential mail is not affected."""
    with transaction.atomic():
        preference, _created = NotificationPreference.objects.select_for_update().get_or_create(user=user)
        preference.email_optional = email_optional
        preference.save(update_fields=["email_optional", "updated_at"])
    logger.info("User %s: optional mail %s", user.pk, "on" if email_optional else "off")
    return preference


def notification_read(*, user: User, message_id: int, now: datetime | None = None) -> bool:
    """Mark one of the person's own portal notifications read; False if it is not theirs."""
    mine = selectors.portal_notifications(user=user).filter(pk=message_id)
    mine.filter(read_at__isnull=True).update(read_at=now or timezone.now())
    return mine.exists()


def notification_read_all(*, user: User, now: datetime | None = None) -> int:
    """Mark everything unread in the person's notification centre read; returns how many."""
    return (
        selectors.portal_notifications(user=user)
        .filter(read_at__isnull=True)
        .update(read_at=now or timezone.now())
    )


def message_templates_restore(*, template_ids: list[int]) -> int:
    """Put the shipped texts back into the chosen templates."""
    restored = 0
    with transaction.atomic():
        for template in MessageTemplate.objects.select_for_update().filter(pk__in=template_ids):
            shipped = shipped_templates().get((template.event, template.language))
            if shipped is None:
                continue
            template.subject, template.text, template.html = shipped.subject, shipped.text, shipped.html
            template.save(update_fields=["subject", "text", "html", "updated_at"])
            restored += 1
    logger.info("Restored %s message templates to the shipped texts", restored)
    return restored
