"""Factories of the workspace's tests: a season at refinement with its checkpoints, a
team with members, projects with links."""

from teams.models import Membership, Team
from teams.projects.models import MediaProject, ProjectFormat, ProjectLink
from teams.projects.services.checkpoints import checkpoints_ensure
from tests.modules.factories import season_at
from tests.teams.factories import member, team
from topblog.tracks.models import Season

_next = {"n": 0}


def refinement_season(*, days_in: int = 10, **kwargs) -> Season:
    season = season_at("refinement", days_in=days_in, **kwargs)
    checkpoints_ensure(season_id=season.pk)
    return season


def team_with_members(
    season: Season, direction: str = "culture", *, size: int = 2
) -> tuple[Team, list[Membership]]:
    found = team(season, direction)
    return found, [member(found) for _ in range(size)]


def project(of: Team, **fields) -> MediaProject:
    _next["n"] += 1
    defaults = {
        "title": f"Проект {_next['n']}",
        "goal": "Рассказать о музеях региона",
        "format": ProjectFormat.VIDEO,
        "platforms": ["vk"],
    }
    return MediaProject.objects.create(team=of, **{**defaults, **fields})


def link(of: MediaProject, url: str | None = None, platform: str = "vk") -> ProjectLink:
    _next["n"] += 1
    return ProjectLink.objects.create(
        project=of, url=url or f"https://vk.com/video-{_next['n']}", platform=platform
    )


def user_of(membership: Membership):
    return membership.finalist.application.applicant
