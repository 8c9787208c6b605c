"""The team module in the admin: only organizers reach the lists and the formation page;
the page computes a dry run, shows its metrics and table, a progress bar while a job
computes, applies through the service; members are locked, moved and exported through
the services; lists cost the same queries at any size."""

import csv
import io

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.test import override_settings
from django.urls import reverse

from teams.models import FormationRun, FormationRunStatus, Membership, MembershipChange, Team
from teams.services.formation import formation_run_apply, formation_run_start
from tests.factories import applicant, expert, ministry_curator, organizer, superuser
from tests.modules.factories import season_at
from tests.modules.queries import assert_same_queries
from tests.teams.factories import confirmed_finalist, member, team
from topblog.tracks.models import StageKind

pytestmark = pytest.mark.django_db
LISTS = ["team", "membership", "membershipchange", "formationrun"]
FORMATION = reverse("admin:teams_team_formation")


@pytest.fixture
def season():
    return season_at(StageKind.TEAM_MODULE, team_size=4)


@pytest.fixture
def staff(client):
    client.force_login(organizer())
    return client


@pytest.mark.parametrize(
    "url", [*(f"admin:teams_{m}_changelist" for m in LISTS), "admin:teams_team_formation"]
)
def test_lists_and_the_formation_page_open_to_organizers_only(client, season, url):
    page = reverse(url)
    for boss in (organizer(), superuser()):
        client.force_login(boss)
        assert client.get(page).status_code == 200
    for stranger in (applicant(), expert(), ministry_curator()):
        client.force_login(stranger)
        assert client.get(page).status_code == 302  # to the admin login
        assert client.post(page, {"start": "1"}).status_code == 302
    assert not FormationRun.objects.exists()


def grow(season, count):
    crew = team(season, "culture", capacity=400)
    for _ in range(count):
        membership = member(crew)
        MembershipChange.objects.create(
            finalist=membership.finalist, action="formed", to_team=crew, changed_at=membership.joined_at
        )
        FormationRun.objects.create(season=season, status=FormationRunStatus.READY, people_count=count)


@pytest.mark.parametrize("model", LISTS)
def test_lists_cost_the_same_queries_at_any_size(staff, season, django_assert_num_queries, model):
    grow(season, 2)
    url = reverse(f"admin:teams_{model}_changelist")
    assert_same_queries(
        django_assert_num_queries, lambda: staff.get(url), lambda: grow(season, 10), at_most=20
    )


def test_the_formation_page_costs_the_same_queries_at_any_size(staff, season, django_assert_num_queries):
    for code in ("culture", "health"):
        confirmed_finalist(season, code)
    run = formation_run_start(season=season, by=None)

    def grow_and_rerun():
        nonlocal run
        for code in ("agro", "science", "tourism") * 3:
            confirmed_finalist(season, code)
        run = formation_run_start(season=season, by=None)

    assert_same_queries(
        django_assert_num_queries, lambda: staff.get(f"{FORMATION}?run={run.pk}"), grow_and_rerun, at_most=20
    )


def test_an_organizer_runs_a_dry_run_sees_it_and_applies_it(staff, season):
    people = [confirmed_finalist(season, code, last_name=f"Участник{code}") for code in ("culture", "health")]
    response = staff.post(FORMATION, {"start": "1"})
    run = FormationRun.objects.get()
    assert response.url == f"{FORMATION}?run={run.pk}"
    assert not Membership.objects.exists()
    page = staff.get(response.url).content.decode()
    assert "100 %" in page and "Участникculture" in page and "Применить" in page
    response = staff.post(FORMATION, {"apply": "1", "run": str(run.pk)}, follow=True)
    assert "Команды сформированы: назначено — 2" in response.content.decode()
    assert {m.finalist_id for m in Membership.objects.all()} == {p.pk for p in people}
    again = staff.post(FORMATION, {"apply": "1", "run": str(run.pk)}, follow=True).content.decode()
    assert "нельзя применить" in again


