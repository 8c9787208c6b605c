"""Delivery: sending a batch of messages, recording the outcome, and the sweep.

1. A task claims the pending mails of its batch (claims.py): they are the worker's
   under a lease of NOTIFICATIONS_LEASE_SECONDS, renewed while it works through them.
   A portal notification is claimed and delivered in one transaction.
2. Each mail is recorded sent in the statement right after the server accepted it.
   Sent is final: a task the broker hands out again finds nothing left to do.
3. A transient failure puts the message back to pending with a due time that doubles
   each attempt; a permanent one, or the last allowed attempt, marks it failed. Either
   way the attempt joins the message's history.
4. The sweep (every NOTIFICATIONS_SWEEP_SECONDS) releases what a lost worker held once
   its lease has run out, and queues again a due message nobody has taken for a lease's
   length (its task was lost: the broker restarted empty, or was down at publish).

Delivery is at least once. The one window no mail client can close: the server accepted
a message and the worker died before the next statement recorded it. The sweep sends it
again, with the same Message-ID, so the receiving server can recognise the copy.

These functions sit below services.py and tasks.py: tasks call them and queue what they
return, so services (which queue tasks) and tasks never import each other.
"""

import contextlib
import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import F
from django.utils import timezone

from topblog.notifications import claims, selectors
from topblog.notifications.channels import DeliveryError, EmailChannel
from topblog.notifications.claims import CLOCK_SLACK, lease_length, outbox_transition, retry_delay
from topblog.notifications.models import (
    AttemptOutcome,
    Channel,
    OutboxAttempt,
    OutboxMessage,
    OutboxState,
)
from topblog.notifications.rendering import (
    RenderedMessage,
    message_context,
    message_render,
    recipient_language,
)

logger = logging.getLogger(__name__)

S = OutboxState
WORKER_LOST = "The worker sending this message was lost; sending again."
# One sweep queues at most this many; the next sweep takes the rest.
SWEEP_LIMIT = 10_000


@dataclass(frozen=True)
class Retry:
    message_ids: list[int]
    delay: int


