import pytest
from django.core import mail
from django.db import IntegrityError, transaction

from tests.factories import UserFactory
from topblog.notifications import services
from topblog.notifications.models import (
    Broadcast,
    Channel,
    Event,
    NotificationPreference,
    OutboxMessage,
    OutboxState,
)
from topblog.notifications.tasks import broadcast_fan_out

pytestmark = pytest.mark.django_db

CONFIRM = {"confirm_url": "https://topblog.example.ru/accounts/confirm/x/"}
RESULTS = {"results_url": "/results/"}


def test_writes_one_message_per_recipient_and_channel(django_capture_on_commit_callbacks):
    people = UserFactory.create_batch(2)
    with django_capture_on_commit_callbacks(execute=True):
        messages = services.notification_send(
            event=Event.RESULTS_PUBLISHED, recipients=people, context=RESULTS, occasion="season-5"
        )
    assert sorted((m.recipient_id, m.channel) for m in messages) == sorted(
        (p.pk, c) for p in people for c in (Channel.EMAIL, Channel.PORTAL)
    )
    assert set(OutboxMessage.objects.values_list("state", flat=True)) == {OutboxState.SENT}
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people)


def test_account_mail_is_email_only(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        messages = services.notification_send(
            event=Event.ACCOUNT_CONFIRM_EMAIL, recipients=[UserFactory()], context=CONFIRM, occasion="token-1"
        )
    assert [m.channel for m in messages] == [Channel.EMAIL]


def test_same_event_occasion_and_recipient_is_written_and_sent_once(django_capture_on_commit_callbacks):
    person = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        first = services.notification_send(
            event=Event.RESULTS_PUBLISHED, recipients=[person], context=RESULTS, occasion="season-5"
        )
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        again = services.notification_send(
            event=Event.RESULTS_PUBLISHED, recipients=[person, person], context=RESULTS, occasion="season-5"
        )
    assert {m.pk for m in again} == {m.pk for m in first}
    assert callbacks == []
    assert OutboxMessage.objects.count() == 2
    assert len(mail.outbox) == 1


def test_another_occasion_is_a_new_message(django_capture_on_commit_callbacks):
    person = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        for token in ("token-1", "token-2"):
            services.notification_send(
                event=Event.ACCOUNT_CONFIRM_EMAIL, recipients=[person], context=CONFIRM, occasion=token
            )
    assert len(mail.outbox) == 2


def test_nothing_is_queued_if_the_callers_transaction_rolls_back(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                services.notification_send(
                    event=Event.RESULTS_PUBLISHED, recipients=[UserFactory()], context=RESULTS, occasion="x"
                )
                raise RuntimeError("the caller fails")
        except RuntimeError:
            pass
    assert callbacks == []
    assert not OutboxMessage.objects.exists()


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"event": "no_such_event", "context": {}}, "Unknown notification event"),
        ({"event": Event.RESULTS_PUBLISHED, "context": {"when": object()}}, "plain JSON"),
        ({"event": Event.RESULTS_PUBLISHED, "context": {}, "occasion": "x" * 151}, "longer than"),
    ],
)
def test_refuses_bad_input_in_the_caller(kwargs, error):
    with pytest.raises(ValueError, match=error):
        services.notification_send(recipients=[UserFactory()], **kwargs)
    assert not OutboxMessage.objects.exists()


def test_broadcast_fans_out_in_chunks_with_progress(settings, django_capture_on_commit_callbacks):
    settings.NOTIFICATIONS_FANOUT_CHUNK = 2
    people = UserFactory.create_batch(5)
    with django_capture_on_commit_callbacks(execute=True):
        broadcast = services.broadcast_create(
            event=Event.RESULTS_PUBLISHED, recipients=people, context=RESULTS, occasion="season-5"
        )
    broadcast.refresh_from_db()
    assert (broadcast.total, broadcast.fanned_out) == (5, 5)
    assert broadcast.fanned_out_at is not None
    assert broadcast.messages.filter(state=OutboxState.SENT).count() == 10
    assert len(mail.outbox) == 5


