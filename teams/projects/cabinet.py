"""What the workspace adds to a team member's personal cabinet
(applications.cabinet_parts): their team's projects with their status, the next
checkpoint and whether each project has reported for it, and the way to the workspace.
The fingerprint is one query that moves whenever anything the part shows does."""

from django.db.models import Count, Max, Min, OuterRef, Subquery
from django.template.loader import render_to_string
from django.utils import timezone

from applications.cabinet_parts import CabinetPart
from applications.models import ApplicationStatus
from teams.models import Membership
from teams.projects.models import Checkpoint, CheckpointReport, MediaProject


def _membership(state) -> Membership | None:
    return (
        Membership.objects.filter(finalist__application_id=state.application_id)
        .select_related("team__direction")
        .first()
    )


def _next_checkpoint(season_id: int) -> Checkpoint | None:
    return (
        Checkpoint.objects.filter(season_id=season_id, due_at__gt=timezone.now()).order_by("due_at").first()
    )


def _aggregate(queryset, group: str, expression):
    return Subquery(queryset.order_by().values(group).annotate(value=expression).values("value")[:1])


def projects_fingerprint(*, user, state):
    team_projects = MediaProject.objects.filter(team_id=OuterRef("team_id"))
    team_reports = CheckpointReport.objects.filter(project__team_id=OuterRef("team_id"))
    checkpoints = Checkpoint.objects.filter(season_id=OuterRef("team__season_id"), due_at__gt=timezone.now())
    return (
        Membership.objects.filter(finalist__application_id=state.application_id)
        .annotate(
            fp_projects=_aggregate(team_projects, "team_id", Count("pk")),
            fp_changed=_aggregate(team_projects, "team_id", Max("updated_at")),
            fp_reports=_aggregate(team_reports, "project__team_id", Count("pk")),
            fp_next=_aggregate(checkpoints, "season_id", Min("due_at")),
        )
        .values_list("team_id", "fp_projects", "fp_changed", "fp_reports", "fp_next")
        .first()
    )


def projects_render(*, user, state):
    membership = _membership(state)
    team = membership.team
    checkpoint = _next_checkpoint(team.season_id)
    projects = list(MediaProject.objects.filter(team=team).order_by("title", "pk"))
    reported = (
        set(
            CheckpointReport.objects.filter(checkpoint=checkpoint, project__team=team).values_list(
                "project_id", flat=True
            )
        )
        if checkpoint
        else set()
    )
    return render_to_string(
        "projects/cabinet/_projects.html",
        {"team": team, "projects": projects, "checkpoint": checkpoint, "reported": reported},
    )


PARTS = (
    CabinetPart(
        name="team-projects",
        slot="main",
        statuses=frozenset({ApplicationStatus.SELECTED}),
        order=40,
        fingerprint=projects_fingerprint,
        render=projects_render,
    ),
)
