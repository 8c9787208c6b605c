import smtplib
import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import UserFactory
from topblog.notifications import claims, delivery, tasks
from topblog.notifications.channels import DeliveryError, message_id_header
from topblog.notifications.models import (
    AttemptOutcome,
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
    settings.NOTIFICATIONS_LEASE_SECONDS = 60
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
    assert (message.state, message.attempts) == (OutboxState.SENT, 2)
    # What went wrong before stays visible after the message got through.
    assert "451" in message.last_error
    [failed] = message.failed_attempts.all()
    assert (failed.number, failed.outcome, failed.started_at) == (1, AttemptOutcome.RETRY, now)
    assert "451" in failed.error
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
    other = claims.outbox_batch_claim(message_ids=[pk], now=timezone.now())
    assert other.attempts == {pk: 0}
    delivery.outbox_batch_deliver(message_ids=[pk])
    assert scripted_mail.sent == []
    message = OutboxMessage.objects.get(pk=pk)
    assert (message.state, message.claim) == (OutboxState.SENDING, other.token)


def test_sweep_releases_expired_leases_and_requeues_lost_tasks(scripted_mail, retry_settings):
    now = timezone.now()
    in_flight, untried, live, lost_task, exhausted, fresh = (write(UserFactory(), now=now) for _ in range(6))
    lost_claim = claims.outbox_batch_claim(message_ids=in_flight + untried + exhausted, now=now)
    claims.outbox_attempt_start(claim=lost_claim, message_id=in_flight[0], now=now)
    OutboxMessage.objects.filter(pk=exhausted[0]).update(attempts=2)
    lost_claim.attempts[exhausted[0]] = 2
    claims.outbox_attempt_start(claim=lost_claim, message_id=exhausted[0], now=now)
    claims.outbox_batch_claim(message_ids=live, now=now + timedelta(seconds=30))
    OutboxMessage.objects.filter(pk=fresh[0]).update(due_at=now + timedelta(seconds=30))

    # A lease (60 s) and a bit after the lost worker's last sign of life.
    queued = delivery.outbox_sweep(now=now + timedelta(seconds=61))

    assert sorted(queued) == sorted(in_flight + untried + lost_task)
    states = dict(OutboxMessage.objects.values_list("pk", "state"))
    assert states[in_flight[0]] == states[untried[0]] == OutboxState.PENDING
    assert states[live[0]] == OutboxState.SENDING
    assert states[exhausted[0]] == OutboxState.FAILED
    # The attempt cut short is in the history; the message that was never tried is not.
    lost = OutboxMessage.objects.get(pk=in_flight[0])
    assert (lost.attempts, lost.last_error) == (1, delivery.WORKER_LOST)
    assert [(a.number, a.outcome) for a in lost.failed_attempts.all()] == [(1, AttemptOutcome.LOST)]
    never_tried = OutboxMessage.objects.get(pk=untried[0])
    assert (never_tried.attempts, never_tried.last_error) == (0, "")
    assert not never_tried.failed_attempts.exists()
    # Once queued again, the next sweeps leave them to that task for a lease's length.
    assert delivery.outbox_sweep(now=now + timedelta(seconds=62)) == []

    delivery.outbox_batch_deliver(message_ids=queued, now=now + timedelta(seconds=61))
    assert OutboxMessage.objects.get(pk=in_flight[0]).attempts == 2
    assert len(scripted_mail.sent) == 3


def test_a_worker_that_lost_its_lease_records_nothing_over_the_one_that_took_over(retry_settings):
    now = timezone.now()
    [pk] = write(UserFactory(), now=now)
    frozen = claims.outbox_batch_claim(message_ids=[pk], now=now)
    assert claims.outbox_attempt_start(claim=frozen, message_id=pk, now=now) == 1
    later = now + timedelta(seconds=61)
    delivery.outbox_sweep(now=later)
    taker = claims.outbox_batch_claim(message_ids=[pk], now=later)
    assert claims.outbox_attempt_start(claim=taker, message_id=pk, now=later) == 2

    # The frozen worker wakes up: its failure and its success alike find the message taken.
    error = DeliveryError("451 try later", permanent=False)
    assert (
        claims.outbox_message_fail(claim=frozen, message_id=pk, error=error, started_at=now, now=later)
        is None
    )
    assert not claims.outbox_message_sent(claim=frozen, message_id=pk, subject="s", body="b", now=later)
    message = OutboxMessage.objects.get(pk=pk)
    assert (message.state, message.attempts, message.claim) == (OutboxState.SENDING, 2, taker.token)

    assert claims.outbox_message_sent(claim=taker, message_id=pk, subject="s", body="b", now=later)
    assert OutboxMessage.objects.get(pk=pk).state == OutboxState.SENT
    # Nor can it start another send of a message it no longer holds.
    assert claims.outbox_attempt_start(claim=frozen, message_id=pk, now=later) is None


def test_a_late_success_is_recorded_while_nobody_else_has_claimed_the_message(retry_settings):
    now = timezone.now()
    [pk] = write(UserFactory(), now=now)
    slow = claims.outbox_batch_claim(message_ids=[pk], now=now)
    claims.outbox_attempt_start(claim=slow, message_id=pk, now=now)
    delivery.outbox_sweep(now=now + timedelta(seconds=61))
    assert OutboxMessage.objects.get(pk=pk).state == OutboxState.PENDING

    # The mail went out: recording it spares the person a copy from the queued resend.
    assert claims.outbox_message_sent(claim=slow, message_id=pk, subject="s", body="b", now=now)
    assert OutboxMessage.objects.get(pk=pk).state == OutboxState.SENT


def test_the_lease_is_renewed_while_a_batch_is_sent(retry_settings):
    now = timezone.now()
    first, second = write(UserFactory(), UserFactory(), now=now)
    claim = claims.outbox_batch_claim(message_ids=[first, second], now=now)
    claim.keep(now=now + timedelta(seconds=5))
    assert set(OutboxMessage.objects.values_list("lease_until", flat=True)) == {now + timedelta(seconds=60)}

    # A third of a lease later, what the claim holds is leased for another whole lease.
    claim.renewed -= 20
    claim.keep(now=now + timedelta(seconds=20))
    assert set(OutboxMessage.objects.values_list("lease_until", flat=True)) == {now + timedelta(seconds=80)}


def test_a_message_taken_over_during_the_batch_is_not_sent(scripted_mail, retry_settings):
    now = timezone.now()
    first, second = write(UserFactory(), UserFactory(), now=now)

    def second_taken_over() -> None:
        # The lease ran out while the first mail was sent; the sweep released the second
        # and another worker claimed it.
        OutboxMessage.objects.filter(pk=second).update(claim=uuid.uuid4())

    scripted_mail.script = [second_taken_over]
    delivery.outbox_batch_deliver(message_ids=[first, second], now=now)

    assert [m.to for m in scripted_mail.sent] == [[OutboxMessage.objects.get(pk=first).recipient.email]]
    assert OutboxMessage.objects.get(pk=second).attempts == 0


def test_sweep_task_queues_messages_and_stalled_broadcasts(
    monkeypatch, retry_settings, django_capture_on_commit_callbacks
):
    queued, fanned = [], []
    monkeypatch.setattr(tasks.outbox_deliver, "apply_async", lambda args: queued.append(*args))
    monkeypatch.setattr(tasks.broadcast_fan_out, "apply_async", lambda args: fanned.append(*args))
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


def test_a_claim_takes_only_pending_due_messages(retry_settings):
    now = timezone.now()
    due, later, sent = (write(UserFactory(), now=now) for _ in range(3))
    OutboxMessage.objects.filter(pk=later[0]).update(due_at=now + timedelta(minutes=1))
    OutboxMessage.objects.filter(pk=sent[0]).update(state=OutboxState.SENT, sent_at=now)

    claim = claims.outbox_batch_claim(message_ids=due + later + sent, now=now)

    assert claim.attempts == {due[0]: 0}
    message = OutboxMessage.objects.get(pk=due[0])
    assert (message.state, message.lease_until, message.claimed_at) == (
        OutboxState.SENDING,
        now + timedelta(seconds=60),
        None,
    )
    assert claims.outbox_batch_claim(message_ids=due, now=now).attempts == {}


def test_moves_outside_the_table_are_refused():
    [pk] = write(UserFactory())
    with pytest.raises(ValueError, match="cannot go from sent to pending"):
        delivery.outbox_transition([pk], source=OutboxState.SENT, target=OutboxState.PENDING)
