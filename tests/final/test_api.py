"""The final's presentations in the API: those the requester may see, 404 for the rest,
and the same number of queries for two presentations and five."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from teams.final.models import Presentation
from tests.factories import applicant, ministry_curator, ministry_leadership, organizer
from tests.final.factories import final_season, member, team, uploaded

pytestmark = pytest.mark.django_db
LIST = reverse("api:final-presentations")


@pytest.fixture
def season():
    season = final_season()
    for code in ("culture", "health"):
        uploaded(team(season, code))
    return season


def codes(client) -> list[str]:
    response = client.get(LIST)
    assert response.status_code == 200
    return [row["direction"] for row in response.json()["results"]]


@pytest.mark.parametrize(
    ("who", "seen"),
    [
        (organizer, ["culture", "health"]),
        (ministry_leadership, ["culture", "health"]),
        (lambda: ministry_curator("culture"), ["culture"]),
        (applicant, []),
    ],
)
def test_the_list_holds_what_the_requester_may_see(client, season, who, seen):
    client.force_login(who())
    assert codes(client) == seen


def test_a_member_sees_their_own_teams_presentation_with_its_versions(client, season):
    culture = team(season, "culture")
    person = member(culture).finalist.application.applicant
    client.force_login(person)
    assert codes(client) == ["culture"]
    own = Presentation.objects.get(team=culture)
    detail = client.get(reverse("api:final-presentation", args=[own.pk])).json()
    assert [v["number"] for v in detail["versions"]] == [1]
    assert detail["shown_version"]["url"] == reverse("final:presentation_file", args=[own.shown_version_id])
    other = Presentation.objects.get(team__direction__code="health")
    assert client.get(reverse("api:final-presentation", args=[other.pk])).status_code == 404


def test_the_anonymous_are_refused(client, season):
    assert client.get(LIST).status_code in (401, 403)


def test_queries_do_not_grow_with_presentations(client, season):
    client.force_login(organizer())
    client.get(LIST)
    with CaptureQueriesContext(connection) as two:
        client.get(LIST)
    for code in ("agro", "science", "tourism"):
        uploaded(team(season, code))
    with CaptureQueriesContext(connection) as five:
        assert len(client.get(LIST).json()["results"]) == 5
    assert len(five.captured_queries) == len(two.captured_queries)
