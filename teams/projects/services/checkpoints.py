"""The refinement's checkpoints: placed on the season's schedule, and the teams reminded
of them before the deadline and, if their report has not come, after it."""

import logging
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from teams.models import Membership
from teams.projects import validators
from teams.projects.calendar import checkpoint_dates
from teams.projects.models import Checkpoint, CheckpointReport, MediaProject, ProjectSettings
from topblog.accounts.models import User
from topblog.notifications.models import Event
from topblog.notifications.services import notification_send
from topblog.tracks.models import Stage, StageKind

logger = logging.getLogger(__name__)

# Late reports are chased for this long after the reminder's time: a checkpoint of months
# ago, found when reminders are first turned on, does not flood the teams.
LATE_WINDOW = timedelta(days=7)


def checkpoints_ensure(*, season_id: int) -> list[Checkpoint]:
    """The season's checkpoints through its refinement stage, one every
    ``ProjectSettings.checkpoint_every_months`` months from the stage's start and the last
    on its end. Creates the missing numbers only: dates organizers changed in the admin
    stay. Returns the checkpoints created."""
    stage = Stage.objects.filter(season_id=season_id, kind=StageKind.REFINEMENT).first()
    if stage is None:
        raise ValidationError(validators.NO_REFINEMENT_STAGE, code="no_refinement")
    every = ProjectSettings.for_season(season_id).checkpoint_every_months
    dates = checkpoint_dates(starts_at=stage.starts_at, ends_at=stage.ends_at, every_months=every)
    with transaction.atomic():
        existing = set(
            Checkpoint.objects.select_for_update()
            .filter(season_id=season_id)
            .values_list("number", flat=True)
        )
        with override("ru"):
            created = [
                Checkpoint(
                    season_id=season_id,
                    number=number,
                    title=_("Контрольная точка %(number)s") % {"number": number},
                    due_at=due_at,
                )
                for number, due_at in enumerate(dates, start=1)
                if number not in existing
            ]
        Checkpoint.objects.bulk_create(created)
    logger.info("Season %s: %s checkpoints created", season_id, len(created))
    return created


def _project_url(project: MediaProject) -> str:
    return reverse("projects:project", kwargs={"team_id": project.team_id, "project_id": project.pk})


def _tell_team(*, event: Event, checkpoint: Checkpoint, projects: list[MediaProject], kind: str) -> int:
    """One message per member of each project's team, once per project and checkpoint."""
    team_ids = {p.team_id for p in projects}
    users_by_team: dict[int, list[User]] = {}
    for membership in Membership.objects.filter(
        team_id__in=team_ids, finalist__application__applicant__is_active=True
    ).select_related("finalist__application__applicant"):
        users_by_team.setdefault(membership.team_id, []).append(membership.finalist.application.applicant)
    for project in projects:
        notification_send(
            event=event,
            recipients=users_by_team.get(project.team_id, []),
            context={
                "checkpoint_title": checkpoint.title,
                "due_at": checkpoint.due_at.isoformat(),
                "project_title": project.title,
                "project_url": _project_url(project),
            },
            occasion=f"checkpoint-{checkpoint.pk}-project-{project.pk}-{kind}",
        )
    return len(projects)


def _unreported(checkpoint: Checkpoint) -> list[MediaProject]:
    reported = CheckpointReport.objects.filter(project=OuterRef("pk"), checkpoint=checkpoint)
    return list(
        MediaProject.objects.filter(team__season_id=checkpoint.season_id)
        .exclude(Exists(reported))
        .order_by("pk")
    )


def checkpoint_reminders_send(*, now: datetime | None = None) -> dict[str, int]:
    """Beat: remind each project's team of a checkpoint due within the season's
    ``reminder_days`` and, ``late_reminder_hours`` after a deadline, the teams whose report
    has not come. Once per project, checkpoint and kind (the outbox's occasion), however
    often the beat runs. Returns the projects reminded of each kind."""
    now = now or timezone.now()
    sent = {"due": 0, "late": 0}
    # The settings allow at most 30 days' lead and 720 hours' delay: nothing outside
    # these bounds can be due for a reminder.
    checkpoints = Checkpoint.objects.filter(
        season__is_current=True,
        due_at__gte=now - timedelta(days=31) - LATE_WINDOW,
        due_at__lte=now + timedelta(days=31),
    ).order_by("due_at")
    for checkpoint in checkpoints:
        settings = ProjectSettings.for_season(checkpoint.season_id)
        late_from = checkpoint.due_at + timedelta(hours=settings.late_reminder_hours)
        if checkpoint.due_at - timedelta(days=settings.reminder_days) <= now < checkpoint.due_at:
            kind, event = "due", Event.CHECKPOINT_DUE
        elif late_from <= now <= late_from + LATE_WINDOW:
            kind, event = "late", Event.CHECKPOINT_LATE
        else:
            continue
        with transaction.atomic():
            sent[kind] += _tell_team(
                event=event, checkpoint=checkpoint, projects=_unreported(checkpoint), kind=kind
            )
    return sent
