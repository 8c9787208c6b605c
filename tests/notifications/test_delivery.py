import smtplib
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import UserFactory
from topblog.notifications import delivery, tasks
from topblog.notifications.channels import message_id_header
from topblog.notifications.models import (
    Broadcast,
    Channel,
    Event,
    MessageTemplate,
    NotificationPreference,
    OutboxMessage,
    OutboxState,
)
from topblog.notifications.outbox import outbox_messages_write

pytestmark = pytest.mark.django_db

CONFIRM = {"confirm_url": "https://topblog.example.ru/accounts/confirm/x/"}


def write(*people, event=Event.ACCOUNT_CONFIRM_EMAIL, context=CONFIRM, occasion="t", now=None) -> list[int]:
    return outbox_messages_write(
        event=event, recipient_ids=[p.pk for p in people], context=context, occasion=occasion, now=now
    ).new_ids


@pytest.fixture
def retry_settings(settings):
    settings.NOTIFICATIONS_RETRY_BASE_SECONDS = 60
    settings.NOTIFICATIONS_RETRY_MAX_SECONDS = 3600
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 3
    settings.NOTIFICATIONS_STUCK_AFTER_SECONDS = 600
    return settings


def test_backoff_doubles_up_to_the_cap(retry_settings):
    assert [delivery.retry_delay(n) for n in range(1, 9)] == [60, 120, 240, 480, 960, 1920, 3600, 3600]


def test_transient_failure_waits_for_its_due_time_then_sends(scripted_mail, retry_settings):
    now = timezone.now()
    [pk] = write(UserFactory(), now=now)
    scripted_mail.script = [smtplib.SMTPResponseException(451, b"try later")]

    retries = delivery.outbox_batch_deliver(message_ids=[pk], now=now)

    assert retries == [delivery.Retry(message_ids=[pk], delay=60)]
    message = OutboxMessage.objects.get(pk=pk)
    assert (message.state, message.attempts, message.due_at) == (
        OutboxState.PENDING,
        1,
        now + timedelta(seconds=60),
    )
    assert "451" in message.last_error
    # A copy of the task arriving early does not cut the backoff short.
    assert delivery.outbox_batch_deliver(message_ids=[pk], now=now + timedelta(seconds=30)) == []
    assert OutboxMessage.objects.get(pk=pk).attempts == 1

    assert delivery.outbox_batch_deliver(message_ids=[pk], now=now + timedelta(seconds=60)) == []
    message.refresh_from_db()
    assert (message.state, message.attempts, message.last_error) == (OutboxState.SENT, 2, "")
    assert len(scripted_mail.sent) == 1


def test_transient_failures_stop_at_the_attempt_limit(scripted_mail, retry_settings):
    now = timezone.now()
    [pk] = write(UserFactory(), now=now)
    scripted_mail.script = [smtplib.SMTPResponseException(452, b"mailbox full")] * 3
    for attempt in range(3):
        delivery.outbox_batch_deliver(message_ids=[pk], now=now + timedelta(hours=attempt))
    message = OutboxMessage.objects.get(pk=pk)
    assert (message.state, message.attempts) == (OutboxState.FAILED, 3)
    assert scripted_mail.sent == []


@pytest.mark.parametrize(
    ("error", "state"),
    [
        (smtplib.SMTPRecipientsRefused({"a@example.ru": (550, b"no such user")}), OutboxState.FAILED),
        (smtplib.SMTPRecipientsRefused({"a@example.ru": (450, b"greylisted")}), OutboxState.PENDING),
        (smtplib.SMTPDataError(554, b"content rejected"), OutboxState.FAILED),
        (smtplib.SMTPDataError(451, b"local error"), OutboxState.PENDING),
        (ValueError("Header values can't contain newlines"), OutboxState.FAILED),
    ],
)
def test_permanent_errors_fail_at_once_transient_ones_retry(scripted_mail, retry_settings, error, state):
    [pk] = write(UserFactory())
    scripted_mail.script = [error]
    delivery.outbox_batch_deliver(message_ids=[pk])
    assert OutboxMessage.objects.get(pk=pk).state == state


