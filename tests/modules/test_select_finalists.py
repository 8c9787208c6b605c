"""Selecting the finalists from the review stage's own scores: ``select_finalists`` with
--dry-run and --json, and the same ranking on the admin's page, saved as the proposal and
published from there; only organizers reach the page."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from applications.models import Application, ApplicationStatus
from modules.models import Finalist
from tests.applications.review import factories as review_factories
from tests.factories import expert, ministry_leadership, organizer
from tests.modules.factories import programme_settings, season_at
from tests.modules.test_finalists import DIRECTIONS

pytestmark = pytest.mark.django_db


def reviewed_season(per_direction: int = 2):
    """A season at the end of its programme, one finalist per direction, and trainees
    whose portfolios one expert reviewed, the first of each direction best."""
    season = season_at(days_in=40, team_size=1, finalists_quota=len(DIRECTIONS))
    programme_settings(season, officials_per_team=0)
    season_criteria = review_factories.criteria(season)
    reviewer = review_factories.judge(*DIRECTIONS)
    people = {}
    for direction in DIRECTIONS:
        people[direction] = []
        for n in range(per_direction):
            application = review_factories.submitted_application(
                direction, season=season, status=ApplicationStatus.UNDER_REVIEW, last_name=f"Участник{n}"
            )
            review_factories.assigned(application, reviewer)
            review_factories.submit(application, reviewer, season_criteria, 9 - n * 3)
            people[direction].append(application)
    Application.objects.filter(season=season).update(status=ApplicationStatus.SELECTED)
    return season, people


def run(*args) -> str:
    out = StringIO()
    call_command("select_finalists", *args, stdout=out)
    return out.getvalue()


def test_a_dry_run_prints_the_lists_and_their_borderline_rule_and_saves_nothing():
    _season, people = reviewed_season()
    output = run("--dry-run")
    assert "Культура и креативные индустрии — Блогер" in output
    assert "граница: выше итоговый балл" in output
    assert "лист ожидания (1)" in output and str(people["culture"][1].pk) in output
    assert not Finalist.objects.exists()


def test_json_lists_each_direction_with_its_seated_and_waiting():
    _season, people = reviewed_season()
    data = json.loads(run("--dry-run", "--json"))
    assert data["saved"] is False and data["seated"] == 5 and data["waiting"] == 5
    culture = next(
        item for item in data["lists"] if (item["direction"], item["role"]) == ("culture", "blogger")
    )
    assert [row["application_id"] for row in culture["seated"]] == [people["culture"][0].pk]
    assert culture["waiting"][0]["application_id"] == people["culture"][1].pk


def test_without_dry_run_the_ranking_is_kept_as_the_proposal():
    season, people = reviewed_season()
    run()
    assert Finalist.objects.get(application=people["tourism"][0]).status == "proposed"
    assert Finalist.objects.get(application=people["tourism"][1]).status == "reserve"
    assert Finalist.objects.filter(season=season).count() == 10


def test_a_season_whose_quota_is_not_a_team_per_direction_is_refused():
    season, _people = reviewed_season()
    season.finalists_quota = 7
    season.save()
    with pytest.raises(CommandError, match=r"\(7\)"):
        run("--dry-run")


def test_the_admin_page_shows_the_ranking_saves_the_proposal_and_publishes_it(client):
    _season, people = reviewed_season()
    client.force_login(organizer())
    url = reverse("admin:modules_finalist_select")
    page = client.get(url).content.decode()
    assert "Участник0" in page and "Лист ожидания (1)" in page and "Сохранить как предложение" in page
    client.post(url, {"propose": "1"})
    assert Finalist.objects.get(application=people["health"][0]).status == "proposed"
    assert "Опубликовать предложение" in client.get(url).content.decode()
    client.post(url, {"publish": "1"})
    assert Finalist.objects.get(application=people["health"][0]).status == "invited"
    assert "уже опубликован" in client.get(url).content.decode()


@pytest.mark.parametrize("person", [expert, ministry_leadership])
def test_only_organizers_reach_the_selection_page(client, person):
    reviewed_season()
    client.force_login(person())
    response = client.get(reverse("admin:modules_finalist_select"))
    assert response.status_code == 302 and reverse("admin:login") in response["Location"]
