"""What the teams add to earlier stages' pages: the schedule's roster of team numbers,
the dashboard's figures, the cabinet's «Ваша команда», the personal-data download and
the organizers' list of who has not stated their wishes."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from applications.models import ApplicantRole
from modules.audience import team_numbers
from modules.models import Audience as SessionAudience
from teams.dashboard import collect
from teams.models import MembershipAction, MembershipChange, TeamPreference
from tests.factories import Region, applicant, expert, ministry_curator, ministry_leadership, organizer
from tests.modules.factories import SessionFactory, trainee
from tests.teams.factories import confirmed_finalist, member
from tests.teams.people import cast, grown
from topblog.dashboard.figures import Share
from topblog.dashboard.registry import Audience, Scope
from topblog.tracks.models import Direction

pytestmark = pytest.mark.django_db


def _wish(membership, *codes):
    TeamPreference.objects.create(
        finalist=membership.finalist, directions=list(codes), updated_at=timezone.now()
    )


# --- the schedule's roster


def test_the_roster_gives_each_members_application_its_team_number(client):
    people = cast()
    assert team_numbers(people.season.pk) == {
        people.member.finalist.application_id: people.culture.number,
        people.other_member.finalist.application_id: people.health.number,
    }
    session = SessionFactory(
        stage=people.season.stages.get(kind="team_module"),
        audience=SessionAudience.TEAM,
        team_number=people.culture.number,
        title="Планёрка команды",
    )
    client.force_login(people.member.finalist.application.applicant)
    assert session.title in client.get(reverse("modules:my_schedule")).content.decode()
    client.force_login(people.other_member.finalist.application.applicant)
    assert session.title not in client.get(reverse("modules:my_schedule")).content.decode()


# --- the dashboard


def _scope(season, audience=Audience.ORGANIZERS, direction=None) -> Scope:
    return Scope(
        audience=audience, season=season, previous_season=None, direction=direction, now=timezone.now()
    )


def _figures():
    people = cast()
    kazan = Region.objects.get(code="16")
    second = member(people.culture, role=ApplicantRole.OFFICIAL, region=kazan)
    third = member(people.culture)
    _wish(people.member, "culture", "health")
    _wish(second, "health", "culture")
    _wish(people.other_member, "health")
    return people, second, third


def test_the_figures_count_sizes_roles_first_choices_and_regions():
    people, _second, _third = _figures()
    contribution = collect(_scope(people.season))
    (step,) = contribution.funnel
    assert (step.position, step.total) == (800, 4)
    assert step.by_role == {"Блогер": 3, "Представитель министерства": 1}
    assert step.by_direction == {"culture": 3, "health": 1}
    (table,) = contribution.sections[0].tables
    culture, health, total = table.rows
    # team, members, places, bloggers, officials, stated, first choice, regions, most from one region
    assert culture == ("Культура и креативные индустрии", 3, 30, 2, 1, 2, Share(0.5), 2, 2)
    assert health == ("Здравоохранение", 1, 30, 1, 0, 1, Share(1.0), 1, 1)
    assert total == ("Все команды", 4, 60, 3, 1, 3, Share(2 / 3), None, 2)


def test_a_curator_gets_their_directions_team_and_leadership_counts_only():
    people, _second, _third = _figures()
    curator = collect(_scope(people.season, Audience.CURATOR, Direction.objects.get(code="health")))
    assert curator.funnel[0].total == 1
    assert [row[0] for row in curator.sections[0].tables[0].rows] == ["Здравоохранение"]
    leadership = collect(_scope(people.season, Audience.LEADERSHIP))
    cells = [cell for row in leadership.sections[0].tables[0].rows for cell in row]
    assert not any(isinstance(c, str) and "Иванова" in c for c in cells)


@pytest.mark.parametrize(
    ("person", "path"),
    [
        (organizer, "/admin/dashboard/"),
        (ministry_leadership, "/dashboard/"),
        (lambda: ministry_curator("culture"), "/dashboard/"),
    ],
)
def test_the_dashboard_shows_the_teams_with_as_many_queries_however_many_members(client, person, path):
    people = cast()
    client.force_login(person())

    def page() -> tuple[str, int]:
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            html = client.get(path).content.decode()
        return html, len(captured)

    html, before = page()
    assert "Команды: состав, пожелания и регионы" in html and "В командах" in html
    for membership in grown(people.culture, 4) + grown(people.health, 3):
        _wish(membership, "culture")
    assert page()[1] == before


# --- the cabinet


def test_before_formation_the_cabinet_shows_the_wishes_and_where_to_change_them(client):
    people = cast()
    finalist = confirmed_finalist(people.season)
    client.force_login(finalist.application.applicant)
    # Teams exist with members, so a finalist without a place is told so.
    assert "вас пока нет ни в одной" in client.get(reverse("cabinet:home")).content.decode()


def test_the_cabinet_shows_the_wishes_before_the_teams_are_formed(client):
    people = cast()
    people.member.delete()
    people.other_member.delete()
    finalist = confirmed_finalist(people.season)
    client.force_login(finalist.application.applicant)
    html = client.get(reverse("cabinet:home")).content.decode()
    assert "Команды ещё не сформированы." in html and reverse("teams:preferences") in html
    TeamPreference.objects.create(
        finalist=finalist, directions=["health", "culture"], updated_at=timezone.now()
    )
    html = client.get(reverse("cabinet:home")).content.decode()
    assert "<li>Здравоохранение</li>" in html and "Изменить пожелания" in html


def test_a_member_sees_their_team_in_the_cabinet_and_each_change_in_its_history(client):
    people = cast()
    MembershipChange.objects.create(
        finalist=people.member.finalist,
        action=MembershipAction.FORMED,
        to_team=people.culture,
        changed_at=timezone.now(),
    )
    client.force_login(people.member.finalist.application.applicant)
    html = client.get(reverse("cabinet:home")).content.decode()
    assert "Ваша команда" in html and reverse("teams:team", args=[people.culture.pk]) in html
    assert "Назначен формированием" in html


def test_a_trainee_who_is_not_a_finalist_sees_no_team_part(client):
    people = cast()
    client.force_login(trainee(people.season).applicant)
    assert "Ваша команда" not in client.get(reverse("cabinet:home")).content.decode()


# --- the personal-data download


def test_the_download_has_the_persons_team_wishes_and_history_and_only_theirs(client):
    people = cast()
    _wish(people.member, "culture", "agro")
    _wish(people.other_member, "health")
    MembershipChange.objects.create(
        finalist=people.member.finalist,
        action=MembershipAction.FORMED,
        to_team=people.culture,
        changed_at=timezone.now(),
    )
    client.force_login(people.member.finalist.application.applicant)
    data = client.get(reverse("cabinet:export")).json()["teams"]
    assert data["team"]["direction"] == "culture" and data["team"]["number"] == people.culture.number
    assert data["preferences"]["directions"] == ["culture", "agro"]
    assert [(h["action"], h["to_team"]) for h in data["history"]] == [("formed", "culture")]
    client.force_login(applicant())
    assert client.get(reverse("cabinet:export")).json()["teams"] == {
        "team": None,
        "preferences": None,
        "history": [],
    }


# --- the organizers' list


def _wishes_list(client, user, query=""):
    client.force_login(user)
    return client.get(reverse("admin:teams_finalistwishes_changelist") + query)


def test_organizers_see_who_has_not_stated_and_download_the_list(client):
    people = cast()
    stated = member(people.culture, last_name="Говорова")
    _wish(stated, "culture", "health")
    silent = confirmed_finalist(people.season, last_name="Молчанова")
    html = _wishes_list(client, organizer(), "?stated=no").content.decode()
    assert "Молчанова" in html and "Говорова" not in html
    html = client.get(reverse("admin:teams_finalistwishes_changelist") + "?stated=yes").content.decode()
    assert "Говорова" in html and "culture, health" in html and "Молчанова" not in html
    response = client.post(
        reverse("admin:teams_finalistwishes_changelist"),
        {"action": "export_csv", "_selected_action": [stated.finalist.pk, silent.pk]},
    )
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert len(lines) == 3
    assert any("Говорова" in line and "culture, health" in line for line in lines)
    assert any("Молчанова" in line and ";нет;" in line for line in lines)


@pytest.mark.parametrize("person", [expert, ministry_leadership, applicant])
def test_the_list_is_the_organizers_only(client, person):
    cast()
    response = _wishes_list(client, person())
    assert response.status_code in (302, 403)