def test_mail_server_down_keeps_the_rest_of_the_batch_waiting(scripted_mail, retry_settings):
    people = UserFactory.create_batch(3)
    email_ids = write(*people)
    written = outbox_messages_write(
        event=Event.RESULTS_PUBLISHED, recipient_ids=[people[0].pk], context={}, occasion="r"
    )
    portal_ids = [m.pk for m in written.messages if m.channel == Channel.PORTAL]
    scripted_mail.script = [ConnectionRefusedError(111, "Connection refused")]

    retries = delivery.outbox_batch_deliver(message_ids=email_ids + portal_ids)

    assert retries == [delivery.Retry(message_ids=email_ids, delay=60)]
    attempts = dict(OutboxMessage.objects.filter(pk__in=email_ids).values_list("pk", "attempts"))
    assert attempts == {email_ids[0]: 1, email_ids[1]: 0, email_ids[2]: 0}
    # The portal needs no mail server.
    assert OutboxMessage.objects.get(pk=portal_ids[0]).state == OutboxState.SENT


def test_a_sent_message_is_never_sent_again(scripted_mail):
    [pk] = write(UserFactory())
    delivery.outbox_batch_deliver(message_ids=[pk])
    delivery.outbox_batch_deliver(message_ids=[pk])
    tasks.outbox_deliver([pk])
    assert len(scripted_mail.sent) == 1


def test_a_message_another_worker_is_sending_is_left_to_it(scripted_mail):
    [pk] = write(UserFactory())
    assert delivery.outbox_message_claim(message=OutboxMessage.objects.get(pk=pk), now=timezone.now()) == 1
    delivery.outbox_batch_deliver(message_ids=[pk])
    assert scripted_mail.sent == []
    assert OutboxMessage.objects.get(pk=pk).state == OutboxState.SENDING


def test_sweep_releases_claims_of_lost_workers_and_requeues_lost_tasks(scripted_mail, retry_settings):
    now = timezone.now()
    lost_worker, live_worker, lost_task, exhausted, fresh = (write(UserFactory(), now=now) for _ in range(5))
    delivery.outbox_message_claim(message=OutboxMessage.objects.get(pk=lost_worker[0]), now=now)
    delivery.outbox_message_claim(
        message=OutboxMessage.objects.get(pk=live_worker[0]), now=now + timedelta(minutes=9)
    )
    OutboxMessage.objects.filter(pk=exhausted[0]).update(
        state=OutboxState.SENDING, attempts=3, claimed_at=now
    )
    OutboxMessage.objects.filter(pk=fresh[0]).update(due_at=now + timedelta(minutes=9))

    queued = delivery.outbox_sweep(now=now + timedelta(minutes=11))

    assert sorted(queued) == sorted([lost_worker[0], lost_task[0]])
    states = dict(OutboxMessage.objects.values_list("pk", "state"))
    assert states[lost_worker[0]] == OutboxState.PENDING
    assert states[live_worker[0]] == OutboxState.SENDING
    assert states[exhausted[0]] == OutboxState.FAILED
    # Once queued again, the next sweep leaves them to that task.
    assert delivery.outbox_sweep(now=now + timedelta(minutes=12)) == []

    delivery.outbox_batch_deliver(message_ids=queued, now=now + timedelta(minutes=11))
    message = OutboxMessage.objects.get(pk=lost_worker[0])
    assert (message.state, message.attempts) == (OutboxState.SENT, 2)
    assert len(scripted_mail.sent) == 2


