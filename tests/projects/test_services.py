"""The workspace's writes: history of every change, the optimistic lock, responsible
members of the team only, reports marked late and kept so, checkpoints on the schedule."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from teams.projects.models import (
    Checkpoint,
    CheckpointReport,
    ProjectAction,
    ProjectChange,
    ProjectSettings,
    ReachFigure,
)
from teams.projects.services import projects as services
from teams.projects.services.checkpoints import checkpoints_ensure
from tests.modules.factories import season_at
from tests.projects.factories import link
from tests.projects.factories import project as project_of
from tests.teams.factories import member


def _edit(world, **fields):
    project = world["project"]
    return services.project_update(
        project_id=project.pk, by=world["member"], version=project.version, fields=fields
    )


def test_an_edit_is_logged_with_old_and_new_values(world):
    _edit(world, title="Музеи рядом", status="production")
    change = ProjectChange.objects.get(action=ProjectAction.EDITED)
    assert change.changed_by == world["member"]
    assert change.details["title"] == [world["project"].title, "Музеи рядом"]
    assert change.details["status"] == ["idea", "production"]


def test_an_edit_that_changes_nothing_writes_nothing(world):
    _edit(world, title=world["project"].title)
    assert not ProjectChange.objects.exists()


def test_a_stale_edit_is_refused(world):
    project = world["project"]
    services.project_update(project_id=project.pk, by=world["member"], version=1, fields={"title": "Первый"})
    with pytest.raises(ValidationError) as refused:
        services.project_update(
            project_id=project.pk, by=world["member2"], version=1, fields={"title": "Второй"}
        )
    assert refused.value.code == "stale"
    project.refresh_from_db()
    assert (project.title, project.version) == ("Первый", 2)


def test_a_stale_edit_in_the_browser_keeps_what_was_typed(client, world):
    team, project = world["team"], world["project"]
    services.project_update(project_id=project.pk, by=world["member2"], version=1, fields={"title": "Первый"})
    client.force_login(world["member"])
    response = client.post(
        reverse("projects:project_edit", kwargs={"team_id": team.pk, "project_id": project.pk}),
        {"title": "Мой заголовок", "goal": "Моя цель", "format": "video", "status": "idea", "version": 1},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "другой участник команды" in body
    assert "Мой заголовок" in body and "Моя цель" in body
    project.refresh_from_db()
    assert project.title == "Первый"


def test_responsible_members_come_from_the_same_team(world):
    stranger = member(world["other_team"])
    with pytest.raises(ValidationError):
        services.project_update(
            project_id=world["project"].pk,
            by=world["member"],
            version=1,
            fields={},
            responsible_ids=[world["memberships"][0].pk, stranger.pk],
        )
    services.project_update(
        project_id=world["project"].pk,
        by=world["member"],
        version=1,
        fields={},
        responsible_ids=[world["memberships"][1].pk],
    )
    assert list(world["project"].responsible.all()) == [world["memberships"][1]]


def test_only_members_write(world):
    for who in ("curator", "organizer", "other_member"):
        with pytest.raises(PermissionDenied):
            services.project_create(team=world["team"], by=world[who], fields={"title": "x"})
        with pytest.raises(PermissionDenied):
            services.link_add(
                project_id=world["project"].pk, by=world[who], url="https://vk.com/a", platform="vk"
            )


def test_only_curators_of_the_direction_and_organizers_comment(world):
    for who in ("member", "leadership", "other_curator"):
        with pytest.raises(PermissionDenied):
            services.comment_add(project_id=world["project"].pk, by=world[who], text="x")
    services.comment_add(project_id=world["project"].pk, by=world["curator"], text="Хорошо")
    assert ProjectChange.objects.filter(action=ProjectAction.COMMENTED).count() == 1


def test_a_link_twice_is_refused_and_removal_is_logged(world):
    project = world["project"]
    added = services.link_add(
        project_id=project.pk, by=world["member"], url="https://t.me/c/1", platform="telegram"
    )
    with pytest.raises(ValidationError):
        services.link_add(
            project_id=project.pk, by=world["member"], url="https://t.me/c/1", platform="telegram"
        )
    services.link_remove(link_id=added.pk, by=world["member2"])
    actions = list(ProjectChange.objects.values_list("action", "details"))
    assert actions == [
        (ProjectAction.LINK_ADDED, {"url": "https://t.me/c/1"}),
        (ProjectAction.LINK_REMOVED, {"url": "https://t.me/c/1"}),
    ]


def test_the_history_is_shown_on_the_project_page(client, world):
    _edit(world, title="Музеи рядом")
    client.force_login(world["curator"])
    body = client.get(
        reverse("projects:project", kwargs={"team_id": world["team"].pk, "project_id": world["project"].pk})
    ).content.decode()
    assert "История изменений" in body
    assert "Музеи рядом" in body and "Проект изменён" in body


def _report(world, checkpoint, note="Опубликовали первый выпуск", figures=None):
    return services.report_submit(
        project_id=world["project"].pk,
        checkpoint_id=checkpoint.pk,
        by=world["member"],
        note=note,
        figures=figures or {},
    )


def test_a_report_after_the_deadline_is_marked_late_and_stays_so(world):
    checkpoint = Checkpoint.objects.filter(season=world["season"]).order_by("number").first()
    the_link = link(world["project"])
    with time_machine.travel(checkpoint.due_at + timedelta(hours=2), tick=False):
        report = _report(world, checkpoint, figures={the_link.pk: {"views": 100, "reactions": 5}})
    assert report.is_late
    with time_machine.travel(checkpoint.due_at + timedelta(days=2), tick=False):
        _report(world, checkpoint, note="Исправленная заметка", figures={the_link.pk: {"views": 120}})
    report = CheckpointReport.objects.get()
    assert report.is_late and report.note == "Исправленная заметка"
    assert ReachFigure.objects.get().views == 120
    assert ProjectChange.objects.filter(action=ProjectAction.REPORTED).count() == 2


def test_a_report_on_time_is_not_late_and_the_page_marks_the_late_ones(client, world):
    first, second = Checkpoint.objects.filter(season=world["season"]).order_by("number")[:2]
    with time_machine.travel(first.due_at - timedelta(days=1), tick=False):
        assert not _report(world, first).is_late
    with time_machine.travel(second.due_at + timedelta(days=1), tick=False):
        assert _report(world, second).is_late
    client.force_login(world["leadership"])
    body = client.get(
        reverse("projects:project", kwargs={"team_id": world["team"].pk, "project_id": world["project"].pk})
    ).content.decode()
    assert body.count("С опозданием") == 1


def test_figures_of_another_projects_link_are_refused(world):
    checkpoint = Checkpoint.objects.filter(season=world["season"]).first()
    foreign = link(project_of(world["other_team"]))
    with pytest.raises(ValidationError):
        _report(world, checkpoint, figures={foreign.pk: {"views": 1}})


def test_checkpoints_are_monthly_through_refinement_by_default(season):
    stage = season.stages.get(kind="refinement")
    checkpoints = list(Checkpoint.objects.filter(season=season).order_by("number"))
    # A 90-day stage: two monthly points and the last on its end.
    assert [c.number for c in checkpoints] == [1, 2, 3]
    assert checkpoints[-1].due_at == stage.ends_at
    assert (
        checkpoints[0].due_at.month != stage.starts_at.month
        or checkpoints[0].due_at.day == stage.starts_at.day
    )
    assert checkpoints_ensure(season_id=season.pk) == []


def test_the_interval_is_the_seasons_setting(db):
    season = season_at("refinement")
    ProjectSettings.objects.create(season=season, checkpoint_every_months=2)
    created = checkpoints_ensure(season_id=season.pk)
    assert len(created) == 2


def test_dates_organizers_changed_stay(season):
    moved = Checkpoint.objects.get(season=season, number=2)
    moved.due_at = timezone.now() + timedelta(days=5)
    moved.save()
    Checkpoint.objects.filter(season=season, number=3).delete()
    created = checkpoints_ensure(season_id=season.pk)
    assert [c.number for c in created] == [3]
    assert Checkpoint.objects.get(pk=moved.pk).due_at == moved.due_at