def test_broadcast_skips_people_deleted_before_their_chunk(settings, django_capture_on_commit_callbacks):
    people = UserFactory.create_batch(3)
    broadcast = services.broadcast_create(
        event=Event.RESULTS_PUBLISHED, recipients=people, context=RESULTS, occasion="season-5"
    )
    people[0].delete()
    with django_capture_on_commit_callbacks(execute=True):
        broadcast_fan_out(broadcast.pk)
    broadcast.refresh_from_db()
    assert broadcast.fanned_out == 3
    assert broadcast.messages.filter(channel=Channel.EMAIL).count() == 2


def test_resend_requeues_only_failed_messages(scripted_mail, django_capture_on_commit_callbacks):
    scripted_mail.script = [ValueError("broken header")]
    people = UserFactory.create_batch(2)
    with django_capture_on_commit_callbacks(execute=True):
        services.notification_send(
            event=Event.ACCOUNT_CONFIRM_EMAIL, recipients=people, context=CONFIRM, occasion="t"
        )
    failed = OutboxMessage.objects.get(state=OutboxState.FAILED)
    assert failed.attempts == 1 and "broken header" in failed.last_error
    with django_capture_on_commit_callbacks(execute=True):
        count = services.outbox_messages_resend(
            message_ids=list(OutboxMessage.objects.values_list("pk", flat=True))
        )
    assert count == 1
    failed.refresh_from_db()
    assert (failed.state, failed.attempts) == (OutboxState.SENT, 1)
    assert len(scripted_mail.sent) == 2


def test_preference_set_creates_and_updates():
    person = UserFactory()
    services.notification_preference_set(user=person, email_optional=False)
    assert NotificationPreference.objects.get(user=person).email_optional is False
    services.notification_preference_set(user=person, email_optional=True)
    assert NotificationPreference.objects.get(user=person).email_optional is True


def test_read_marks_only_the_persons_own_notifications(django_capture_on_commit_callbacks):
    me, other = UserFactory.create_batch(2)
    with django_capture_on_commit_callbacks(execute=True):
        services.notification_send(
            event=Event.RESULTS_PUBLISHED, recipients=[me, other], context=RESULTS, occasion="s"
        )
    mine = OutboxMessage.objects.get(recipient=me, channel=Channel.PORTAL)
    theirs = OutboxMessage.objects.get(recipient=other, channel=Channel.PORTAL)
    assert services.notification_read(user=me, message_id=mine.pk) is True
    assert services.notification_read(user=me, message_id=theirs.pk) is False
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert services.notification_read_all(user=other) == 1


def test_broadcast_occasion_is_unique_per_event():
    services.broadcast_create(event=Event.RESULTS_PUBLISHED, recipients=[], context=RESULTS, occasion="s")
    with pytest.raises(IntegrityError):
        services.broadcast_create(event=Event.RESULTS_PUBLISHED, recipients=[], context=RESULTS, occasion="s")
    assert Broadcast.objects.count() == 1


def test_read_touches_only_the_notification_centre(django_capture_on_commit_callbacks):
    me = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.notification_send(
            event=Event.RESULTS_PUBLISHED, recipients=[me], context=RESULTS, occasion="s"
        )
    services.notification_send(event=Event.RESULTS_PUBLISHED, recipients=[me], context=RESULTS, occasion="t")
    email = OutboxMessage.objects.get(recipient=me, channel=Channel.EMAIL, occasion="s")
    waiting = OutboxMessage.objects.get(recipient=me, channel=Channel.PORTAL, occasion="t")
    assert waiting.state == OutboxState.PENDING
    # Mail and a notification not yet delivered are not in the centre, so not "read".
    assert services.notification_read(user=me, message_id=email.pk) is False
    assert services.notification_read(user=me, message_id=waiting.pk) is False
    assert services.notification_read_all(user=me) == 1
    assert services.notification_read_all(user=me) == 0
    assert set(OutboxMessage.objects.exclude(read_at=None).values_list("channel", "occasion")) == {
        (Channel.PORTAL, "s")
    }