def test_sweep_task_queues_messages_and_stalled_broadcasts(
    monkeypatch, retry_settings, django_capture_on_commit_callbacks
):
    queued, fanned = [], []
    monkeypatch.setattr(tasks.outbox_deliver, "delay", queued.append)
    monkeypatch.setattr(tasks.broadcast_fan_out, "delay", fanned.append)
    old = timezone.now() - timedelta(hours=1)
    ids = write(UserFactory(), now=old)
    stalled = Broadcast.objects.create(event=Event.RESULTS_PUBLISHED, occasion="s", total=3, updated_at=old)
    Broadcast.objects.create(
        event=Event.RESULTS_PUBLISHED, occasion="done", fanned_out_at=old, updated_at=old
    )

    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.outbox_sweep() == 1

    assert queued == [ids]
    assert fanned == [stalled.pk]


def test_deliver_task_schedules_retries_with_their_countdown(scripted_mail, monkeypatch, retry_settings):
    scheduled = []
    monkeypatch.setattr(tasks.outbox_deliver, "apply_async", lambda **kw: scheduled.append(kw))
    [pk] = write(UserFactory())
    scripted_mail.script = [smtplib.SMTPServerDisconnected("gone")]
    tasks.outbox_deliver([pk])
    assert scheduled == [{"args": [[pk]], "countdown": 60}]


def test_optional_mail_is_skipped_for_people_who_turned_it_off(scripted_mail):
    person = UserFactory()
    NotificationPreference.objects.create(user=person, email_optional=False)
    optional = outbox_messages_write(
        event=Event.RESULTS_PUBLISHED, recipient_ids=[person.pk], context={}, occasion="r"
    ).new_ids
    essential = write(person)
    delivery.outbox_batch_deliver(message_ids=optional + essential)
    by_kind = {(m.event, m.channel): m.state for m in OutboxMessage.objects.all()}
    assert by_kind == {
        (Event.RESULTS_PUBLISHED, Channel.EMAIL): OutboxState.SKIPPED,
        (Event.RESULTS_PUBLISHED, Channel.PORTAL): OutboxState.SENT,
        (Event.ACCOUNT_CONFIRM_EMAIL, Channel.EMAIL): OutboxState.SENT,
    }
    assert [m.to for m in scripted_mail.sent] == [[person.email]]


def test_every_attempt_carries_the_same_message_id(scripted_mail, retry_settings):
    now = timezone.now()
    [pk] = write(UserFactory(), now=now)
    scripted_mail.script = [smtplib.SMTPServerDisconnected("gone")]
    delivery.outbox_batch_deliver(message_ids=[pk], now=now)
    delivery.outbox_batch_deliver(message_ids=[pk], now=now + timedelta(minutes=1))
    [sent] = scripted_mail.sent
    assert sent.extra_headers["Message-ID"] == message_id_header(OutboxMessage.objects.get(pk=pk))


def test_a_template_that_does_not_render_fails_the_message(scripted_mail):
    MessageTemplate.objects.filter(event=Event.RESULTS_PUBLISHED, language="ru").update(subject="{% if %}")
    ids = write(UserFactory(language="ru"), event=Event.RESULTS_PUBLISHED, context={"results_url": "/r/"})
    delivery.outbox_batch_deliver(message_ids=ids)
    message = OutboxMessage.objects.get(pk__in=ids, channel=Channel.EMAIL)
    assert message.state == OutboxState.FAILED
    assert "template" in message.last_error
    assert scripted_mail.sent == []


def test_a_claim_on_a_stale_read_takes_nothing(scripted_mail):
    [pk] = write(UserFactory())
    stale = OutboxMessage.objects.get(pk=pk)
    # Meanwhile another worker tried it, failed, and its retry is due.
    OutboxMessage.objects.filter(pk=pk).update(attempts=1)
    assert delivery.outbox_message_claim(message=stale, now=timezone.now()) is None
    assert delivery.outbox_message_claim(message=OutboxMessage.objects.get(pk=pk), now=timezone.now()) == 2


def test_moves_outside_the_table_are_refused():
    [pk] = write(UserFactory())
    with pytest.raises(ValueError, match="cannot go from sent to pending"):
        delivery.outbox_transition([pk], source=OutboxState.SENT, target=OutboxState.PENDING)
