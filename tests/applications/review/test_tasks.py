"""Overdue reviews reminded once a day through the outbox; the publication task."""

from datetime import timedelta

import pytest
from django.utils import timezone

from applications.models import ApplicationStatus, ReviewAssignment
from applications.review import tasks
from applications.review.models import Selection
from tests.applications.review.factories import (
    assigned,
    criteria,
    current_season,
    judge,
    review_settings,
    submit,
    submitted_application,
)
from topblog.notifications.models import Channel, Event, OutboxMessage

pytestmark = pytest.mark.django_db

S = ApplicationStatus


def reminders(person) -> list[OutboxMessage]:
    return list(
        OutboxMessage.objects.filter(recipient=person, event=Event.REVIEW_REMINDER, channel=Channel.EMAIL)
    )


def test_an_expert_with_overdue_reviews_is_reminded_once_a_day():
    season = current_season()
    review_settings(season)
    season_criteria = criteria(season)
    late, punctual = judge("culture"), judge("culture")
    for _ in range(2):
        assigned(submitted_application("culture", status=S.UNDER_REVIEW), late, due_in=timedelta(days=-1))
    done = submitted_application("culture", status=S.UNDER_REVIEW)
    assigned(done, punctual, due_in=timedelta(days=-1))
    submit(done, punctual, season_criteria, 5)
    assigned(submitted_application("culture", status=S.UNDER_REVIEW), punctual, due_in=timedelta(days=3))

    now = timezone.now()
    tasks.review_reminders_send(now=now.isoformat())
    tasks.review_reminders_send(now=(now + timedelta(hours=1)).isoformat())
    [reminder] = reminders(late)
    assert reminder.context["count"] == 2 and reminder.context["review_url"] == "/review/"
    assert reminders(punctual) == []

    tasks.review_reminders_send(now=(now + timedelta(days=1)).isoformat())
    assert len(reminders(late)) == 2


def test_no_reminders_for_cancelled_work_or_after_publication():
    season = current_season()
    person = judge("culture")
    assignment = assigned(
        submitted_application("culture", status=S.UNDER_REVIEW), person, due_in=timedelta(days=-1)
    )
    ReviewAssignment.objects.filter(pk=assignment.pk).update(cancelled_at=timezone.now())
    tasks.review_reminders_send()
    assigned(submitted_application("culture", status=S.UNDER_REVIEW), person, due_in=timedelta(days=-1))
    Selection.objects.create(season=season, published_at=timezone.now())
    tasks.review_reminders_send()
    assert reminders(person) == []


def test_the_publication_task_reports_a_refusal_instead_of_failing():
    season = current_season()
    assert tasks.selection_publish_task(season.pk, None) == {
        "published": False,
        "refused": ["Сначала рассчитайте предложение отбора."],
    }
