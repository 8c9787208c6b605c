"""The final's Celery tasks: thin, they call a service."""

from celery import shared_task

from teams.final.services.presentations import presentations_lock_due


@shared_task
def presentations_lock() -> int:
    """Beat: the presentations of a season past its deadline locked on their last version."""
    return presentations_lock_due()
