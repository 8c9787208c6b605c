"""Factories of the final's tests: a season in its refinement with the final ahead,
teams of every direction, projects with links and three checkpoints of figures, and
presentations written as the upload service writes them."""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from teams.final.models import FinalSettings
from teams.final.services.presentations import presentation_upload
from teams.models import Team
from teams.projects.models import (
    Checkpoint,
    CheckpointReport,
    MediaProject,
    ProjectFormat,
    ProjectLink,
    ReachFigure,
)
from tests.modules.factories import season_at
from tests.teams.factories import member, team
from topblog.demo.files import pdf_bytes
from topblog.tracks.models import Season, StageKind

DIRECTIONS = ("culture", "health", "agro", "science", "tourism")


def final_season(*, deadline_in: timedelta = timedelta(days=5), max_mb: int = 2) -> Season:
    """A current season in its refinement, presentations due in ``deadline_in``."""
    season = season_at(StageKind.REFINEMENT, days_in=80)
    FinalSettings.objects.create(
        season=season, presentation_deadline=timezone.now() + deadline_in, presentation_max_mb=max_mb
    )
    return season


def checkpoints(season: Season, count: int = 3) -> list[Checkpoint]:
    start = timezone.now() - timedelta(days=30 * count)
    return [
        Checkpoint.objects.create(
            season=season, number=n, title=f"Месяц {n}", due_at=start + timedelta(days=30 * n)
        )
        for n in range(1, count + 1)
    ]


def project(of: Team, points: list[Checkpoint], *, title: str = "Проект", views: int = 1000) -> MediaProject:
    """A project with two links (VK and Telegram) reporting growing figures and a note
    at every checkpoint."""
    made = MediaProject.objects.create(
        team=of, title=title, goal="Рассказать о работе министерства", format=ProjectFormat.VIDEO
    )
    for platform in ("vk", "telegram"):
        link = ProjectLink.objects.create(
            project=made, url=f"https://{platform}.example/{made.pk}", platform=platform
        )
        for n, point in enumerate(points, start=1):
            ReachFigure.objects.create(
                link=link, checkpoint=point, views=views * n, reactions=10 * n, comments=n, shares=2 * n,
                source="team",
            )
    for n, point in enumerate(points, start=1):
        CheckpointReport.objects.create(
            project=made, checkpoint=point, note=f"Заметка {n} проекта «{title}»", submitted_at=point.due_at
        )
    return made


def pdf_file(name: str = "deck.pdf", *, lines: tuple[str, ...] = ("Final deck",)) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(lines=list(lines)), content_type="application/pdf")


def uploaded(of: Team, *, by=None, name: str = "deck.pdf"):
    """A version uploaded through the service, by a member of the team unless ``by``."""
    uploader = by or member(of).finalist.application.applicant
    return presentation_upload(team_id=of.pk, uploaded_file=pdf_file(name), by=uploader)


__all__ = ["DIRECTIONS", "checkpoints", "final_season", "member", "pdf_file", "project", "team", "uploaded"]
