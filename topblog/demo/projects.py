"""The demo season's media projects: for a season at the refinement or the final, two to
four projects per team with their links, a report and reach figures for every checkpoint
already due (all three months at the final), some of them late, and a few curators'
comments. It takes the season's teams as they are, so it runs after the teams' seed;
everything is bulk-inserted, in a fraction of a second."""

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from teams.models import Membership, Team
from teams.projects.models import (
    Checkpoint,
    CheckpointReport,
    FigureSource,
    MediaProject,
    Platform,
    ProjectAction,
    ProjectChange,
    ProjectComment,
    ProjectFormat,
    ProjectLink,
    ProjectSettings,
    ProjectStatus,
    ReachFigure,
)
from teams.projects.services.checkpoints import checkpoints_ensure
from topblog.accounts.models import Role, User
from topblog.tracks.models import Season, StageKind

# What the teams make, by direction; the direction's own words where it has them.
IDEAS = {
    "culture": [
        ("Музеи рядом", "Привести молодёжь в региональные музеи", ProjectFormat.VIDEO),
        ("Голоса библиотек", "Рассказать о современных библиотеках", ProjectFormat.PODCAST),
        ("Ремёсла России", "Показать народные промыслы как профессию", ProjectFormat.POSTS),
        ("Театр без кулис", "Открыть закулисье региональных театров", ProjectFormat.SPECIAL),
    ],
}
GENERIC = [
    ("Сделано в регионах", "Рассказать о мерах поддержки понятным языком", ProjectFormat.VIDEO),
    ("Люди дела", "Показать специалистов отрасли и их работу", ProjectFormat.PODCAST),
    ("Карта возможностей", "Собрать программы министерства в одном месте", ProjectFormat.LONGREAD),
    ("Вопрос эксперту", "Ответить на частые вопросы аудитории", ProjectFormat.POSTS),
]
NOTES = [
    "Опубликовали выпуски по плану, лучше всего зашли короткие вертикальные видео.",
    "Провели опрос аудитории и поменяли время публикаций на вечернее.",
    "Добавили субтитры и описания — выросла доля досмотров.",
    "Запустили совместный выпуск с региональным СМИ.",
]
COMMENTS = [
    "Хорошая динамика. Попробуйте связать выпуски с событиями министерства этого месяца.",
    "Не хватает призыва к действию в конце публикаций.",
    "Отличный отклик, возьмём этот формат в пример для других команд.",
]
LINK_HOSTS = {
    Platform.VK: "https://vk.com/video-{n}",
    Platform.TELEGRAM: "https://t.me/topblog_demo/{n}",
    Platform.RUTUBE: "https://rutube.ru/video/{n}/",
    Platform.DZEN: "https://dzen.ru/a/{n}",
}


@dataclass(frozen=True)
class ProjectsSummary:
    projects: int
    links: int
    reports: int
    late_reports: int
    figures: int


def projects_demo_seed(*, season: Season, stage: str, now: datetime, seed: int) -> ProjectsSummary:
    """The projects of the season's teams at ``stage`` (refinement or final) on ``now``."""
    if stage not in (StageKind.REFINEMENT, StageKind.FINAL):
        return ProjectsSummary(0, 0, 0, 0, 0)
    rng = random.Random(seed * 104729 + 17)
    ProjectSettings.objects.get_or_create(season=season)
    checkpoints_ensure(season_id=season.pk)
    due = [c for c in Checkpoint.objects.filter(season=season).order_by("due_at") if c.due_at <= now]
    teams = list(Team.objects.filter(season=season).select_related("direction").order_by("number"))
    members = _members_by_team(teams)
    curators = _curators_by_direction()
    projects = _projects(rng, teams, now)
    links = _links(rng, projects)
    _responsible(rng, projects, members)
    reports, figures = _reports_and_figures(rng, projects, links, due, members)
    _comments_and_history(rng, projects, reports, due, curators, members, now)
    return ProjectsSummary(
        projects=len(projects),
        links=sum(len(v) for v in links.values()),
        reports=len(reports),
        late_reports=sum(r.is_late for r in reports),
        figures=len(figures),
    )


def _members_by_team(teams: list[Team]) -> dict[int, list[Membership]]:
    found: dict[int, list[Membership]] = {t.pk: [] for t in teams}
    for membership in Membership.objects.filter(team__in=teams).select_related("finalist__application"):
        found[membership.team_id].append(membership)
    return found


def _curators_by_direction() -> dict[int, User]:
    return {
        user.curated_direction_id: user
        for user in User.objects.filter(groups__name=Role.MINISTRY_CURATOR, curated_direction__isnull=False)
    }


