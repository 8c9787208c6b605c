"""The team pages: who sees which team (everyone else 404), what a team shows, social
links only with the member's consent to publication, and a fixed number of queries."""

import pytest
from django.urls import reverse

from applications.models import ApplicantRole
from tests.factories import SocialAccountFactory, ministry_curator, ministry_leadership
from tests.modules.queries import assert_same_queries
from tests.teams.factories import member
from tests.teams.people import DOES_NOT, SEES_CULTURE, cast, grown, publication_consent

pytestmark = pytest.mark.django_db


def _as(client, user):
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize("who", SEES_CULTURE + DOES_NOT)
def test_a_team_page_is_for_its_members_its_curators_leadership_and_organizers(client, who):
    people = cast()
    response = _as(client, people.person(who)).get(reverse("teams:team", args=[people.culture.pk]))
    if who in SEES_CULTURE:
        assert response.status_code == 200
        assert "Культура и креативные индустрии" in response.content.decode()
    elif who == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == 404


@pytest.mark.parametrize(
    ("who", "goes_to"),
    [
        ("member", "culture"),
        ("curator of the direction", "culture"),
        ("member of another team", "health"),
        ("curator of another direction", "health"),
    ],
)
def test_the_teams_address_sends_a_member_or_a_curator_to_theirs(client, who, goes_to):
    people = cast()
    response = _as(client, people.person(who)).get(reverse("teams:team_list"))
    assert response.status_code == 302
    assert response["Location"] == reverse("teams:team", args=[getattr(people, goes_to).pk])


@pytest.mark.parametrize("who", ["leadership", "organizer"])
def test_leadership_and_organizers_see_every_team_side_by_side(client, who):
    people = cast()
    html = _as(client, people.person(who)).get(reverse("teams:team_list")).content.decode()
    assert "Культура и креативные индустрии" in html and "Здравоохранение" in html
    assert reverse("teams:team", args=[people.health.pk]) in html


@pytest.mark.parametrize("who", ["expert", "plain applicant"])
def test_the_teams_address_is_404_to_anyone_without_a_team(client, who):
    people = cast()
    assert _as(client, people.person(who)).get(reverse("teams:team_list")).status_code == 404


def test_a_team_shows_direction_ministry_curators_and_members_with_role_and_region(client):
    people = cast()
    ministry_curator("culture", first_name="Ольга", last_name="Кураторова", email="olga@culture.example")
    ministry_curator("health", email="other@health.example")
    official = member(people.culture, role=ApplicantRole.OFFICIAL, first_name="Пётр", last_name="Чиновников")
    client.force_login(people.member.finalist.application.applicant)
    html = client.get(reverse("teams:team", args=[people.culture.pk])).content.decode()
    assert "Министерство культуры" in html
    assert "Ольга Кураторова" in html and 'href="mailto:olga@culture.example"' in html
    assert "other@health.example" not in html
    assert "Пётр Чиновников" in html and "Представитель министерства" in html
    assert "Москва" in html  # the region
    application = official.finalist.application
    assert application.phone not in html and application.applicant.email not in html


def test_social_links_are_shown_only_for_members_who_consent_to_publication(client):
    people = cast()
    consenting, private = member(people.culture), member(people.culture)
    shown = SocialAccountFactory(application=consenting.finalist.application, url="https://t.me/shown")
    hidden = SocialAccountFactory(application=private.finalist.application, url="https://t.me/hidden")
    publication_consent(consenting.finalist.application.applicant)
    withdrawn = publication_consent(private.finalist.application.applicant)
    withdrawn.withdrawn_at = withdrawn.given_at
    withdrawn.save()
    client.force_login(ministry_leadership())
    html = client.get(reverse("teams:team", args=[people.culture.pk])).content.decode()
    assert shown.url in html
    assert hidden.url not in html


@pytest.mark.parametrize("path", ["team", "team_list"])
def test_the_team_pages_cost_as_many_queries_however_many_members(client, django_assert_num_queries, path):
    people = cast()
    ministry_curator("culture")
    grown(people.culture, 2)
    client.force_login(ministry_leadership())
    address = (
        reverse("teams:team", args=[people.culture.pk]) if path == "team" else reverse("teams:team_list")
    )

    def grow():
        grown(people.culture, 5)
        grown(people.health, 5)
        ministry_curator("health")

    assert_same_queries(django_assert_num_queries, lambda: client.get(address), grow, at_most=12)


def test_the_team_page_reads_in_english(client):
    people = cast()
    client.force_login(people.member.finalist.application.applicant)
    client.cookies["django_language"] = "en"
    html = client.get(
        reverse("teams:team", args=[people.culture.pk]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Culture" in html and "Members" in html
