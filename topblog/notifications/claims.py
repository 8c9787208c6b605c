"""The moves of an outbox message between states, and the claim a worker holds on the
mails it sends.

A worker claims its batch (pending → sending) under a random claim token and a lease of
NOTIFICATIONS_LEASE_SECONDS, renews the lease while it works through the batch, and
starts each attempt with a fresh lease for that send. Every write after that names the
claim: a worker that outlived its lease (frozen, cut off) and finds its messages taken
over records nothing over the worker that took them. Moves are checked against
models.ALLOWED_TRANSITIONS; each is one conditional UPDATE, so of two writers the
second waits for the first, finds the row changed and moves nothing.
"""

import logging
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache

from django.conf import settings
from django.db import connection
from django.db.models import Q

from topblog.notifications.channels import DeliveryError
from topblog.notifications.models import (
    ALLOWED_TRANSITIONS,
    AttemptOutcome,
    OutboxAttempt,
    OutboxMessage,
    OutboxState,
)

logger = logging.getLogger(__name__)

S = OutboxState
# A retry's task may start a moment before its due time, by the clocks of two machines.
CLOCK_SLACK = timedelta(seconds=2)


def retry_delay(attempt: int) -> int:
    """Seconds to wait after failed attempt number ``attempt`` (1, 2, ...)."""
    base = settings.NOTIFICATIONS_RETRY_BASE_SECONDS
    return min(base * 2 ** max(attempt - 1, 0), settings.NOTIFICATIONS_RETRY_MAX_SECONDS)


def lease_length() -> timedelta:
    return timedelta(seconds=settings.NOTIFICATIONS_LEASE_SECONDS)


def transition_check(source: str, target: str) -> None:
    """Refuse a move the table (models.ALLOWED_TRANSITIONS) does not list."""
    if target not in ALLOWED_TRANSITIONS[source]:
        raise ValueError(f"An outbox message cannot go from {source} to {target}.")


def outbox_transition(
    message_ids: list[int], *, source: str, target: str, where: Q | None = None, **fields
) -> int:
    """Move the messages among ``message_ids`` that are in ``source`` (and match
    ``where``) to ``target``; returns how many moved."""
    transition_check(source, target)
    messages = OutboxMessage.objects.filter(pk__in=message_ids, state=source)
    if where is not None:
        messages = messages.filter(where)
    return messages.update(state=target, **fields)


@lru_cache(maxsize=32)
def _update_sql(sources: tuple[str, ...], values: tuple[str, ...], where: tuple[str, ...]) -> str:
    """The UPDATE of one message, built once per shape: on the per-mail path the ORM
    spends 0.8 ms of CPU building it against microseconds here, and the statement that
    records a mail sent is the one between the server's acceptance and our record of it.
    Column names come from the model, values are parameters."""
    meta = OutboxMessage._meta
    quote = connection.ops.quote_name

    def column(name: str) -> str:
        return quote(meta.get_field(name).column)

    assignments = ", ".join(f"{column(name)} = %s" for name in values)
    tests = " AND ".join(f"{column(name)} = %s" for name in where)
    states = ", ".join(["%s"] * len(sources))
    return (
        f"UPDATE {quote(meta.db_table)} SET {assignments} "  # noqa: S608
        f"WHERE {quote(meta.pk.column)} = %s AND {tests} AND {column('state')} IN ({states})"
    )


def _move_one(message_id: int, *, sources: tuple[str, ...], target: str, where: dict, values: dict) -> bool:
    """One message from one of ``sources`` to ``target`` (staying in a state is no move),
    if it matches ``where``."""
    for source in sources:
        if source != target:
            transition_check(source, target)
    values = {"state": target, **values}
    meta = OutboxMessage._meta

    def params(named: dict) -> list:
        return [meta.get_field(name).get_db_prep_value(value, connection) for name, value in named.items()]

    sql = _update_sql(sources, tuple(values), tuple(where))
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params(values), message_id, *params(where), *sources])
        return cursor.rowcount == 1


@dataclass
class Claim:
    """A worker's hold on a batch: the token its writes name, the messages it took
    with their attempts so far, and when it last renewed the lease."""

    token: uuid.UUID
    attempts: dict[int, int]
    renewed: float = field(default_factory=time.monotonic)

    def keep(self, *, now: datetime) -> None:
        """Renew the lease of what the claim still holds, a third of a lease after the
        last renewal: a live worker's batch never looks lost, however long it takes."""
        if time.monotonic() - self.renewed < settings.NOTIFICATIONS_LEASE_SECONDS / 3:
            return
        OutboxMessage.objects.filter(claim=self.token, state=S.SENDING).update(
            lease_until=now + lease_length()
        )
        self.renewed = time.monotonic()


