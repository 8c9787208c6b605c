"""The organizers' downloads (XLSX of projects and figures, ZIP of the locked
presentations) from /final/ and the admin, and the final's admin pages."""

import io
import zipfile
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from teams.final.models import Presentation
from teams.projects.models import MediaProject
from tests.factories import ministry_curator, ministry_leadership, organizer
from tests.final.factories import checkpoints, final_season, project, team, uploaded

pytestmark = pytest.mark.django_db


@pytest.fixture
def season():
    season = final_season()
    points = checkpoints(season)
    for code in ("culture", "health"):
        made = team(season, code)
        project(made, points, title=f"Проект {code}")
        uploaded(made, name=f"{code}-1.pdf")
        uploaded(made, name=f"{code}-2.pdf")
    MediaProject.objects.create(team=team(season, "agro"), title="Без охватов", goal="—", format="video")
    return season


def test_the_xlsx_has_a_row_per_link_and_checkpoint_and_every_project(client, season):
    client.force_login(organizer())
    response = client.get(reverse("final:projects_export"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Направление", "Команда", "Проект")
    # Two projects x two links x three checkpoints, and the project with no figures.
    assert len(rows) == 1 + 12 + 1
    assert ("Проект culture", "ВКонтакте", "Месяц 3", 3000) in {(r[2], r[5], r[7], r[8]) for r in rows}
    assert any(r[2] == "Без охватов" and r[8] is None for r in rows)


def test_the_zip_holds_the_locked_versions_named_by_team_and_direction(client, season):
    deadline = season.final_settings.presentation_deadline
    client.force_login(organizer())
    with time_machine.travel(deadline + timedelta(hours=1)):
        response = client.get(reverse("final:presentations_export"))
    assert response.status_code == 200 and response.streaming
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    names = sorted(archive.namelist())
    assert len(names) == 2
    assert names[0].startswith("01 culture") and names[0].endswith("v2.pdf")
    assert names[1].startswith("02 health")
    assert archive.read(names[0]).startswith(b"%PDF-")
    assert Presentation.objects.filter(locked_at__isnull=False).count() == 2


def test_before_the_deadline_the_zip_is_empty(client, season):
    client.force_login(organizer())
    response = client.get(reverse("final:presentations_export"))
    assert zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))).namelist() == []


@pytest.mark.parametrize("who", [ministry_leadership, lambda: ministry_curator("culture")])
def test_only_organizers_download(client, season, who):
    client.force_login(who())
    assert client.get(reverse("final:projects_export")).status_code == 404
    assert client.get(reverse("final:presentations_export")).status_code == 404


@pytest.mark.parametrize(
    "name",
    [
        "final_finalsettings_changelist",
        "final_presentationslot_changelist",
        "final_presentation_changelist",
        "final_presentationversion_changelist",
    ],
)
def test_the_admin_lists_open_for_organizers(client, season, name):
    client.force_login(organizer())
    assert client.get(reverse(f"admin:{name}")).status_code == 200


def test_a_presentation_in_the_admin_shows_its_versions_read_only(client, season):
    presentation = Presentation.objects.get(team__direction__code="culture")
    client.force_login(organizer())
    page = client.get(reverse("admin:final_presentation_change", args=[presentation.pk])).content.decode()
    assert "culture-1.pdf" in page and "culture-2.pdf" in page
    assert reverse("final:presentation_file", args=[presentation.shown_version_id]) in page
    assert "/media/" not in page


def test_the_admin_actions_download(client, season):
    client.force_login(organizer())
    ids = [str(pk) for pk in Presentation.objects.values_list("pk", flat=True)]
    url = reverse("admin:final_presentation_changelist")
    xlsx = client.post(url, {"action": "download_projects", "_selected_action": ids})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    archive = client.post(url, {"action": "download_zip", "_selected_action": ids})
    assert archive["Content-Type"] == "application/zip"


def test_the_admin_list_queries_do_not_grow_with_presentations(client, season):
    client.force_login(organizer())
    url = reverse("admin:final_presentation_changelist")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for code in ("science", "tourism"):
        uploaded(team(season, code))
    with CaptureQueriesContext(connection) as more:
        client.get(url)
    assert len(more.captured_queries) == len(few.captured_queries)
