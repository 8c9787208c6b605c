"""The review's figures on the season's dashboard: the funnel's step of applications
fully reviewed for everyone (counts only; a curator's of their direction), the progress
per direction and per expert, with names, for organizers only; the same number of
queries with a few reviews as with many."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from applications.models import ApplicationStatus
from applications.review.dashboard import progress_collect, reviewed_collect
from applications.review.selectors import criteria_of
from tests.applications.review.factories import (
    assigned,
    criteria,
    current_season,
    judge,
    review_settings,
    submit,
    submitted_application,
)
from tests.factories import ministry_curator, ministry_leadership, organizer
from topblog.dashboard.registry import Audience, Scope
from topblog.tracks.models import Direction

pytestmark = pytest.mark.django_db

S = ApplicationStatus
ADMIN, PORTAL = "/admin/dashboard/", "/dashboard/"


def reviewing(count_by_direction: dict[str, int]):
    """Applications each with two experts: the first of each direction fully reviewed,
    the second half done and overdue, the rest not started."""
    season = current_season()
    review_settings(season)
    season_criteria = criteria_of(season_id=season.pk) or criteria(season)
    first, second = (judge(*count_by_direction, last_name=name) for name in ("Петрова", "Смирнов"))
    for direction, count in count_by_direction.items():
        for n in range(count):
            application = submitted_application(direction, status=S.UNDER_REVIEW)
            for person in (first, second):
                assigned(application, person, due_in=timedelta(days=-1 if n == 1 else 5))
            if n == 0:
                submit(application, first, season_criteria, 7)
                submit(application, second, season_criteria, 6)
            elif n == 1:
                submit(application, first, season_criteria, 5)
    return season


def page(client, person, path) -> str:
    client.force_login(person)
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def test_organizers_see_the_progress_by_direction_and_by_expert(client):
    reviewing({"culture": 3, "agro": 2})
    html = page(client, organizer(), ADMIN)
    assert "Ход экспертизы" in html and "Экспертиза по экспертам" in html
    assert "Петрова" in html and "Смирнов" in html
    assert "Оценены экспертами" in html


@pytest.mark.parametrize(
    "make_person", [ministry_leadership, lambda: ministry_curator("culture")], ids=["leadership", "curator"]
)
def test_the_ministries_see_counts_only(client, make_person):
    reviewing({"culture": 3, "agro": 2})
    html = page(client, make_person(), PORTAL)
    assert "Оценены экспертами" in html
    assert "Ход экспертизы" not in html and "Петрова" not in html


def test_the_funnel_step_counts_fully_reviewed_applications_and_a_curators_direction_only():
    season = reviewing({"culture": 3, "agro": 2})
    everyone = Scope(
        audience=Audience.ORGANIZERS, season=season, previous_season=None, direction=None, now=timezone.now()
    )
    [step] = reviewed_collect(everyone).funnel
    assert (step.total, step.by_direction) == (2, {"culture": 1, "agro": 1})
    curator = Scope(
        audience=Audience.CURATOR,
        season=season,
        previous_season=None,
        direction=Direction.objects.get(code="agro"),
        now=timezone.now(),
    )
    assert reviewed_collect(curator).funnel[0].by_direction == {"agro": 1}
    [section] = progress_collect(everyone).sections
    directions = {row[0]: row[1:5] for row in section.tables[0].rows}
    # (assigned, done, left, overdue): culture 3 applications × 2 experts, 3 done, 1 overdue left.
    assert directions["Культура и креативные индустрии"] == (6, 3, 3, 1)


def test_the_dashboard_makes_the_same_number_of_queries_with_few_reviews_and_many(client):
    reviewing({"culture": 2})
    client.force_login(organizer())

    def counted() -> int:
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(ADMIN).status_code == 200
        return len(captured)

    small = counted()
    reviewing({"agro": 25, "health": 20})
    assert counted() == small
