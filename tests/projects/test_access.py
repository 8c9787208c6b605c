"""Who opens which page of a team's workspace: members of the team edit, curators of the
direction and organizers comment, leadership reads, everyone else gets 404."""

import pytest
from django.urls import reverse

from teams.projects.models import MediaProject, ProjectComment, ProjectLink
from tests.factories import applicant
from tests.projects.factories import link
from tests.projects.factories import project as project_of

READERS = ["member", "curator", "leadership", "organizer"]
STRANGERS = ["other_member", "other_curator"]


def _pages(world) -> dict[str, str]:
    team, project = world["team"], world["project"]
    checkpoint = world["season"].checkpoints.first()
    return {
        "list": reverse("projects:team_projects", kwargs={"team_id": team.pk}),
        "project": reverse("projects:project", kwargs={"team_id": team.pk, "project_id": project.pk}),
        "new": reverse("projects:project_new", kwargs={"team_id": team.pk}),
        "edit": reverse("projects:project_edit", kwargs={"team_id": team.pk, "project_id": project.pk}),
        "report": reverse(
            "projects:report",
            kwargs={"team_id": team.pk, "project_id": project.pk, "checkpoint_id": checkpoint.pk},
        ),
    }


@pytest.mark.parametrize("who", READERS)
@pytest.mark.parametrize("page", ["list", "project"])
def test_who_sees_the_team_reads_its_workspace(client, world, who, page):
    client.force_login(world[who])
    response = client.get(_pages(world)[page])
    assert response.status_code == 200
    assert world["project"].title in response.content.decode()


@pytest.mark.parametrize("who", STRANGERS)
@pytest.mark.parametrize("page", ["list", "project", "new", "edit", "report"])
def test_another_team_or_direction_gets_404(client, world, who, page):
    client.force_login(world[who])
    assert client.get(_pages(world)[page]).status_code == 404


def test_an_applicant_outside_the_teams_gets_404(client, world):
    client.force_login(applicant())
    assert client.get(_pages(world)["list"]).status_code == 404


@pytest.mark.parametrize("page", ["list", "project", "new", "edit", "report"])
def test_anonymous_is_sent_to_log_in(client, world, page):
    response = client.get(_pages(world)[page])
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize("who", ["curator", "leadership", "organizer"])
@pytest.mark.parametrize("page", ["new", "edit", "report"])
def test_only_members_open_the_forms(client, world, who, page):
    client.force_login(world[who])
    assert client.get(_pages(world)[page]).status_code == 404


def test_a_member_opens_the_forms(client, world):
    client.force_login(world["member"])
    for page in ("new", "edit", "report"):
        assert client.get(_pages(world)[page]).status_code == 200, page
    body = client.get(_pages(world)["project"]).content.decode()
    assert "Изменить" in body
    assert "Комментарий куратора" not in body


def test_a_member_of_another_team_cannot_edit(client, world):
    team, project = world["team"], world["project"]
    client.force_login(world["other_member"])
    response = client.post(
        reverse("projects:link_add", kwargs={"team_id": team.pk, "project_id": project.pk}),
        {"url": "https://vk.com/x", "platform": "vk"},
    )
    assert response.status_code == 404
    # Nor through their own team's address.
    response = client.post(
        reverse("projects:link_add", kwargs={"team_id": world["other_team"].pk, "project_id": project.pk}),
        {"url": "https://vk.com/x", "platform": "vk"},
    )
    assert response.status_code == 404
    response = client.post(
        reverse(
            "projects:project_edit", kwargs={"team_id": world["other_team"].pk, "project_id": project.pk}
        ),
        {"title": "Чужой", "goal": "x", "format": "video", "status": "idea", "version": 1},
    )
    assert response.status_code == 404
    assert not ProjectLink.objects.exists()
    assert MediaProject.objects.get().title == project.title


@pytest.mark.parametrize("who,allowed", [("curator", True), ("organizer", True), ("leadership", False)])
def test_curators_of_the_direction_and_organizers_comment(client, world, who, allowed):
    team, project = world["team"], world["project"]
    client.force_login(world[who])
    body = client.get(_pages(world)["project"]).content.decode()
    assert ("Добавить комментарий" in body) is allowed
    response = client.post(
        reverse("projects:comment_add", kwargs={"team_id": team.pk, "project_id": project.pk}),
        {"text": "Хороший темп"},
    )
    assert response.status_code == (302 if allowed else 404)
    assert ProjectComment.objects.filter(text="Хороший темп").exists() is allowed


@pytest.mark.parametrize("who", ["member", "other_curator", "other_member"])
def test_others_cannot_comment(client, world, who):
    team, project = world["team"], world["project"]
    client.force_login(world[who])
    response = client.post(
        reverse("projects:comment_add", kwargs={"team_id": team.pk, "project_id": project.pk}),
        {"text": "Чужой комментарий"},
    )
    assert response.status_code == 404
    assert not ProjectComment.objects.exists()


def test_a_link_of_another_project_cannot_be_removed(client, world):
    foreign = link(project_of(world["other_team"]))
    team, project = world["team"], world["project"]
    client.force_login(world["member"])
    response = client.post(
        reverse(
            "projects:link_remove",
            kwargs={"team_id": team.pk, "project_id": project.pk, "link_id": foreign.pk},
        )
    )
    assert response.status_code == 404
    assert ProjectLink.objects.filter(pk=foreign.pk).exists()
