"""The portal under faults of the broker and of workers, on PostgreSQL, Redis, real
Celery workers and the portal itself in gunicorn: a broker that refuses or hangs costs a
request about a second and never a 500; what it did not take is sent later by the
sweep; a lost task or a worker frozen past its lease sends nothing twice."""

import asyncio
import os
import signal
import time

import pytest
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.utils import timezone

from applications.models import Application, ApplicationStatus
from tests.factories import ApplicationFactory, applicant, organizer
from tests.services.conftest import wait_until
from tests.services.test_notifications_delivery import RESET, all_sent, expected_message_ids, people
from topblog.notifications.models import AttemptOutcome, Broadcast, Event, OutboxMessage, OutboxState
from topblog.notifications.services import notification_send

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "Zvezda-na-Volge-42"
# Short leases and a sweep every second, so that what these tests wait for takes
# seconds; the defaults (a minute, 15 s) are measured by bench/notifications_smtp.py.
FAST_SWEEP = {"NOTIFICATIONS_LEASE_SECONDS": "2", "NOTIFICATIONS_SWEEP_SECONDS": "1"}


def with_password(user):
    """The web server hashes as production does, not with the tests' fast MD5."""
    hasher = PBKDF2PasswordHasher()
    user.password = hasher.encode(PASSWORD, hasher.salt())
    user.save(update_fields=["password"])
    return user


def log_in(browser, user) -> None:
    status, _headers, _body = browser.post("/accounts/login/", {"username": user.email, "password": PASSWORD})
    assert status == 302, "login failed"


@pytest.mark.parametrize("broker", ["refusing", "hanging"])
def test_registration_during_a_broker_outage_answers_and_the_sweep_sends_the_mail_later(
    broker, dead_redis_url, web_server_factory, celery_worker_factory, smtp_sink
):
    browser = web_server_factory(
        env={"REDIS_URL": dead_redis_url(broker), "REDIS_CACHE_URL": settings.REDIS_CACHE_URL}
    )()
    form = {"email": "anna@example.ru", "password1": PASSWORD, "password2": PASSWORD, "consent": "on"}

    status, headers, _body = browser.post("/accounts/register/", form)

    assert (status, headers["Location"]) == (302, "/accounts/register/done/")
    # The account forms write their mail once the response has gone out.
    wait_until(
        lambda: OutboxMessage.objects.filter(recipient__email="anna@example.ru").exists(),
        timeout=30,
        what="the confirmation mail to be written after the response",
    )
    message = OutboxMessage.objects.get(recipient__email="anna@example.ru")
    assert (message.event, message.state) == (Event.ACCOUNT_CONFIRM_EMAIL, OutboxState.PENDING)

    # The broker is back for the workers: the sweep finds the message nobody queued.
    smtp_sink.start()
    celery_worker_factory(env={"EMAIL_URL": smtp_sink.url, **FAST_SWEEP}, beat=True)
    wait_until(all_sent, timeout=60, what="the confirmation mail after the outage")
    assert smtp_sink.received == expected_message_ids()
    assert list(smtp_sink.received.values()) == [1]


def test_an_admin_action_over_three_applications_during_an_outage_withdraws_all_three(
    dead_redis_url, web_server_factory, celery_worker_factory, smtp_sink
):
    chosen = [
        ApplicationFactory(status=ApplicationStatus.SUBMITTED, submitted_at=timezone.now()) for _ in range(3)
    ]
    browser = web_server_factory(
        env={"REDIS_URL": dead_redis_url("refusing"), "REDIS_CACHE_URL": settings.REDIS_CACHE_URL}
    )()
    log_in(browser, with_password(organizer()))

    status, _headers, _body = browser.post(
        "/admin/applications/application/",
        {
            "action": "withdraw_on_behalf",
            "_selected_action": [a.pk for a in chosen],
            "confirm": "yes",
            "reason": "Заявитель попросил по телефону",
        },
    )

    assert status == 302
    assert set(Application.objects.values_list("status", flat=True)) == {ApplicationStatus.WITHDRAWN}
    withdrawn = OutboxMessage.objects.filter(event=Event.APPLICATION_WITHDRAWN)
    assert withdrawn.count() == 6 and {m.state for m in withdrawn} == {OutboxState.PENDING}

    smtp_sink.start()
    celery_worker_factory(env={"EMAIL_URL": smtp_sink.url, **FAST_SWEEP}, beat=True)
    wait_until(all_sent, timeout=60, what="the three withdrawal mails after the outage")
    assert smtp_sink.received == expected_message_ids()
    assert sorted(smtp_sink.received.values()) == [1, 1, 1]


