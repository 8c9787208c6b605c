"""The API's projects by role and direction, the schema, and the query counts of the
workspace's list, a project's page and the API at two sizes."""

import pytest
from django.urls import reverse

from teams.projects.models import Checkpoint, ReachFigure
from tests.factories import applicant
from tests.modules.queries import assert_same_queries
from tests.projects.factories import link, project

LIST = "/api/v1/projects/"


def _ids(response) -> set[int]:
    return {row["id"] for row in response.json()["results"]}


@pytest.mark.parametrize(
    "who,sees",
    [
        ("member", {"culture"}),
        ("curator", {"culture"}),
        ("other_curator", {"health"}),
        ("other_member", {"health"}),
        ("leadership", {"culture", "health"}),
        ("organizer", {"culture", "health"}),
    ],
)
def test_the_api_lists_the_projects_of_the_teams_one_sees(client, world, who, sees):
    project(world["other_team"])
    client.force_login(world[who])
    response = client.get(LIST)
    assert response.status_code == 200
    assert {row["direction"] for row in response.json()["results"]} == sees


def test_a_project_outside_ones_teams_is_404(client, world):
    url = reverse("api:project-detail", kwargs={"project_id": world["project"].pk})
    client.force_login(world["other_member"])
    assert client.get(url).status_code == 404
    client.force_login(world["curator"])
    assert client.get(url).json()["title"] == world["project"].title


def test_anonymous_gets_nothing(client, world):
    assert client.get(LIST).status_code in (401, 403)
    assert client.get(reverse("api:checkpoint-list")).status_code in (401, 403)


def test_figures_and_checkpoints_in_the_api(client, world):
    the_link = link(world["project"])
    checkpoint = Checkpoint.objects.filter(season=world["season"]).order_by("number").first()
    ReachFigure.objects.create(link=the_link, checkpoint=checkpoint, views=10, source="team")
    client.force_login(world["member"])
    row = client.get(LIST).json()["results"][0]
    assert row["links"][0]["figures"] == [
        {"checkpoint": 1, "views": 10, "reactions": 0, "comments": 0, "shares": 0, "source": "team"}
    ]
    assert [c["number"] for c in client.get(reverse("api:checkpoint-list")).json()] == [1, 2, 3]
    client.force_login(applicant())
    assert client.get(reverse("api:checkpoint-list")).json() == []


def test_the_schema_documents_the_projects(client):
    body = client.get("/api/schema/").content.decode()
    assert "/api/v1/projects/" in body and "ProjectPlatformEnum" in body


def _grow(world, n: int):
    def grow():
        for _ in range(n):
            made = project(world["team"])
            for checkpoint in Checkpoint.objects.filter(season=world["season"]):
                ReachFigure.objects.create(link=link(made), checkpoint=checkpoint, views=5, source="team")
            made.responsible.set(world["memberships"])

    return grow


def test_the_workspace_list_costs_the_same_at_any_size(client, world, django_assert_num_queries):
    _grow(world, 1)()
    client.force_login(world["member"])
    url = reverse("projects:team_projects", kwargs={"team_id": world["team"].pk})
    assert_same_queries(django_assert_num_queries, lambda: client.get(url), _grow(world, 5), at_most=14)


def test_the_api_list_costs_the_same_at_any_size(client, world, django_assert_num_queries):
    _grow(world, 1)()
    client.force_login(world["organizer"])
    assert_same_queries(django_assert_num_queries, lambda: client.get(LIST), _grow(world, 5), at_most=12)


def test_a_project_page_costs_the_same_at_any_size(client, world, django_assert_num_queries):
    client.force_login(world["curator"])
    url = reverse("projects:project", kwargs={"team_id": world["team"].pk, "project_id": world["project"].pk})

    def grow():
        for checkpoint in Checkpoint.objects.filter(season=world["season"]):
            for _ in range(3):
                ReachFigure.objects.create(
                    link=link(world["project"]), checkpoint=checkpoint, views=5, source="team"
                )

    assert_same_queries(django_assert_num_queries, lambda: client.get(url), grow, at_most=20)
