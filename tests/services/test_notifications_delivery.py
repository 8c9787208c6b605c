"""Delivery through real Celery workers, Redis, PostgreSQL and an SMTP server on
loopback: every message arrives, and arrives once, through outages and a killed worker."""

import os
import signal
import threading
from collections import Counter

import pytest

from tests.services.conftest import wait_until
from topblog.accounts.models import User
from topblog.notifications.channels import message_id_header
from topblog.notifications.models import (
    AttemptOutcome,
    Broadcast,
    Channel,
    Event,
    OutboxMessage,
    OutboxState,
)
from topblog.notifications.selectors import broadcasts_with_progress
from topblog.notifications.services import broadcast_create, notification_send

# Serialized rollback like every transactional test here: the migrations' reference data
# (roles, regions, templates) comes back for the next test instead of being flushed away.
pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

RESET = {"reset_url": "https://topblog.example.ru/accounts/reset/x/"}


def people(count: int) -> list[User]:
    return User.objects.bulk_create(
        User(email=f"person{n}@example.ru", language=("ru", "en")[n % 2]) for n in range(count)
    )


def expected_message_ids() -> Counter[str]:
    return Counter(message_id_header(m) for m in OutboxMessage.objects.filter(channel=Channel.EMAIL))


def all_sent() -> bool:
    return not OutboxMessage.objects.exclude(state=OutboxState.SENT).exists()


def test_a_thousand_messages_are_delivered_exactly_once(smtp_sink, celery_worker_factory):
    smtp_sink.start()
    celery_worker_factory(env={"EMAIL_URL": smtp_sink.url})

    broadcast = broadcast_create(
        event=Event.RESULTS_PUBLISHED, recipients=people(1000), context={"results_url": "/r/"}, occasion="s5"
    )

    wait_until(
        lambda: Broadcast.objects.get().fanned_out_at is not None and all_sent(),
        timeout=180,
        what="1,000 mails and 1,000 portal notifications",
    )
    assert smtp_sink.received == expected_message_ids()
    assert set(smtp_sink.received.values()) == {1} and len(smtp_sink.received) == 1000
    progress = broadcasts_with_progress().get(pk=broadcast.pk)
    assert (progress.sent_count, progress.waiting_count, progress.failed_count) == (2000, 0, 0)


def test_mail_server_down_then_back_every_message_arrives_after_retries(smtp_sink, celery_worker_factory):
    celery_worker_factory(
        env={
            "EMAIL_URL": smtp_sink.url,
            "NOTIFICATIONS_RETRY_BASE_SECONDS": "1",
            "NOTIFICATIONS_MAX_ATTEMPTS": "12",
        }
    )
    notification_send(event=Event.PASSWORD_RESET, recipients=people(200), context=RESET, occasion="t")

    # The server refuses the first attempt and the first retry before it comes up.
    wait_until(
        lambda: OutboxMessage.objects.filter(attempts__gte=2).exists(),
        timeout=60,
        what="a retry against the server that is down",
    )
    assert OutboxMessage.objects.filter(state=OutboxState.SENT).count() == 0
    smtp_sink.start()

    wait_until(all_sent, timeout=120, what="all 200 mails after the server came back")
    assert smtp_sink.received == expected_message_ids()
    assert set(smtp_sink.received.values()) == {1} and len(smtp_sink.received) == 200


def test_a_worker_killed_mid_batch_loses_nothing_and_duplicates_nothing(smtp_sink, celery_worker_factory):
    smtp_sink.start()
    # One pool process: the kill then lands while the only sender waits on the server for
    # the message in flight, and the rest of its batch is claimed but not yet tried.
    doomed = celery_worker_factory(concurrency=1, env={"EMAIL_URL": smtp_sink.url})
    killed = threading.Event()

    def kill_during_the_121st_mail(sink, message_id) -> bool:
        if killed.is_set() or sink.total < 120:
            return False
        os.killpg(doomed.pid, signal.SIGKILL)
        killed.set()
        return True

    smtp_sink.before_accept = kill_during_the_121st_mail
    notification_send(event=Event.PASSWORD_RESET, recipients=people(400), context=RESET, occasion="t")

    wait_until(killed.is_set, timeout=120, what="the worker to be killed mid-batch")
    doomed.wait(timeout=30)
    states = Counter(OutboxMessage.objects.values_list("state", flat=True))
    # Batches of 100: the first sent, the second's 21st in flight and the rest of it
    # held by the dead worker's claim, the last two still queued in the broker.
    assert (states[OutboxState.SENT], states[OutboxState.SENDING], states[OutboxState.PENDING]) == (
        120,
        80,
        200,
    )

    # A new worker, and the beat job that releases the dead one's claim once its lease
    # runs out and queues again the batches its death took from the broker.
    celery_worker_factory(
        env={
            "EMAIL_URL": smtp_sink.url,
            "NOTIFICATIONS_LEASE_SECONDS": "2",
            "NOTIFICATIONS_SWEEP_SECONDS": "1",
        },
        beat=True,
    )

    wait_until(all_sent, timeout=120, what="all 400 mails after the sweep")
    assert smtp_sink.received == expected_message_ids()
    assert set(smtp_sink.received.values()) == {1} and len(smtp_sink.received) == 400
    [interrupted] = OutboxMessage.objects.filter(attempts=2)
    assert [a.outcome for a in interrupted.failed_attempts.all()] == [AttemptOutcome.LOST]
