"""Celery tasks of the workspace: thin, they call a service. The periodic one runs on
beat (CELERY_BEAT_SCHEDULE)."""

from celery import shared_task

from teams.projects.services.checkpoints import checkpoint_reminders_send


@shared_task
def checkpoint_reminders() -> dict[str, int]:
    """Beat, hourly: teams reminded of a checkpoint's report before it is due and, if it
    has not come, after the deadline; once per project and checkpoint."""
    return checkpoint_reminders_send()