@pytest.mark.parametrize("redis_state", ["refusing", "hanging"])
def test_with_all_of_redis_down_people_register_log_in_and_see_their_cabinet(
    redis_state, dead_redis_url, web_server_factory
):
    down = dead_redis_url(redis_state)
    open_browser = web_server_factory(env={"REDIS_URL": down, "REDIS_CACHE_URL": down})
    person = with_password(applicant(email="olga@example.ru"))

    browser = open_browser()
    log_in(browser, person)
    status, _headers, body = browser.get("/cabinet/")
    assert status == 200
    assert 'id="cabinet-title"' in body and "/accounts/logout/" in body

    # The account forms count their uses in the cache: without it they let people through.
    form = {"email": "anna@example.ru", "password1": PASSWORD, "password2": PASSWORD, "consent": "on"}
    status, headers, _body = open_browser().post("/accounts/register/", form)
    assert (status, headers["Location"]) == (302, "/accounts/register/done/")
    wait_until(
        lambda: OutboxMessage.objects.filter(recipient__email="anna@example.ru").exists(),
        timeout=30,
        what="the confirmation mail to be written after the response",
    )


def test_a_broker_restarted_empty_mid_broadcast_delays_it_by_a_lease_not_ten_minutes(
    private_redis, web_server_factory, celery_worker_factory, smtp_sink
):
    recipients = people(300)
    restarted = []

    def restart_the_broker_at_the_50th_mail(sink, message_id) -> bool:
        if not restarted and sink.total == 50:
            private_redis.restart()
            restarted.append(sink.total)
        return False

    smtp_sink.before_accept = restart_the_broker_at_the_50th_mail
    smtp_sink.start()
    env = {"REDIS_URL": private_redis.url, "REDIS_CACHE_URL": settings.REDIS_CACHE_URL}
    celery_worker_factory(env={**env, "EMAIL_URL": smtp_sink.url, **FAST_SWEEP}, beat=True)
    browser = web_server_factory(env=env)()
    log_in(browser, with_password(organizer()))

    status, _headers, _body = browser.post(
        "/admin/notifications/broadcast/add/",
        {
            "event": Event.RESULTS_PUBLISHED,
            "occasion": "итоги",
            "audience": "all",
            "context": '{"results_url": "/results/"}',
        },
    )

    assert status == 302
    wait_until(
        lambda: Broadcast.objects.get().fanned_out_at is not None and all_sent(),
        timeout=120,
        what="the broadcast to finish after the broker lost its queue",
    )
    assert restarted, "the broker was never restarted"
    assert smtp_sink.received == expected_message_ids()
    # Everyone active got it once: the 300 people and the organizer who sent it.
    assert set(smtp_sink.received.values()) == {1} and len(smtp_sink.received) == len(recipients) + 1


def test_a_worker_frozen_past_its_lease_records_nothing_over_the_worker_that_took_over(
    smtp_sink, celery_worker_factory
):
    frozen = celery_worker_factory(
        concurrency=1, env={"EMAIL_URL": smtp_sink.url, "NOTIFICATIONS_LEASE_SECONDS": "2"}
    )
    copies: list[str] = []

    def frozen_worker_wrote_its_outcome(message_pk: int) -> bool:
        return f"Notification {message_pk} attempt 1 failed" in frozen.log_path.read_text(errors="replace")

    async def freeze_the_first_sender_and_wake_it_during_the_second(sink, message_id):
        copies.append(message_id)
        if len(copies) == 1:
            # The frozen worker's copy is refused; it will read that only when it wakes.
            os.killpg(frozen.pid, signal.SIGSTOP)
            return True
        # The worker that took over is in the middle of its send: the frozen one wakes
        # and writes down its refusal before this copy is accepted.
        os.killpg(frozen.pid, signal.SIGCONT)
        deadline = time.monotonic() + 20
        while not frozen_worker_wrote_its_outcome(message.pk) and time.monotonic() < deadline:
            await asyncio.sleep(0.1)
        return False

    smtp_sink.before_accept = freeze_the_first_sender_and_wake_it_during_the_second
    smtp_sink.start()
    [message] = notification_send(
        event=Event.PASSWORD_RESET, recipients=people(1), context=RESET, occasion="f"
    )

    wait_until(lambda: len(copies) == 1, timeout=60, what="the first worker to send")
    celery_worker_factory(env={"EMAIL_URL": smtp_sink.url, **FAST_SWEEP}, beat=True)

    wait_until(
        lambda: OutboxMessage.objects.get(pk=message.pk).state == OutboxState.SENT,
        timeout=30,
        what="the copy of the worker that took over to be recorded",
    )
    assert len(copies) == 2 and frozen_worker_wrote_its_outcome(message.pk)
    assert smtp_sink.received == expected_message_ids()
    message.refresh_from_db()
    assert message.attempts == 2
    # The frozen worker's attempt is in the history as the one the sweep took away.
    assert [(a.number, a.outcome) for a in message.failed_attempts.all()] == [(1, AttemptOutcome.LOST)]
