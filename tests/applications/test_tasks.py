from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse

from applications.models import ApplicationStatus
from applications.tasks import application_draft_reminders_send
from tests.factories import ApplicationFactory, SeasonFactory
from topblog.notifications.models import Channel, Event, OutboxMessage
from topblog.tracks.models import Stage, StageKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def closes_at():
    SeasonFactory()
    return Stage.objects.get(kind=StageKind.APPLICATIONS).ends_at


def reminded() -> list[str]:
    return sorted(
        OutboxMessage.objects.filter(event=Event.DRAFT_REMINDER, channel=Channel.EMAIL).values_list(
            "recipient__email", flat=True
        )
    )


def at(moment) -> int:
    return application_draft_reminders_send(now=moment.isoformat())


def test_drafts_are_reminded_three_days_before_the_window_closes_once(closes_at):
    draft = ApplicationFactory()
    ApplicationFactory(status=ApplicationStatus.SUBMITTED, submitted_at=closes_at - timedelta(days=9))

    assert at(closes_at - timedelta(days=4)) == 0
    assert reminded() == []

    at(closes_at - timedelta(days=3))
    at(closes_at - timedelta(days=2))
    at(closes_at - timedelta(hours=1))
    assert reminded() == [draft.applicant.email]

    assert at(closes_at + timedelta(minutes=1)) == 0


def test_a_later_closing_date_is_a_new_reminder(closes_at):
    draft = ApplicationFactory()
    at(closes_at - timedelta(days=3))
    window = Stage.objects.get(kind=StageKind.APPLICATIONS)
    window.ends_at += timedelta(days=7)
    window.save()
    at(window.ends_at - timedelta(days=3))
    assert reminded() == [draft.applicant.email] * 2


def test_the_reminder_links_to_the_cabinet(closes_at, settings, django_capture_on_commit_callbacks):
    settings.NOTIFICATIONS_SITE_URL = "https://topblog.example.ru"
    ApplicationFactory()
    with django_capture_on_commit_callbacks(execute=True):
        at(closes_at - timedelta(days=2))
    [message] = mail.outbox
    assert f"https://topblog.example.ru{reverse('cabinet:home')}" in message.body
    assert message.subject.startswith("Приём заявок закрывается")
