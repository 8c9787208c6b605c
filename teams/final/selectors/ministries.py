"""What the ministries' view (/final/) shows: for each team the person may see there,
its projects with their reach over the checkpoints, the progress notes and the shown
presentation. A fixed number of queries whatever the number of teams or projects."""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from teams.final.models import Presentation
from teams.final.reach import Figure, Reach, reach_of
from teams.models import Team
from teams.projects.models import Checkpoint, CheckpointReport, MediaProject, ReachFigure
from teams.selectors import sees_every_team, teams_visible_to
from topblog.accounts.models import Role, User


def sees_final_view(user: User) -> bool:
    """The ministries' view is for ministry people and organizers; a team's members
    follow their work in the team's workspace, so for them (and anyone else) it is 404."""
    if not user.is_authenticated or not user.is_active:
        return False
    return sees_every_team(user) or (
        user.has_role(Role.MINISTRY_CURATOR) and user.curated_direction_id is not None
    )


@dataclass
class ProjectView:
    project: MediaProject
    reach: Reach
    reports: list[CheckpointReport]


@dataclass
class TeamView:
    team: Team
    reach: Reach
    presentation: Presentation | None
    projects: list[ProjectView] = field(default_factory=list)


@dataclass
class FinalOverview:
    checkpoints: list[Checkpoint]
    teams: list[TeamView]


def final_overview(*, user: User, season_id: int) -> FinalOverview:
    """The teams the person sees on /final/ (none unless ``sees_final_view``)."""
    if not sees_final_view(user):
        return FinalOverview(checkpoints=[], teams=[])
    teams = list(
        teams_visible_to(user=user, season_id=season_id)
        .select_related("presentation__shown_version")
        .prefetch_related(
            Prefetch(
                "projects",
                queryset=MediaProject.objects.prefetch_related(
                    Prefetch(
                        "reports",
                        queryset=CheckpointReport.objects.select_related("checkpoint").order_by(
                            "checkpoint__due_at"
                        ),
                    )
                ).order_by("title", "pk"),
            )
        )
        .order_by("direction__position", "number")
    )
    checkpoints = list(Checkpoint.objects.filter(season_id=season_id).order_by("due_at", "number"))
    order = [c.pk for c in checkpoints]
    rows = ReachFigure.objects.filter(link__project__team__in=[t.pk for t in teams]).values_list(
        "link__project_id",
        "link__project__team_id",
        "checkpoint_id",
        "link__platform",
        "views",
        "reactions",
        "comments",
        "shares",
    )
    by_project: dict[int, list[Figure]] = {}
    by_team: dict[int, list[Figure]] = {}
    for project_id, team_id, checkpoint_id, platform, *metrics in rows:
        figure = Figure(project_id, checkpoint_id, platform, *metrics)
        by_project.setdefault(project_id, []).append(figure)
        by_team.setdefault(team_id, []).append(figure)
    views = []
    for team in teams:
        # A missing reverse one-to-one raises an AttributeError, which getattr answers.
        presentation = getattr(team, "presentation", None)
        view = TeamView(team=team, reach=reach_of(by_team.get(team.pk, []), order), presentation=presentation)
        for project in team.projects.all():
            view.projects.append(
                ProjectView(
                    project=project,
                    reach=reach_of(by_project.get(project.pk, []), order),
                    reports=list(project.reports.all()),
                )
            )
        views.append(view)
    return FinalOverview(checkpoints=checkpoints, teams=views)