@contextlib.contextmanager
def asynchronous_commit():
    """While a batch is delivered, PostgreSQL commits its status writes without waiting
    for the disk (synchronous_commit off on this connection until the batch ends): a
    status then costs a round trip instead of an fsync per message. A crash of the
    database server can lose the statuses of its last fraction of a second; those
    messages are sent again, never lost. Messages are written with durable commits."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO OFF")
    try:
        yield
    finally:
        # A connection that broke during the batch is discarded by Django anyway.
        with contextlib.suppress(DatabaseError), connection.cursor() as cursor:
            cursor.execute("RESET synchronous_commit")


def outbox_messages_skip(*, message_ids: list[int]) -> None:
    """Pending → skipped: the person turned optional mail off after it was written."""
    outbox_transition(
        message_ids,
        source=S.PENDING,
        target=S.SKIPPED,
        last_error="The recipient turned optional messages off.",
    )


def _opted_out(message: OutboxMessage) -> bool:
    if message.is_essential:
        return False
    preference = getattr(message.recipient, "notification_preference", None)
    return preference is not None and not preference.email_optional


def _render(message: OutboxMessage, texts: dict, language: str) -> tuple[dict, RenderedMessage]:
    context = message_context(
        event=message.event,
        context=message.context,
        recipient_id=message.recipient_id,
        recipient_email=message.recipient.email,
        email=message.channel == Channel.EMAIL,
    )
    try:
        return context, message_render(texts=texts[message.event, language], context=context)
    except Exception as error:
        raise DeliveryError(f"The template does not render: {error}", permanent=True) from error


def portal_messages_deliver(*, messages: list[OutboxMessage], texts: dict, now: datetime) -> None:
    """Portal notifications: claimed, rendered and marked sent in one transaction
    (pending → sent), since showing one touches nothing outside the database."""
    with transaction.atomic():
        mine = set(
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(pk__in=[m.pk for m in messages], state=S.PENDING, due_at__lte=now + CLOCK_SLACK)
            .values_list("pk", flat=True)
        )
        # One UPDATE per distinct outcome: a broadcast's messages read the same for
        # everyone who shares a language.
        outcomes: dict[tuple, list[int]] = defaultdict(list)
        failures: list[tuple[OutboxMessage, str]] = []
        for message in messages:
            if message.pk not in mine:
                continue
            try:
                _context, rendered = _render(message, texts, recipient_language(message.recipient.language))
            except DeliveryError as error:
                outcomes[S.FAILED, "", "", str(error)].append(message.pk)
                failures.append((message, str(error)))
                continue
            outcomes[S.SENT, rendered.subject[:255], rendered.text, ""].append(message.pk)
        for (target, subject, body, error), ids in outcomes.items():
            outbox_transition(
                ids,
                source=S.PENDING,
                target=target,
                attempts=F("attempts") + 1,
                sent_at=now if target == S.SENT else None,
                subject=subject,
                body=body,
                last_error=error,
            )
        OutboxAttempt.objects.bulk_create(
            OutboxAttempt(
                message_id=message.pk,
                number=message.attempts + 1,
                started_at=now,
                finished_at=now,
                outcome=AttemptOutcome.FAILED,
                error=error,
            )
            for message, error in failures
        )


def email_messages_deliver(
    *, messages: list[OutboxMessage], texts: dict, now: datetime | None
) -> dict[int, list[int]]:
    """Mails, over one connection, under one claim. Returns the ids to retry by delay.
    When the mail server is unreachable, the message in hand records the attempt and
    the rest of the claim waits with it, rather than each waiting out its own timeout."""

    def clock() -> datetime:
        return now or timezone.now()

    if not messages:
        return {}
    skipped = [m.pk for m in messages if _opted_out(m)]
    if skipped:
        outbox_messages_skip(message_ids=skipped)
    claim = claims.outbox_batch_claim(
        message_ids=[m.pk for m in messages if m.pk not in skipped], now=clock()
    )
    held = [m for m in messages if m.pk in claim.attempts]
    retries: dict[int, list[int]] = defaultdict(list)
    with EmailChannel() as email:
        for index, message in enumerate(held):
            claim.keep(now=clock())
            started_at = clock()
            if claims.outbox_attempt_start(claim=claim, message_id=message.pk, now=started_at) is None:
                continue
            try:
                language = recipient_language(message.recipient.language)
                context, rendered = _render(message, texts, language)
                email.send(message=message, rendered=rendered, context=context, language=language)
            except DeliveryError as error:
                delay = claims.outbox_message_fail(
                    claim=claim, message_id=message.pk, error=error, started_at=started_at, now=clock()
                )
                if delay is not None:
                    retries[delay].append(message.pk)
                if error.server_down:
                    wait = delay or retry_delay(1)
                    rest = [m.pk for m in held[index + 1 :]]
                    due_at = clock() + timedelta(seconds=wait)
                    retries[wait] += claims.outbox_claim_release(claim=claim, message_ids=rest, due_at=due_at)
                    break
                continue
            # Nothing between the server's acceptance and this record: it is the window
            # in which a lost worker leaves a message to be sent twice.
            claims.outbox_message_sent(
                claim=claim, message_id=message.pk, subject=rendered.subject, body=rendered.text, now=clock()
            )
    return retries


def outbox_batch_deliver(*, message_ids: list[int], now: datetime | None = None) -> list[Retry]:
    """Deliver a batch of messages; return the retries to schedule."""
    messages = list(
        OutboxMessage.objects.filter(pk__in=message_ids, state=S.PENDING)
        .select_related("recipient", "recipient__notification_preference")
        .order_by("pk")
    )
    texts = selectors.message_templates_for(
        keys={(m.event, recipient_language(m.recipient.language)) for m in messages}
    )
    portal = [m for m in messages if m.channel == Channel.PORTAL]
    emails = [m for m in messages if m.channel == Channel.EMAIL]
    with asynchronous_commit():
        if portal:
            portal_messages_deliver(messages=portal, texts=texts, now=now or timezone.now())
        retries = email_messages_deliver(messages=emails, texts=texts, now=now)
    return [Retry(message_ids=ids, delay=delay) for delay, ids in retries.items()]


def outbox_sweep(*, now: datetime | None = None) -> list[int]:
    """Release what lost workers held once their lease ran out, and find due messages
    whose task was lost. Returns the ids to queue again."""
    now = now or timezone.now()
    with transaction.atomic():
        expired = list(
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(state=S.SENDING, lease_until__lt=now)
            .values_list("pk", "attempts", "claimed_at")[:SWEEP_LIMIT]
        )
        # Those in the middle of a send when their worker was lost; the rest of the claim
        # had not been tried and goes back as it was.
        in_flight = [(pk, attempts, started) for pk, attempts, started in expired if started is not None]
        exhausted = [
            pk for pk, attempts, _started in in_flight if attempts >= settings.NOTIFICATIONS_MAX_ATTEMPTS
        ]
        interrupted = [
            pk for pk, attempts, _started in in_flight if attempts < settings.NOTIFICATIONS_MAX_ATTEMPTS
        ]
        untried = [pk for pk, _attempts, started in expired if started is None]
        gone = {"claimed_at": None, "lease_until": None}
        outbox_transition(exhausted, source=S.SENDING, target=S.FAILED, last_error=WORKER_LOST, **gone)
        outbox_transition(
            interrupted, source=S.SENDING, target=S.PENDING, due_at=now, last_error=WORKER_LOST, **gone
        )
        outbox_transition(untried, source=S.SENDING, target=S.PENDING, due_at=now, **gone)
        OutboxAttempt.objects.bulk_create(
            OutboxAttempt(
                message_id=pk,
                number=attempts,
                started_at=started,
                finished_at=now,
                outcome=AttemptOutcome.LOST,
                error=WORKER_LOST,
            )
            for pk, attempts, started in in_flight
        )
        lost = list(
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(state=S.PENDING, due_at__lt=now - lease_length())
            .values_list("pk", flat=True)[:SWEEP_LIMIT]
        )
        # Due now, so the next sweeps leave them to the task queued here for a lease's length.
        OutboxMessage.objects.filter(pk__in=lost).update(due_at=now)
    if expired or lost:
        logger.warning(
            "Sweep: %s claims released (%s mid-send), %s failed, %s lost messages queued again",
            len(expired),
            len(in_flight),
            len(exhausted),
            len(lost),
        )
    return interrupted + untried + lost


def outbox_messages_release_failed(*, message_ids: list[int], now: datetime) -> list[int]:
    """Failed → pending with a fresh count of attempts, for an organizer's resend."""
    with transaction.atomic():
        ids = list(
            OutboxMessage.objects.select_for_update()
            .filter(pk__in=message_ids, state=S.FAILED)
            .values_list("pk", flat=True)
        )
        outbox_transition(ids, source=S.FAILED, target=S.PENDING, attempts=0, due_at=now)
    return ids
