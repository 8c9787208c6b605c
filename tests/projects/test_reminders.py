"""Checkpoint reminders: before the deadline to the teams whose report has not come, after
it to the late ones, each once per project and checkpoint however often beat runs."""

from datetime import timedelta

import time_machine

from teams.projects.models import Checkpoint
from teams.projects.services import projects as services
from teams.projects.tasks import checkpoint_reminders
from topblog.notifications.models import Channel, Event, OutboxMessage


def _first(world) -> Checkpoint:
    return Checkpoint.objects.filter(season=world["season"]).order_by("number").first()


def _mails(event):
    return OutboxMessage.objects.filter(event=event, channel=Channel.EMAIL)


def test_members_are_reminded_before_the_deadline_once(world):
    checkpoint = _first(world)
    with time_machine.travel(checkpoint.due_at - timedelta(days=2), tick=False):
        assert checkpoint_reminders.delay().get() == {"due": 1, "late": 0}
        checkpoint_reminders.delay().get()
    recipients = set(_mails(Event.CHECKPOINT_DUE).values_list("recipient_id", flat=True))
    assert recipients == {world["member"].pk, world["member2"].pk}
    assert _mails(Event.CHECKPOINT_DUE).count() == 2
    message = _mails(Event.CHECKPOINT_DUE).first()
    assert f"/teams/{world['team'].pk}/projects/{world['project'].pk}/" in message.context["project_url"]


def test_nobody_is_reminded_too_early(world):
    checkpoint = _first(world)
    with time_machine.travel(checkpoint.due_at - timedelta(days=10), tick=False):
        checkpoint_reminders.delay().get()
    assert not OutboxMessage.objects.exists()


def test_a_team_that_reported_is_not_reminded(world):
    checkpoint = _first(world)
    with time_machine.travel(checkpoint.due_at - timedelta(days=2), tick=False):
        services.report_submit(
            project_id=world["project"].pk,
            checkpoint_id=checkpoint.pk,
            by=world["member"],
            note="Готово",
            figures={},
        )
        checkpoint_reminders.delay().get()
    assert not OutboxMessage.objects.exists()


def test_late_teams_are_reminded_once_after_the_deadline(world):
    checkpoint = _first(world)
    with time_machine.travel(checkpoint.due_at + timedelta(hours=2), tick=False):
        checkpoint_reminders.delay().get()
    assert not _mails(Event.CHECKPOINT_LATE).exists()
    with time_machine.travel(checkpoint.due_at + timedelta(hours=25), tick=False):
        assert checkpoint_reminders.delay().get()["late"] == 1
    with time_machine.travel(checkpoint.due_at + timedelta(hours=30), tick=False):
        checkpoint_reminders.delay().get()
    assert _mails(Event.CHECKPOINT_LATE).count() == 2
    assert not _mails(Event.CHECKPOINT_DUE).exists()
