"""Reads of the teams' workspace shared by its pages, the API, the admin and the final:
which team's projects a person may open and what they may do there, the projects with
their latest reach, one project with everything it shows.

Who sees a team is ``teams.selectors`` (members their own, a curator their direction's,
leadership and organizers all); here it is narrowed to what each may do: members edit,
curators of the direction and organizers comment, everyone else who sees it reads."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet, Sum

from teams.models import Membership, Team
from teams.projects.models import (
    Checkpoint,
    CheckpointReport,
    MediaProject,
    Platform,
    ProjectAction,
    ProjectChange,
    ProjectComment,
    ProjectFormat,
    ProjectLink,
    ProjectStatus,
    ReachFigure,
)
from teams.selectors import is_member, sees_every_team, teams_visible_to
from topblog.accounts.models import Role, User

MEASURES = ("views", "reactions", "comments", "shares")


@dataclass(frozen=True)
class Workspace:
    """A team's workspace as one person opens it."""

    team: Team
    can_edit: bool
    can_comment: bool


def may_comment(*, user: User, team: Team) -> bool:
    """Curators of the team's direction and organizers comment; leadership only reads."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser or user.has_role(Role.ORGANIZER):
        return True
    return user.has_role(Role.MINISTRY_CURATOR) and user.curated_direction_id == team.direction_id


def workspace_of(*, user: User, team_id: int) -> Workspace | None:
    """The team's workspace if the person sees the team, else None (pages answer 404)."""
    season_id = Team.objects.filter(pk=team_id).values_list("season_id", flat=True).first()
    if season_id is None:
        return None
    team = teams_visible_to(user=user, season_id=season_id).filter(pk=team_id).first()
    if team is None:
        return None
    member = not sees_every_team(user) and is_member(user=user, team=team)
    return Workspace(team=team, can_edit=member, can_comment=may_comment(user=user, team=team))


@dataclass
class Reach:
    """Totals of a project's links at one checkpoint."""

    views: int = 0
    reactions: int = 0
    comments: int = 0
    shares: int = 0


@dataclass
class ProjectRow:
    project: MediaProject
    latest: Reach | None = None
    latest_checkpoint: Checkpoint | None = None
    by_checkpoint: dict[int, Reach] = field(default_factory=dict)


def _reach_by_checkpoint(project_ids: list[int]) -> dict[int, dict[int, Reach]]:
    """{project id: {checkpoint id: Reach}}, summed in the database."""
    sums = (
        ReachFigure.objects.filter(link__project_id__in=project_ids)
        .values("link__project_id", "checkpoint_id")
        .annotate(**{name: Sum(name) for name in MEASURES})
        .order_by()
    )
    found: dict[int, dict[int, Reach]] = defaultdict(dict)
    for row in sums:
        found[row["link__project_id"]][row["checkpoint_id"]] = Reach(**{m: row[m] or 0 for m in MEASURES})
    return found


def season_checkpoints(*, season_id: int) -> list[Checkpoint]:
    return list(Checkpoint.objects.filter(season_id=season_id).order_by("due_at", "number"))


def _responsible() -> Prefetch:
    return Prefetch(
        "responsible",
        queryset=Membership.objects.select_related("finalist__application").order_by("pk"),
    )


def projects_visible_to(*, user: User, season_id: int) -> QuerySet[MediaProject]:
    """The projects of every team the person sees, for the API and the final."""
    return MediaProject.objects.filter(team__in=teams_visible_to(user=user, season_id=season_id))


def project_rows(*, projects: QuerySet[MediaProject], checkpoints: list[Checkpoint]) -> list[ProjectRow]:
    """The projects with their responsible members and their reach at each checkpoint
    and at the latest one that has figures: a fixed number of queries however many."""
    projects = list(projects.select_related("team__direction").prefetch_related(_responsible()))
    reach = _reach_by_checkpoint([p.pk for p in projects])
    rows = []
    for project in projects:
        row = ProjectRow(project=project, by_checkpoint=reach.get(project.pk, {}))
        for checkpoint in reversed(checkpoints):
            if checkpoint.pk in row.by_checkpoint:
                row.latest, row.latest_checkpoint = row.by_checkpoint[checkpoint.pk], checkpoint
                break
        rows.append(row)
    return rows


