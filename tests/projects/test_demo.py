"""The demo season's media projects: made for the teams there are at the refinement and
the final, three months of figures at the final, bulk and fast; and seed_demo with them."""

import time
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from teams.projects.models import Checkpoint, CheckpointReport, MediaProject, ProjectLink, ReachFigure
from tests.modules.factories import season_at
from tests.teams.factories import member, team
from topblog.demo.projects import projects_demo_delete, projects_demo_seed
from topblog.tracks.models import Season

pytestmark = pytest.mark.django_db


def _teams(season: Season) -> None:
    for direction in ("culture", "health"):
        found = team(season, direction)
        for _ in range(3):
            member(found)


def test_at_the_final_every_project_has_three_months_of_figures(django_assert_max_num_queries):
    season = season_at("final", days_in=1)
    _teams(season)
    started = time.perf_counter()
    with django_assert_max_num_queries(25):
        made = projects_demo_seed(
            season=season, stage="final", now=season.stages.get(kind="final").ends_at, seed=1
        )
    assert time.perf_counter() - started < 5
    assert Checkpoint.objects.filter(season=season).count() == 3
    per_team = list(MediaProject.objects.values_list("team_id", flat=True))
    assert all(2 <= per_team.count(t) <= 4 for t in set(per_team))
    assert made.reports == MediaProject.objects.count() * 3 == CheckpointReport.objects.count()
    assert made.figures == ProjectLink.objects.count() * 3 == ReachFigure.objects.count()
    projects_demo_delete()
    assert not MediaProject.objects.exists() and not Checkpoint.objects.exists()


def test_in_the_refinement_only_the_checkpoints_due_are_reported():
    season = season_at("refinement", days_in=45)
    _teams(season)
    made = projects_demo_seed(season=season, stage="refinement", now=timezone.now(), seed=2)
    assert made.projects and made.reports == made.projects * 1


def test_before_the_refinement_nothing_is_made():
    season = season_at("team_module")
    _teams(season)
    assert (
        projects_demo_seed(
            season=season, stage="team_module", now=season.stages.first().starts_at, seed=1
        ).projects
        == 0
    )
    assert not MediaProject.objects.exists()


def test_seed_demo_at_the_final_runs_with_the_projects():
    out = StringIO()
    call_command("seed_demo", applications=300, seed=3, stage="final", stdout=out)
    season = Season.objects.get(is_current=True)
    assert Checkpoint.objects.filter(season=season).count() == 3
    # The projects are made for the teams the teams' seed leaves, and then reported.
    assert ("Медиапроекты:" in out.getvalue()) == MediaProject.objects.exists()