def _projects(rng: random.Random, teams: list[Team], now: datetime) -> list[MediaProject]:
    made = []
    for team in teams:
        ideas = IDEAS.get(team.direction.code, GENERIC)
        for title, goal, kind in rng.sample(ideas, rng.randint(2, min(4, len(ideas)))):
            made.append(
                MediaProject(
                    team=team,
                    title=title,
                    goal=goal,
                    format=kind,
                    platforms=rng.sample([p.value for p in LINK_HOSTS], 2),
                    audience=rng.choice(
                        ["Школьники 14–17 лет", "Студенты", "Молодые родители", "Жители малых городов"]
                    ),
                    status=rng.choice(
                        [ProjectStatus.PRODUCTION, ProjectStatus.PUBLISHED, ProjectStatus.TESTED]
                    ),
                )
            )
    return MediaProject.objects.bulk_create(made)


def _links(rng: random.Random, projects: list[MediaProject]) -> dict[int, list[ProjectLink]]:
    made = []
    for project in projects:
        for platform in project.platforms:
            for _ in range(rng.randint(1, 2)):
                url = LINK_HOSTS[platform].format(n=rng.randrange(10**6, 10**7))
                made.append(ProjectLink(project=project, url=url, platform=platform, title=project.title))
    found: dict[int, list[ProjectLink]] = {p.pk: [] for p in projects}
    for link in ProjectLink.objects.bulk_create(made):
        found[link.project_id].append(link)
    return found


def _responsible(rng, projects, members) -> None:
    through = MediaProject.responsible.through
    rows = []
    for project in projects:
        team_members = members.get(project.team_id, [])
        for membership in rng.sample(team_members, min(2, len(team_members))):
            rows.append(through(mediaproject_id=project.pk, membership_id=membership.pk))
    through.objects.bulk_create(rows)


def _reports_and_figures(rng, projects, links, due, members):
    reports, figures = [], []
    for project in projects:
        authors = members.get(project.team_id, [])
        level = rng.randint(300, 3000)
        for checkpoint in due:
            late = rng.random() < 0.15
            author = rng.choice(authors).finalist.application.applicant_id if authors else None
            reports.append(
                CheckpointReport(
                    project=project,
                    checkpoint=checkpoint,
                    note=rng.choice(NOTES),
                    submitted_at=checkpoint.due_at
                    + timedelta(hours=rng.randint(2, 60) if late else -rng.randint(2, 72)),
                    submitted_by_id=author,
                    is_late=late,
                )
            )
            # Totals to the checkpoint's date: each month adds to the last.
            level = int(level * rng.uniform(1.4, 2.6))
            for link in links[project.pk]:
                views = int(level * rng.uniform(0.5, 1.5))
                figures.append(
                    ReachFigure(
                        link=link,
                        checkpoint=checkpoint,
                        views=views,
                        reactions=views // rng.randint(12, 30),
                        comments=views // rng.randint(80, 200),
                        shares=views // rng.randint(40, 120),
                        source=FigureSource.TEAM,
                    )
                )
    CheckpointReport.objects.bulk_create(reports, batch_size=1000)
    ReachFigure.objects.bulk_create(figures, batch_size=1000)
    return reports, figures


def _comments_and_history(rng, projects, reports, due, curators, members, now) -> None:
    comments, changes = [], []
    for project in projects:
        authors = members.get(project.team_id, [])
        creator = authors[0].finalist.application.applicant_id if authors else None
        start = (due[0].due_at - timedelta(days=25)) if due else now - timedelta(days=5)
        changes.append(
            ProjectChange(
                project=project,
                action=ProjectAction.CREATED,
                details={"title": project.title},
                changed_by_id=creator,
                changed_at=start,
            )
        )
        curator = curators.get(project.team.direction_id)
        if due and rng.random() < 0.5:
            checkpoint = rng.choice(due)
            comments.append(
                ProjectComment(
                    project=project,
                    checkpoint=checkpoint,
                    author=curator,
                    text=rng.choice(COMMENTS),
                    created_at=checkpoint.due_at + timedelta(days=2),
                )
            )
    changes += [
        ProjectChange(
            project=report.project,
            action=ProjectAction.REPORTED,
            details={"checkpoint": report.checkpoint.number, "late": report.is_late},
            changed_by_id=report.submitted_by_id,
            changed_at=report.submitted_at,
        )
        for report in reports
    ]
    ProjectComment.objects.bulk_create(comments)
    ProjectChange.objects.bulk_create(changes, batch_size=1000)


def projects_demo_delete() -> None:
    """The workspace's rows, each table in one statement, before the teams and seasons go."""
    for model in (
        ProjectChange,
        ProjectComment,
        ReachFigure,
        CheckpointReport,
        ProjectLink,
        MediaProject,
        Checkpoint,
        ProjectSettings,
    ):
        model.objects.all().delete()
