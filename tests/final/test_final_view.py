"""/final/: a ministry curator sees their direction's team, its projects, their reach
as charts with tables, the notes and the presentation; leadership and organizers every
direction side by side; anyone else 404. The same number of queries for one direction
and five, for three projects and thirty."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import UserFactory, applicant, expert, ministry_curator, ministry_leadership, organizer
from tests.final.factories import DIRECTIONS, checkpoints, final_season, member, project, team, uploaded
from topblog.accounts.models import Role

pytestmark = pytest.mark.django_db
URL = reverse("final:overview")


@pytest.fixture
def season():
    return final_season()


def filled(season, directions=DIRECTIONS, projects: int = 1):
    points = list(season.checkpoints.all()) or checkpoints(season)
    teams = []
    for code in directions:
        made = team(season, code)
        for n in range(projects):
            project(made, points, title=f"Проект {code} {n}")
        uploaded(made)
        teams.append(made)
    return teams


def test_a_curator_sees_their_directions_team_with_charts_tables_notes_and_the_presentation(client, season):
    filled(season)
    client.force_login(ministry_curator("culture"))
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="direction-culture"' in page and 'id="direction-health"' not in page
    assert "Проект culture 0" in page and "Проект health 0" not in page
    # The team by checkpoint and by platform, and the same for its project.
    assert page.count("<svg class=\"sd-svg") == 4
    assert "<caption" in page and "Месяц 3" in page
    # Two links of 1000 views each at the first checkpoint, 3000 each at the third.
    assert "6000" in page or "6\xa0000" in page
    assert "Заметка 2 проекта «Проект culture 0»" in page
    assert "Открыть презентацию" in page
    assert "Направления рядом" not in page


def test_the_page_loads_nothing_from_outside_the_portal(client, season):
    filled(season, ("culture",))
    client.force_login(ministry_curator("culture"))
    page = client.get(URL).content.decode()
    for attribute in ('src="http', 'href="http'):
        assert attribute not in page


@pytest.mark.parametrize("who", ["leadership", "organizer"])
def test_leadership_and_organizers_see_every_direction_side_by_side(client, season, who):
    filled(season)
    client.force_login(ministry_leadership() if who == "leadership" else organizer())
    page = client.get(URL).content.decode()
    assert "Направления рядом" in page
    for code in DIRECTIONS:
        assert f'id="direction-{code}"' in page
    assert ("проекты и охваты (XLSX)" in page) == (who == "organizer")


@pytest.mark.parametrize("who", ["member", "applicant", "expert", "curator_without_direction"])
def test_anyone_else_gets_404(client, season, who):
    filled(season, ("culture",))
    people = {
        "member": lambda: member(team(season, "culture")).finalist.application.applicant,
        "applicant": applicant,
        "expert": expert,
        "curator_without_direction": lambda: UserFactory(roles=[Role.MINISTRY_CURATOR]),
    }
    client.force_login(people[who]())
    assert client.get(URL).status_code == 404


def test_a_curator_of_a_direction_without_a_team_yet_sees_an_empty_page(client, season):
    filled(season, ("culture",))
    client.force_login(ministry_curator("health"))
    response = client.get(URL)
    assert response.status_code == 200
    assert "Проект culture" not in response.content.decode()


def test_the_anonymous_are_sent_to_log_in(client):
    assert client.get(URL).status_code == 302


def _queries(client, user) -> int:
    """The queries of /final/ for ``user``, once the session has settled."""
    client.force_login(user)
    client.get(URL)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(URL).status_code == 200
    return len(captured.captured_queries)


def test_queries_are_the_same_for_one_direction_and_five(client, season, django_assert_num_queries):
    filled(season, ("culture",))
    one = _queries(client, ministry_leadership())
    filled(season, DIRECTIONS[1:])
    with django_assert_num_queries(one):
        assert client.get(URL).status_code == 200


def test_queries_are_the_same_for_three_projects_and_thirty(client, season, django_assert_num_queries):
    [culture] = filled(season, ("culture",), projects=3)
    three = _queries(client, ministry_curator("culture"))
    points = list(season.checkpoints.all())
    for n in range(27):
        project(culture, points, title=f"Ещё {n}")
    with django_assert_num_queries(three):
        page = client.get(URL)
    assert page.content.decode().count("final-project") >= 30
