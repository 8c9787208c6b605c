"""The demo season's jury (topblog.demo.jury): criteria, jurors and scores for the
season's projects as they are, fast, and results that can be computed and published."""

import time

import pytest
from django.utils import timezone

from teams.final.jury import selectors, services
from teams.final.models import FinalCriterion, Juror, JuryScore
from tests.factories import UserFactory
from tests.final import jury_factories as f
from topblog.demo.jury import DEMO_JUROR_UNSCORED, jury_seed
from topblog.demo.logins import DEMO_DOMAIN

pytestmark = pytest.mark.django_db


def test_the_demo_jury_scores_the_seasons_projects_and_leaves_the_demo_juror_work(settings):
    season = f.final_season()
    projects = [f.project(season, code) for code in ("culture", "health", "agro", "science", "tourism") * 2]
    UserFactory(email=f"expert@{DEMO_DOMAIN}")
    UserFactory(email=f"leadership@{DEMO_DOMAIN}")
    started = time.perf_counter()
    summary = jury_seed(season=season, now=timezone.now(), seed=3)
    assert time.perf_counter() - started < 5
    criteria = FinalCriterion.objects.filter(season=season).count()
    assert summary.criteria == criteria == len(services.DEFAULT_CRITERIA)
    assert summary.jurors == Juror.objects.filter(season=season).count() == 3
    demo_juror = Juror.objects.get(season=season, user__email=f"juror@{DEMO_DOMAIN}")
    expert = Juror.objects.get(season=season, user__email=f"expert@{DEMO_DOMAIN}")
    scored = len(projects) - DEMO_JUROR_UNSCORED
    assert JuryScore.objects.filter(juror=demo_juror).count() == scored * criteria
    assert JuryScore.objects.filter(juror=expert).count() == 4 * criteria  # two directions of two projects
    assert summary.scores == JuryScore.objects.count()
    assert summary.login[1] == demo_juror.user.email
    computed = selectors.results_compute(season_id=season.pk)
    assert len(computed.placed) == len(projects)
    services.final_results_publish(season=season, by=None)


def test_seeding_again_replaces_the_jury(settings):
    season = f.final_season()
    f.project(season)
    jury_seed(season=season, now=timezone.now())
    first = JuryScore.objects.count()
    jury_seed(season=season, now=timezone.now())
    assert JuryScore.objects.count() == first
