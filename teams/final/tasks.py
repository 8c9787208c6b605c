"""The final's Celery tasks: thin, they call a service."""

from celery import shared_task

from teams.final.services.presentations import presentation_reminders_send, presentations_lock_due


@shared_task
def presentations_lock() -> dict[str, int]:
    """Beat: the teams reminded of the coming deadline, and the presentations of a season
    past its deadline locked on their last version."""
    return {"reminded": presentation_reminders_send(), "locked": presentations_lock_due()}
