"""The outbox on the organizers' dashboard: what waits, what went out and what failed."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import PortalNotificationFactory, SeasonFactory
from topblog.dashboard.registry import Audience, Scope
from topblog.notifications.dashboard import outbox_collect
from topblog.notifications.models import OutboxMessage, OutboxState

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def message(channel: str, state: str, *, age: timedelta = timedelta(0), **fields) -> OutboxMessage:
    return PortalNotificationFactory(
        channel=channel, state=state, created_at=NOW - age, due_at=NOW - age,
        sent_at=fields.pop("sent_at", NOW - age if state == OutboxState.SENT else None), **fields,
    )


def table_of(now=NOW) -> dict[str, tuple]:
    scope = Scope(audience=Audience.ORGANIZERS, season=SeasonFactory(), previous_season=None, direction=None,
                  now=now)
    (section,) = outbox_collect(scope).sections
    (table,) = section.tables
    return {row[0]: row[1:] for row in table.rows}


def test_outbox_counts_waiting_sent_and_failed_messages_of_the_last_day_per_channel():
    message("email", OutboxState.PENDING, age=timedelta(hours=3))
    message("email", OutboxState.SENDING, age=timedelta(minutes=5))
    message("email", OutboxState.SENT, age=timedelta(hours=2))
    message("email", OutboxState.SENT, age=timedelta(days=2))  # sent, but not in the last day
    message("email", OutboxState.FAILED, age=timedelta(hours=5))
    message("email", OutboxState.FAILED, age=timedelta(days=3))  # failed, waiting for an organizer
    message("email", OutboxState.SKIPPED)
    message("portal", OutboxState.SENT)
    table = table_of()
    waiting, oldest, sent, failed_day, failed = table["Электронная почта"]
    assert (waiting, sent, failed_day, failed) == (2, 1, 1, 2)
    assert oldest.startswith("3")
    assert table["Уведомление на портале"] == (0, None, 1, 0, 0)


def test_an_empty_outbox_shows_zeros_for_every_channel():
    nothing = (0, None, 0, 0, 0)
    assert table_of() == {"Электронная почта": nothing, "Уведомление на портале": nothing}
