from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from tests.factories import SeasonFactory, applicant, expert, organizer
from topblog.notifications import selectors, tasks
from topblog.notifications.models import Channel, Event, OutboxMessage, OutboxState
from topblog.notifications.reminders import stage_reminders_write
from topblog.tracks.models import Stage, StageKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def season():
    """A current season whose portfolio review starts in 30 days; other stages are far off."""
    season = SeasonFactory(stages=False)
    start = timezone.now() + timedelta(days=30)
    Stage.objects.create(
        season=season, kind=StageKind.PORTFOLIO_REVIEW, starts_at=start, ends_at=start + timedelta(days=21)
    )
    return season


def review_stage() -> Stage:
    return Stage.objects.get(kind=StageKind.PORTFOLIO_REVIEW)


def reminded(person, event=Event.STAGE_REMINDER) -> list[int]:
    return sorted(
        OutboxMessage.objects.filter(recipient=person, event=event, channel=Channel.EMAIL).values_list(
            "context__days", flat=True
        )
    )


def test_nothing_is_due_a_month_before(season):
    assert selectors.stage_reminders_due(now=timezone.now()) == []


def test_seven_days_then_one_day_before_each_once(season):
    person, organizer_person, bystander = expert(), organizer(), applicant()
    starts = review_stage().starts_at

    for moment in [
        starts - timedelta(days=7),
        starts - timedelta(days=6, hours=12),
        starts - timedelta(days=2),
    ]:
        stage_reminders_write(now=moment)
    assert reminded(person) == [7]
    assert reminded(organizer_person) == [7]
    # Experts review portfolios; applicants are not part of this stage.
    assert reminded(bystander) == []

    for moment in [starts - timedelta(days=1), starts - timedelta(hours=2)]:
        stage_reminders_write(now=moment)
    assert reminded(person) == [1, 7]

    stage_reminders_write(now=starts + timedelta(hours=1))
    assert reminded(person) == [1, 7]


def test_a_reminder_missed_while_down_is_not_sent_late(season):
    person = expert()
    stage_reminders_write(now=review_stage().starts_at - timedelta(hours=20))
    assert reminded(person) == [1]


def test_a_moved_stage_is_a_new_occasion(season):
    person = expert()
    stage = review_stage()
    stage_reminders_write(now=stage.starts_at - timedelta(days=7))
    stage.starts_at += timedelta(days=14)
    stage.ends_at += timedelta(days=14)
    stage.save()
    stage_reminders_write(now=stage.starts_at - timedelta(days=7))
    assert reminded(person) == [7, 7]


def test_people_who_join_later_still_get_the_reminder(season):
    first = expert()
    moment = review_stage().starts_at - timedelta(days=7)
    stage_reminders_write(now=moment)
    later = expert()
    assert len(stage_reminders_write(now=moment + timedelta(hours=1))) == 2
    assert (reminded(first), reminded(later)) == ([7], [7])


def test_no_current_season_no_reminders():
    expert()
    assert stage_reminders_write(now=timezone.now()) == []


def test_beat_task_sends_the_mail(season, django_capture_on_commit_callbacks):
    person = expert(language="en")
    stage = review_stage()
    stage.starts_at = timezone.now() + timedelta(days=6, hours=23)
    stage.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.stage_reminders_send() == 2
    assert set(OutboxMessage.objects.filter(recipient=person).values_list("state", flat=True)) == {
        OutboxState.SENT
    }
    [message] = mail.outbox
    assert message.subject.startswith("Coming soon: ")
    assert "List-Unsubscribe" in message.extra_headers
