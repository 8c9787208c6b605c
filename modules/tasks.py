"""Celery tasks of the programme: thin, they take ids or nothing, and call a service.
The periodic ones run on beat (CELERY_BEAT_SCHEDULE)."""

from collections.abc import Sequence
from functools import partial

from celery import shared_task
from django.db import transaction

from modules.services import finalists, printing, schedule

# Certificates printed per task: a few seconds of work, little lost with a lost worker.
RENDER_BATCH = 50


@shared_task
def certificates_render(certificate_ids: list[int]) -> int:
    for certificate_id in certificate_ids:
        printing.certificate_pdf_ensure(certificate_id=certificate_id)
    return len(certificate_ids)


def certificates_render_on_commit(certificate_ids: Sequence[int]) -> None:
    """Print the certificates once the transaction that issued them commits. ``robust``:
    a certificate whose task is lost is printed when it is first downloaded."""
    for start in range(0, len(certificate_ids), RENDER_BATCH):
        batch = list(certificate_ids[start : start + RENDER_BATCH])
        transaction.on_commit(partial(certificates_render.delay, batch), robust=True)


@shared_task
def schedule_reminders_send() -> dict[str, int]:
    """Beat, every 15 minutes: reminders of sessions and of finalists' deadlines, and
    the people of a moved stage told."""
    return {
        "sessions": schedule.session_reminders_send(),
        "confirmations": finalists.confirmation_reminders_send(),
        "stage_moves": schedule.stage_moves_announce(),
    }


@shared_task
def finalists_sweep() -> dict[str, int]:
    """Beat, every 5 minutes: invitations past their deadline expire and withdrawn
    applications give up their places; the waiting list moves up."""
    return {
        "expired": finalists.finalists_expire(),
        "withdrawn": finalists.finalists_withdrawn_release(),
    }
