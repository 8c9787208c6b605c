"""Reads of the finalists: a person's own standing and history, and what the beat jobs
act on."""

from datetime import datetime, timedelta

from django.db.models import QuerySet

from applications.models import ApplicationStatus
from modules.models import Finalist, FinalistChange, FinalistStatus, ProgrammeSettings
from modules.models.finalists import PUBLISHED_STATUSES


def finalist_of(*, application_id: int) -> Finalist | None:
    """The person's finalist standing once published; None before (a proposal is the
    organizers' draft) or when they are not on the list."""
    return (
        Finalist.objects.filter(application_id=application_id, status__in=PUBLISHED_STATUSES)
        .select_related("direction")
        .first()
    )


def finalist_history(*, finalist_id: int) -> list[FinalistChange]:
    """The published steps, oldest first: the organizers' drafting is not the person's history."""
    return list(
        FinalistChange.objects.filter(finalist_id=finalist_id, to_status__in=PUBLISHED_STATUSES).order_by(
            "changed_at", "pk"
        )
    )


def waiting_ahead(*, finalist: Finalist) -> int:
    """How many people wait before ``finalist`` on their list."""
    if finalist.status != FinalistStatus.WAITING or finalist.waiting_position is None:
        return 0
    return Finalist.objects.filter(
        season_id=finalist.season_id,
        direction_id=finalist.direction_id,
        role=finalist.role,
        status=FinalistStatus.WAITING,
        waiting_position__lt=finalist.waiting_position,
    ).count()


def finalists_overdue(*, now: datetime) -> list[int]:
    """Invited finalists whose time to confirm has passed."""
    return list(
        Finalist.objects.filter(status=FinalistStatus.INVITED, confirm_by__lt=now)
        .order_by("confirm_by", "pk")
        .values_list("pk", flat=True)
    )


def finalists_withdrawn() -> list[int]:
    """Finalists holding or awaiting a seat whose application is no longer selected: it
    was withdrawn (by the person, an organizer, or with their consent to processing)."""
    return list(
        Finalist.objects.filter(
            status__in=[FinalistStatus.INVITED, FinalistStatus.CONFIRMED, FinalistStatus.WAITING]
        )
        .exclude(application__status=ApplicationStatus.SELECTED)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def finalists_to_remind(*, now: datetime) -> list[Finalist]:
    """Invited finalists of the current season within their season's reminder lead of
    the deadline."""
    due = []
    invited = Finalist.objects.filter(
        season__is_current=True, status=FinalistStatus.INVITED, confirm_by__gt=now
    ).select_related("application__applicant", "season")
    leads: dict[int, timedelta] = {}
    for finalist in invited:
        if finalist.season_id not in leads:
            hours = ProgrammeSettings.for_season(finalist.season).confirmation_reminder_hours
            leads[finalist.season_id] = timedelta(hours=hours)
        if finalist.confirm_by - now <= leads[finalist.season_id]:
            due.append(finalist)
    return due


def season_finalists(*, season_id: int) -> QuerySet[Finalist]:
    return Finalist.objects.filter(season_id=season_id).select_related("application", "direction")