def team_projects(*, team: Team) -> list[ProjectRow]:
    return project_rows(
        projects=MediaProject.objects.filter(team=team),
        checkpoints=season_checkpoints(season_id=team.season_id),
    )


def project_of(*, workspace: Workspace, project_id: int) -> MediaProject | None:
    return (
        MediaProject.objects.filter(team=workspace.team, pk=project_id)
        .select_related("team__direction")
        .prefetch_related(_responsible())
        .first()
    )


@dataclass
class CheckpointView:
    """One checkpoint of a project's page: its report, the figures per link, the totals."""

    checkpoint: Checkpoint
    report: CheckpointReport | None
    figures: dict[int, ReachFigure]
    total: Reach | None
    comments: list[ProjectComment]


@dataclass
class ProjectPage:
    project: MediaProject
    links: list[ProjectLink]
    checkpoints: list[CheckpointView]
    comments: list[ProjectComment]
    changes: list["HistoryLine"]


def project_page(*, project: MediaProject) -> ProjectPage:
    """Everything a project's page shows, in a fixed number of queries."""
    links = list(project.links.all())
    checkpoints = season_checkpoints(season_id=project.team.season_id)
    reports = {
        r.checkpoint_id: r
        for r in CheckpointReport.objects.filter(project=project).select_related("submitted_by")
    }
    figures: dict[int, dict[int, ReachFigure]] = defaultdict(dict)
    for figure in ReachFigure.objects.filter(link__project=project):
        figures[figure.checkpoint_id][figure.link_id] = figure
    totals = _reach_by_checkpoint([project.pk]).get(project.pk, {})
    comments = list(ProjectComment.objects.filter(project=project).select_related("author", "checkpoint"))
    by_checkpoint: dict[int | None, list[ProjectComment]] = defaultdict(list)
    for comment in comments:
        by_checkpoint[comment.checkpoint_id].append(comment)
    views = [
        CheckpointView(
            checkpoint=c,
            report=reports.get(c.pk),
            figures=figures.get(c.pk, {}),
            total=totals.get(c.pk),
            comments=by_checkpoint.get(c.pk, []),
        )
        for c in checkpoints
    ]
    changes = list(
        ProjectChange.objects.filter(project=project)
        .select_related("changed_by")
        .order_by("-changed_at", "-pk")
    )
    return ProjectPage(
        project=project,
        links=links,
        checkpoints=views,
        comments=by_checkpoint.get(None, []),
        changes=history_lines(changes),
    )


def team_members(*, team: Team) -> QuerySet[Membership]:
    """The team's members, the choices of a project's responsible."""
    return Membership.objects.filter(team=team).select_related("finalist__application").order_by("pk")


@dataclass(frozen=True)
class HistoryLine:
    """One change of a project as its page shows it: each edited field with its label
    and its values before and after, in words."""

    change: ProjectChange
    fields: list[tuple[str, str, str]]


def _shown(name: str, value) -> str:
    if value in (None, "", []):
        return "—"
    if name == "format":
        return str(ProjectFormat(value).label) if value in ProjectFormat.values else str(value)
    if name == "status":
        return str(ProjectStatus(value).label) if value in ProjectStatus.values else str(value)
    if name == "platforms":
        return ", ".join(str(Platform(v).label) if v in Platform.values else str(v) for v in value)
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return str(value)


def history_lines(changes: list[ProjectChange]) -> list[HistoryLine]:
    lines = []
    for change in changes:
        fields = []
        if change.action == ProjectAction.EDITED:
            for name, pair in change.details.items():
                label = MediaProject._meta.get_field(name).verbose_name
                fields.append((str(label), _shown(name, pair[0]), _shown(name, pair[1])))
        lines.append(HistoryLine(change=change, fields=fields))
    return lines
