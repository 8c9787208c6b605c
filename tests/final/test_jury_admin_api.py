"""The jury in the admin (organizers only: criteria, jurors invited from the add page,
the preview with who has not scored what, publication once) and in the API (public
results with consenting names only; a juror's own scores, 404 for anyone else)."""

import pytest
from django.urls import reverse

from teams.final.jury import services
from teams.final.models import FinalCriterion, FinalResults, Juror
from tests.factories import applicant, ministry_curator, ministry_leadership, organizer
from tests.final import jury_factories as f
from tests.modules.queries import assert_same_queries
from tests.teams.factories import member, team
from topblog.notifications.models import Event, OutboxMessage
from topblog.tracks.models import Season

pytestmark = pytest.mark.django_db


@pytest.fixture
def scored():
    season = f.final_season()
    a, b = f.criteria(season, 2, 1)
    culture, health = f.project(season, "culture"), f.project(season, "health")
    seat = f.juror(season)
    f.score(seat, culture, {a: 8, b: 8})
    f.score(seat, health, {a: 4})  # half a scorecard: shown as missing
    return {"season": season, "criteria": (a, b), "culture": culture, "health": health, "seat": seat}


def preview(season) -> str:
    return reverse("admin:final_finalresults_preview", args=[season.pk])


ADMIN_LISTS = ["final_finalcriterion", "final_juror", "final_juryscore", "final_finalresults"]


@pytest.mark.parametrize("model", ADMIN_LISTS)
def test_organizers_see_the_jury_in_the_admin(client, scored, model):
    client.force_login(organizer())
    assert client.get(reverse(f"admin:{model}_changelist")).status_code == 200


@pytest.mark.parametrize(
    "who", [applicant, ministry_leadership, lambda: ministry_curator("culture")], ids=str
)
def test_nobody_else_reaches_the_jury_admin(client, scored, who):
    client.force_login(who())
    for model in ADMIN_LISTS:
        assert client.get(reverse(f"admin:{model}_changelist")).status_code == 302
    assert client.get(preview(scored["season"])).status_code == 302
    assert client.post(preview(scored["season"]), {"action": "publish"}).status_code == 302
    assert not FinalResults.objects.exists()


def test_the_preview_ranks_and_shows_who_has_not_scored_what(client, scored):
    client.force_login(organizer())
    content = client.get(preview(scored["season"])).content.decode()
    assert scored["culture"].title in content
    assert "1 / 2" in content  # the health project: one criterion of two
    assert scored["health"].title in content


def test_organizers_publish_from_the_preview_once(client, scored, django_capture_on_commit_callbacks):
    someone = member(team(scored["season"], "culture"))
    client.force_login(organizer())
    with django_capture_on_commit_callbacks(execute=True):
        client.post(preview(scored["season"]), {"action": "publish"})
        client.post(preview(scored["season"]), {"action": "publish"})
    assert FinalResults.objects.filter(season=scored["season"]).count() == 1
    applicant_id = someone.finalist.application.applicant_id
    assert OutboxMessage.objects.filter(event=Event.RESULTS_PUBLISHED, recipient_id=applicant_id).count() == 2
    response = client.get(preview(scored["season"]))
    assert "уже опубликованы" in " ".join(str(m) for m in response.context["messages"])


def test_organizers_create_the_default_criteria_from_the_preview(client):
    season = f.final_season()
    client.force_login(organizer())
    client.post(preview(season), {"action": "defaults"})
    assert FinalCriterion.objects.filter(season=season).count() == len(services.DEFAULT_CRITERIA)


def test_organizers_invite_a_juror_from_the_add_page(client, django_capture_on_commit_callbacks):
    season = f.final_season()
    client.force_login(organizer())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:final_juror_add"),
            {"email": "judge@example.com", "last_name": "Судьина", "first_name": "Ольга", "season": season.pk,
             "directions": []},
        )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    seat = Juror.objects.get(season=season)
    assert seat.user.email == "judge@example.com" and seat.user.last_name == "Судьина"
    assert OutboxMessage.objects.filter(event=Event.JURY_INVITATION, recipient=seat.user).exists()


def test_the_api_results_are_404_before_publication_and_public_after(client, scored):
    url = reverse("api:final-results")
    assert client.get(url).status_code == 404
    consenting = member(team(scored["season"], "culture"), first_name="Анна", last_name="Согласная")
    member(team(scored["season"], "culture"), first_name="Борис", last_name="Скрытный")
    f.publication_consent(consenting.finalist.application.applicant)
    services.final_results_publish(season=scored["season"], by=None)
    data = client.get(url).json()
    assert [row["project_id"] for row in data["overall"]] == [scored["culture"].pk]
    assert data["overall"][0]["members"] == ["Анна Согласная"]


def test_a_juror_reads_their_own_scores_and_nobody_else_does(client, scored):
    url = reverse("api:my-jury-scores")
    client.force_login(scored["seat"].user)
    rows = client.get(url).json()
    assert sorted(row["score"] for row in rows) == [4, 8, 8]
    other = f.juror(scored["season"])
    client.force_login(other.user)
    assert client.get(url).json() == []
    client.force_login(applicant())
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code in (401, 403)


def test_the_own_scores_endpoint_costs_the_same_queries_for_3_and_30_scores(
    client, django_assert_num_queries, scored
):
    seat = scored["seat"]
    client.force_login(seat.user)
    a, _b = scored["criteria"]

    def grow():
        for i in range(27):
            f.score(seat, f.project(scored["season"], "agro"), {a: i % 10})

    assert_same_queries(
        django_assert_num_queries, lambda: client.get(reverse("api:my-jury-scores")), grow, at_most=10
    )


def _published_season(projects: int, consenting: bool = True):
    season = f.final_season()
    (a,) = f.criteria(season, 1)
    seat = f.juror(season)
    codes = ("culture", "health", "agro", "science", "tourism")
    for i in range(projects):
        f.score(seat, f.project(season, codes[i % 5]), {a: i % 10})
    for code in codes[: min(projects, 5)]:
        person = member(team(season, code), first_name="Имя", last_name=code)
        if consenting:
            f.publication_consent(person.finalist.application.applicant)
    services.final_results_publish(season=season, by=None)
    return season


@pytest.mark.parametrize("url", ["final:results", "api:final-results"])
def test_the_results_cost_the_same_queries_for_3_and_30_projects(client, django_assert_num_queries, url):
    _published_season(3)

    def grow():
        Season.objects.update(is_current=False)
        _published_season(30)

    assert_same_queries(django_assert_num_queries, lambda: client.get(reverse(url)), grow, at_most=10)


def test_the_preview_costs_the_same_queries_for_3_and_30_projects(client, django_assert_num_queries, scored):
    client.force_login(organizer())
    a, _b = scored["criteria"]

    def grow():
        for i in range(27):
            project = f.project(scored["season"], ("culture", "agro")[i % 2])
            f.score(scored["seat"], project, {a: i % 10})
        f.juror(scored["season"], "agro")

    assert_same_queries(
        django_assert_num_queries, lambda: client.get(preview(scored["season"])), grow, at_most=20
    )