def test_a_failed_run_shows_why(staff, season):
    for _ in range(5):
        confirmed_finalist(season, "health", role="official")
    staff.post(FORMATION, {"start": "1"})
    page = staff.get(FORMATION).content.decode()
    assert "Команды нельзя сформировать" in page and "Применить" not in page


@override_settings(TEAMS_FORMATION_INLINE_MAX=0)
def test_while_a_job_computes_the_page_shows_progress_and_refreshes_itself(staff, season):
    confirmed_finalist(season)
    staff.post(FORMATION, {"start": "1"})
    run = FormationRun.objects.get()
    FormationRun.objects.filter(pk=run.pk).update(status=FormationRunStatus.RUNNING, progress=30)
    page = staff.get(f"{FORMATION}?run={run.pk}").content.decode()
    assert '<progress id="formation-progress" max="100" value="30"' in page
    assert 'http-equiv="refresh"' in page and "Применить" not in page


def test_members_are_locked_moved_and_refused_through_the_services(staff, season):
    source, full = team(season, "culture"), team(season, "health", capacity=1)
    member(full)
    mover = member(source)
    url = reverse("admin:teams_membership_changelist")
    staff.post(url, {"action": "lock", ACTION_CHECKBOX_NAME: [mover.pk]})
    assert Membership.objects.get(pk=mover.pk).locked
    form = staff.post(url, {"action": "move", ACTION_CHECKBOX_NAME: [mover.pk]}).content.decode()
    assert "Перевести" in form and "1 из 1" in form
    refused = staff.post(
        url,
        {"action": "move", ACTION_CHECKBOX_NAME: [mover.pk], "confirm": "yes", "team": full.pk},
        follow=True,
    ).content.decode()
    assert "нет свободных мест: 1 из 1" in refused
    target = team(season, "agro")
    staff.post(
        url,
        {
            "action": "move",
            ACTION_CHECKBOX_NAME: [mover.pk],
            "confirm": "yes",
            "team": target.pk,
            "reason": "x",
        },
    )
    assert Membership.objects.get(pk=mover.pk).team == target
    assert Team.objects.get(pk=source.pk).size == 0
    assert MembershipChange.objects.filter(finalist_id=mover.finalist_id, action="moved").count() == 1


def test_the_roster_exports_as_csv_and_xlsx(staff, season):
    person = member(team(season, "culture"), last_name="Петрова")
    url = reverse("admin:teams_membership_changelist")
    response = staff.post(url, {"action": "export_csv", ACTION_CHECKBOX_NAME: [person.pk]})
    rows = list(
        csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")), delimiter=";")
    )
    assert rows[1][0] == str(person.team.number) and rows[1][2].startswith("Петрова")
    response = staff.post(url, {"action": "export_xlsx", ACTION_CHECKBOX_NAME: [person.pk]})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_an_applied_run_is_not_offered_again(staff, season):
    confirmed_finalist(season)
    run = formation_run_start(season=season, by=None)
    formation_run_apply(run_id=run.pk, by=None)
    page = staff.get(f"{FORMATION}?run={run.pk}").content.decode()
    assert "Применено" in page and 'name="apply"' not in page


def test_a_capacity_below_the_members_is_refused_with_a_message(staff, season):
    crew = team(season, "culture")
    member(crew), member(crew)
    url = reverse("admin:teams_team_change", args=[crew.pk])
    page = staff.post(url, {"capacity": 1, "memberships-TOTAL_FORMS": 0, "memberships-INITIAL_FORMS": 0})
    assert "Участников в команде: 2 — мест не может быть меньше." in page.content.decode()
    assert Team.objects.get(pk=crew.pk).capacity == 4
    assert (
        staff.post(
            url, {"capacity": 5, "memberships-TOTAL_FORMS": 0, "memberships-INITIAL_FORMS": 0}
        ).status_code
        == 302
    )
    assert Team.objects.get(pk=crew.pk).capacity == 5