def outbox_batch_claim(*, message_ids: list[int], now: datetime) -> Claim:
    """Pending and due → sending under a new claim, for a lease. Messages another worker
    holds, that were sent meanwhile or are not due yet are not taken."""
    token = uuid.uuid4()
    OutboxMessage.objects.filter(pk__in=message_ids, state=S.PENDING, due_at__lte=now + CLOCK_SLACK).update(
        state=S.SENDING, claim=token, lease_until=now + lease_length(), claimed_at=None
    )
    taken = OutboxMessage.objects.filter(claim=token, state=S.SENDING).values_list("pk", "attempts")
    return Claim(token=token, attempts=dict(taken))


def outbox_attempt_start(*, claim: Claim, message_id: int, now: datetime) -> int | None:
    """Count an attempt and give its send a whole lease. Returns the attempt number, or
    None if the claim lost the message (its lease ran out and another worker took it)."""
    attempt = claim.attempts[message_id] + 1
    started = _move_one(
        message_id,
        sources=(S.SENDING,),
        target=S.SENDING,
        where={"claim": claim.token},
        values={"attempts": attempt, "claimed_at": now, "lease_until": now + lease_length()},
    )
    if not started:
        logger.warning(
            "Notification %s: the claim ran out before its send; left to its new holder", message_id
        )
        return None
    claim.attempts[message_id] = attempt
    return attempt


def outbox_message_sent(*, claim: Claim, message_id: int, subject: str, body: str, now: datetime) -> bool:
    """Sending → sent, keeping what the person got, if the claim still holds the message.
    A message the sweep released after this worker's lease ran out, and that no other
    worker has claimed since, is recorded too: it was sent, and a resend is a copy."""
    recorded = _move_one(
        message_id,
        sources=(S.SENDING, S.PENDING),
        target=S.SENT,
        where={"claim": claim.token},
        values={"sent_at": now, "subject": subject[:255], "body": body, "lease_until": None},
    )
    if not recorded:
        logger.warning("Notification %s was sent after another worker took it over", message_id)
    return recorded


def _attempt_record(
    *, message_id: int, number: int, started_at: datetime | None, now: datetime, outcome: str, error: str
) -> None:
    OutboxAttempt.objects.create(
        message_id=message_id,
        number=number,
        started_at=started_at,
        finished_at=now,
        outcome=outcome,
        error=error,
    )


def outbox_message_fail(
    *, claim: Claim, message_id: int, error: DeliveryError, started_at: datetime, now: datetime
) -> int | None:
    """Sending → pending with a later due time, or → failed, if the claim still holds
    the message; the attempt joins the message's history. Returns the retry delay."""
    attempt = claim.attempts[message_id]
    final = error.permanent or attempt >= settings.NOTIFICATIONS_MAX_ATTEMPTS
    delay = None if final else retry_delay(attempt)
    values = {"last_error": str(error), "claimed_at": None, "lease_until": None}
    if delay is not None:
        values["due_at"] = now + timedelta(seconds=delay)
    recorded = _move_one(
        message_id,
        sources=(S.SENDING,),
        target=S.FAILED if final else S.PENDING,
        where={"claim": claim.token},
        values=values,
    )
    if not recorded:
        logger.warning(
            "Notification %s attempt %s failed after another worker took it over", message_id, attempt
        )
        return None
    _attempt_record(
        message_id=message_id,
        number=attempt,
        started_at=started_at,
        now=now,
        outcome=AttemptOutcome.FAILED if final else AttemptOutcome.RETRY,
        error=str(error),
    )
    if final:
        logger.error("Notification %s failed for good after %s attempts: %s", message_id, attempt, error)
    else:
        logger.warning(
            "Notification %s attempt %s failed, retry in %ss: %s", message_id, attempt, delay, error
        )
    return delay


def outbox_claim_release(*, claim: Claim, message_ids: list[int], due_at: datetime) -> list[int]:
    """Give back messages the claim holds but has not started (the mail server went
    away): pending again, due at ``due_at``, their attempts untouched."""
    released = list(
        OutboxMessage.objects.filter(
            pk__in=message_ids, claim=claim.token, state=S.SENDING, claimed_at__isnull=True
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    outbox_transition(released, source=S.SENDING, target=S.PENDING, due_at=due_at, lease_until=None)
    return released
