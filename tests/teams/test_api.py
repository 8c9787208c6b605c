"""Teams in the API: my team, the teams the requester sees (each role, everyone else
404 or an empty list), social links only with consent, the schema, and a fixed number
of queries."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from tests.factories import SocialAccountFactory, ministry_curator, ministry_leadership
from tests.modules.queries import assert_same_queries
from tests.teams.factories import confirmed_finalist, member
from tests.teams.people import DOES_NOT, SEES_CULTURE, cast, grown, publication_consent

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def _as(api, user):
    if user is not None:
        api.force_authenticate(user)
    return api


@pytest.mark.parametrize("who", SEES_CULTURE + DOES_NOT)
def test_a_team_is_for_its_members_its_curators_leadership_and_organizers(api, who):
    people = cast()
    response = _as(api, people.person(who)).get(reverse("api:team-detail", args=[people.culture.pk]))
    if who in SEES_CULTURE:
        assert response.status_code == 200
        assert response.json()["direction"] == "culture"
    elif who == "anonymous":
        assert response.status_code in (401, 403)
    else:
        assert response.status_code == 404


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("member", ["culture"]),
        ("member of another team", ["health"]),
        ("curator of the direction", ["culture"]),
        ("curator of another direction", ["health"]),
        ("leadership", ["culture", "health"]),
        ("organizer", ["culture", "health"]),
        ("expert", []),
        ("plain applicant", []),
    ],
)
def test_the_list_holds_the_teams_the_requester_sees(api, who, sees):
    people = cast()
    response = _as(api, people.person(who)).get(reverse("api:team-list"))
    assert [t["direction"] for t in response.json()] == sees


def test_the_list_is_closed_to_anonymous_visitors(api):
    cast()
    assert api.get(reverse("api:team-list")).status_code in (401, 403)


@pytest.mark.parametrize(
    ("who", "team"),
    [("member", "culture"), ("member of another team", "health")],
)
def test_my_team_is_the_members_own(api, who, team):
    people = cast()
    data = _as(api, people.person(who)).get(reverse("api:my-team")).json()
    assert data["id"] == getattr(people, team).pk


@pytest.mark.parametrize(
    "who", ["curator of the direction", "leadership", "organizer", "expert", "plain applicant"]
)
def test_my_team_is_404_to_whoever_is_not_a_member(api, who):
    people = cast()
    assert _as(api, people.person(who)).get(reverse("api:my-team")).status_code == 404


def test_a_team_gives_curators_and_members_and_links_only_with_consent(api):
    people = cast()
    ministry_curator("culture", first_name="Ольга", last_name="Кураторова", email="olga@culture.example")
    consenting, private = member(people.culture), member(people.culture)
    SocialAccountFactory(application=consenting.finalist.application, url="https://t.me/shown")
    SocialAccountFactory(application=private.finalist.application, url="https://t.me/hidden")
    publication_consent(consenting.finalist.application.applicant)
    data = _as(api, people.person("member")).get(reverse("api:my-team")).json()
    assert data["curators"] == [{"name": "Ольга Кураторова", "email": "olga@culture.example"}]
    assert data["ministry"].startswith("Министерство культуры")
    links = [m["social_links"] for m in data["members"]]
    assert [{"platform": "telegram", "url": "https://t.me/shown"}] in links
    assert all(link["url"] != "https://t.me/hidden" for member_links in links for link in member_links)
    assert set(data["members"][0]) == {"first_name", "last_name", "role", "region", "social_links"}


def test_the_schema_documents_the_teams(api):
    api.force_authenticate(ministry_leadership())
    paths = api.get("/api/schema/?format=json").json()["paths"]
    assert {"/api/v1/me/team/", "/api/v1/teams/", "/api/v1/teams/{team_id}/"} <= set(paths)


@pytest.mark.parametrize("name", ["team-list", "my-team"])
def test_the_teams_cost_as_many_queries_however_many_members(api, django_assert_num_queries, name):
    people = cast()
    grown(people.culture, 2)
    ministry_curator("culture")
    requester = ministry_leadership() if name == "team-list" else people.member.finalist.application.applicant
    api.force_authenticate(requester)

    def grow():
        grown(people.culture, 5)
        grown(people.health, 5)
        ministry_curator("culture")

    assert_same_queries(django_assert_num_queries, lambda: api.get(reverse(f"api:{name}")), grow, at_most=10)


def test_a_finalist_states_wishes_through_the_api_with_the_services_messages(api):
    people = cast()
    people.member.delete()
    people.other_member.delete()
    finalist = confirmed_finalist(people.season)
    api.force_authenticate(finalist.application.applicant)
    address = reverse("api:my-team-preferences")
    assert api.get(address).json() == {
        "directions": [],
        "offered": ["culture", "health"],
        "updated_at": None,
        "open": True,
    }
    refused = api.put(address, {"directions": ["culture", "culture"]}, format="json")
    assert refused.status_code == 400
    assert refused.json()["detail"] == "Каждое направление можно указать только один раз."
    saved = api.put(address, {"directions": ["health", "culture"]}, format="json").json()
    assert saved["directions"] == ["health", "culture"] and saved["updated_at"]
    member(people.culture)
    closed = api.put(address, {"directions": ["culture"]}, format="json")
    assert closed.status_code == 409
    assert closed.json()["detail"] == "Команды уже сформированы: пожелания больше не принимаются."


@pytest.mark.parametrize("who", ["plain applicant", "expert", "leadership", "curator of the direction"])
def test_wishes_through_the_api_are_404_to_whoever_is_not_a_seated_finalist(api, who):
    people = cast()
    assert _as(api, people.person(who)).get(reverse("api:my-team-preferences")).status_code == 404
