"""The workspace's part of a member's cabinet, and its figures on the dashboard."""

from datetime import timedelta

import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from teams.projects.models import Checkpoint, ReachFigure
from teams.projects.services import projects as services
from tests.factories import applicant
from tests.projects.factories import link, project


def cabinet(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("cabinet:home"))
    assert response.status_code == 200
    return " ".join(response.content.decode().split())


def test_a_member_sees_the_teams_projects_in_the_cabinet(client, world):
    html = cabinet(client, world["member"])
    assert 'id="team-projects-part"' in html and world["project"].title in html
    assert "отчёта ещё нет" in html
    assert reverse("projects:team_projects", kwargs={"team_id": world["team"].pk}) in html


def test_the_cabinet_shows_a_report_at_once(client, world):
    cabinet(client, world["member"])
    next_one = Checkpoint.objects.filter(season=world["season"], due_at__gt=timezone.now()).order_by(
        "due_at"
    )[0]
    services.report_submit(
        project_id=world["project"].pk,
        checkpoint_id=next_one.pk,
        by=world["member"],
        note="Готово",
        figures={},
    )
    assert "отчёт отправлен" in cabinet(client, world["member"])


def test_people_outside_a_team_see_no_part(client, world):
    assert 'id="team-projects-part"' not in cabinet(client, applicant())


def _dashboard(client, user, path="/dashboard/") -> str:
    client.force_login(user)
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def test_the_dashboard_counts_projects_reports_and_reach(client, world):
    first = Checkpoint.objects.filter(season=world["season"]).order_by("number").first()
    the_link = link(world["project"])
    with time_machine.travel(first.due_at + timedelta(hours=1), tick=False):
        services.report_submit(
            project_id=world["project"].pk,
            checkpoint_id=first.pk,
            by=world["member"],
            note="Поздно",
            figures={the_link.pk: {"views": 4321}},
        )
    html = _dashboard(client, world["organizer"], "/admin/dashboard/")
    assert "Медиапроекты команд" in html and "4321" in html.replace("\xa0", "").replace(" ", "")
    curator_html = _dashboard(client, world["other_curator"])
    assert "Медиапроекты команд" in curator_html
    assert "4321" not in curator_html.replace("\xa0", "").replace(" ", "")


def test_the_dashboard_costs_the_same_for_more_projects(client, world):
    client.force_login(world["leadership"])

    def counted() -> int:
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/dashboard/").status_code == 200
        return len(captured)

    small = counted()
    for _ in range(6):
        made = project(world["other_team"])
        for checkpoint in Checkpoint.objects.filter(season=world["season"]):
            ReachFigure.objects.create(link=link(made), checkpoint=checkpoint, views=7, source="team")
    assert counted() == small
