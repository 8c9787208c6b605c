"""The workspace in the admin: every list for organizers only, at the same query count
for any size; exports; checkpoints placed by the button; late reports marked."""

from datetime import timedelta

import pytest
import time_machine
from django.apps import apps
from django.urls import reverse

from teams.projects.models import Checkpoint, CheckpointReport, ReachFigure
from teams.projects.services import projects as services
from teams.projects.services.figures import figures_import
from tests.modules.queries import assert_same_queries
from tests.projects.factories import link, project

MODELS = [
    "mediaproject",
    "projectlink",
    "checkpoint",
    "checkpointreport",
    "reachfigure",
    "projectcomment",
    "projectchange",
    "projectsettings",
]


def _grow(world, n: int):
    def grow():
        checkpoints = list(Checkpoint.objects.filter(season=world["season"]))
        for _ in range(n):
            made = project(world["team"])
            the_link = link(made)
            for checkpoint in checkpoints:
                ReachFigure.objects.create(link=the_link, checkpoint=checkpoint, views=3, source="import")
                services.report_submit(
                    project_id=made.pk,
                    checkpoint_id=checkpoint.pk,
                    by=world["member"],
                    note="Готово",
                    figures={},
                )
            services.comment_add(project_id=made.pk, by=world["curator"], text="Хорошо")

    return grow


@pytest.mark.parametrize("model", MODELS)
def test_lists_cost_the_same_queries_at_any_size(client, world, django_assert_num_queries, model):
    _grow(world, 1)()
    client.force_login(world["organizer"])
    url = reverse(f"admin:projects_{model}_changelist")
    assert_same_queries(django_assert_num_queries, lambda: client.get(url), _grow(world, 4), at_most=16)


@pytest.mark.parametrize("who", ["member", "curator", "leadership"])
def test_people_outside_the_admin_are_sent_to_its_login(client, world, who):
    client.force_login(world[who])
    response = client.get(reverse("admin:projects_mediaproject_changelist"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


@pytest.mark.parametrize("action", ["export_csv", "export_xlsx"])
@pytest.mark.parametrize("model", ["mediaproject", "reachfigure", "checkpointreport", "projectchange"])
def test_exports(client, world, model, action):
    _grow(world, 1)()
    client.force_login(world["organizer"])
    model_class = {
        "mediaproject": "MediaProject",
        "reachfigure": "ReachFigure",
        "checkpointreport": "CheckpointReport",
        "projectchange": "ProjectChange",
    }[model]
    ids = list(apps.get_model("projects", model_class).objects.values_list("pk", flat=True))
    response = client.post(
        reverse(f"admin:projects_{model}_changelist"), {"action": action, "_selected_action": ids}
    )
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    if action == "export_csv":
        assert body.startswith("\ufeff".encode())
    else:
        assert body[:2] == b"PK"


def test_the_figures_export_imports_back_unchanged(client, world):
    _grow(world, 1)()
    client.force_login(world["organizer"])
    ids = list(ReachFigure.objects.values_list("pk", flat=True))
    response = client.post(
        reverse("admin:projects_reachfigure_changelist"), {"action": "export_csv", "_selected_action": ids}
    )
    content = b"".join(response.streaming_content)
    written = figures_import(season_id=world["season"].pk, content=content, by=world["organizer"])
    assert written.rows == len(ids) and written.written == 0


def test_the_button_places_the_missing_checkpoints(client, world):
    Checkpoint.objects.filter(season=world["season"], number=3).delete()
    client.force_login(world["organizer"])
    response = client.post(reverse("admin:projects_checkpoint_place"))
    assert response.status_code == 302
    assert Checkpoint.objects.filter(season=world["season"]).count() == 3


def test_late_reports_are_marked_in_the_admin(client, world):
    checkpoint = Checkpoint.objects.filter(season=world["season"]).order_by("number").first()
    with time_machine.travel(checkpoint.due_at + timedelta(hours=1), tick=False):
        services.report_submit(
            project_id=world["project"].pk,
            checkpoint_id=checkpoint.pk,
            by=world["member"],
            note="x",
            figures={},
        )
    client.force_login(world["organizer"])
    body = client.get(
        reverse("admin:projects_checkpointreport_changelist") + "?is_late__exact=1"
    ).content.decode()
    assert "с опозданием" in body and world["project"].title in body
    assert CheckpointReport.objects.get().is_late
