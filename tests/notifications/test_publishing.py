"""Queueing after commit never fails the request that committed: a publish that raises
is logged, the change and its outbox rows stay, and the sweep sends them later.

These tests commit for real (a transactional test), so Django runs the callbacks as it
does in production, robust path included; django_capture_on_commit_callbacks would call
them directly and never take it."""

import logging

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError

from applications.models import Application, ApplicationStatus
from tests.factories import ApplicationFactory, UserFactory, organizer
from topblog.notifications import publishing, tasks
from topblog.notifications.models import Event, OutboxMessage, OutboxState
from topblog.notifications.services import notification_send

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

STRONG = "Zvezda-na-Volge-42"


class Publishes(list):
    """Every publish of a delivery batch, in order; ``failures`` raise in turn."""

    failures: list[Exception]


@pytest.fixture
def publishes(monkeypatch):
    attempts = Publishes()
    attempts.failures = []

    def apply_async(args, kwargs=None, **options):
        attempts.append(args[0])
        if attempts.failures:
            raise attempts.failures.pop(0)

    monkeypatch.setattr(tasks.outbox_deliver, "apply_async", apply_async)
    return attempts


def register(client):
    form = {"email": "anna@example.ru", "password1": STRONG, "password2": STRONG, "consent": "on"}
    return client.post(reverse("accounts:register"), form)


def test_a_publish_that_raises_still_answers_the_registration_and_keeps_the_message(
    client, publishes, caplog
):
    publishes.failures = [RuntimeError("the broker library broke")]

    with caplog.at_level(logging.ERROR, logger="django.db.backends.base"):
        response = register(client)

    assert response.status_code == 302
    assert response.url == reverse("accounts:register_done")
    message = OutboxMessage.objects.get(recipient__email="anna@example.ru")
    assert (message.event, message.state) == (Event.ACCOUNT_CONFIRM_EMAIL, OutboxState.PENDING)
    assert publishes == [[message.pk]]
    # Django's robust path logged it under the callable's name, with the traceback.
    [record] = [r for r in caplog.records if "in on_commit()" in r.getMessage()]
    assert "task_publish_on_commit(topblog.notifications.tasks.outbox_deliver)" in record.getMessage()
    assert record.exc_info is not None


def test_an_admin_action_over_three_applications_withdraws_all_three_when_publishing_fails(client, publishes):
    chosen = [
        ApplicationFactory(status=ApplicationStatus.SUBMITTED, submitted_at=timezone.now()) for _ in range(3)
    ]
    publishes.failures = [RuntimeError("refused")] * 6
    client.force_login(organizer())

    response = client.post(
        reverse("admin:applications_application_changelist"),
        {
            "action": "withdraw_on_behalf",
            ACTION_CHECKBOX_NAME: [a.pk for a in chosen],
            "confirm": "yes",
            "reason": "Заявитель попросил по телефону",
        },
    )

    assert response.status_code == 302
    assert set(Application.objects.values_list("status", flat=True)) == {ApplicationStatus.WITHDRAWN}
    waiting = OutboxMessage.objects.filter(event=Event.APPLICATION_WITHDRAWN)
    assert waiting.count() == 6 and {m.state for m in waiting} == {OutboxState.PENDING}


def test_every_batch_of_a_commit_is_published_after_one_fails(settings, publishes):
    settings.NOTIFICATIONS_BATCH_SIZE = 1
    people = UserFactory.create_batch(3)
    publishes.failures = [RuntimeError("one batch")]

    messages = notification_send(event=Event.PASSWORD_RESET, recipients=people, context={}, occasion="o")

    assert publishes == [[m.pk] for m in messages]


def test_after_the_broker_refuses_publishing_pauses_then_resumes(settings, publishes, monkeypatch):
    settings.NOTIFICATIONS_PUBLISH_PAUSE_SECONDS = 10
    clock = [1000.0]
    monkeypatch.setattr(publishing.time, "monotonic", lambda: clock[0])
    # No failure yet on this clock, whatever an earlier test's publish met.
    monkeypatch.setattr(publishing, "_last_failure", float("-inf"))
    person = UserFactory()
    publishes.failures = [OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")]

    def send(occasion: str) -> None:
        notification_send(event=Event.PASSWORD_RESET, recipients=[person], context={}, occasion=occasion)

    send("first")
    clock[0] += 9
    send("during the pause")
    assert len(publishes) == 1
    clock[0] += 2
    send("after it")
    assert len(publishes) == 2
    assert OutboxMessage.objects.filter(state=OutboxState.PENDING).count() == 3
