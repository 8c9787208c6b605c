"""Celery tasks of the teams: thin, they take ids and call a service."""

from celery import shared_task

from teams.services import formation_compute, membership


@shared_task(acks_late=True, reject_on_worker_lost=True)
def formation_run_compute(run_id: int) -> str:
    """A large formation, computed off the request; the run records its progress."""
    return formation_compute.formation_run_compute(run_id=run_id).status


@shared_task
def memberships_sweep() -> int:
    """Beat, every 5 minutes: finalists who declined after being placed leave their team."""
    return membership.memberships_departed_release()
