"""The jury's pages: the queue and the scoring form for jurors only (a project of
another direction, or anyone without a seat: 404), refused once results are published;
the public results naming only members who consent; the invitation link."""

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from teams.final.jury import services
from teams.final.jury.tokens import jury_invitation_token
from teams.final.models import JuryScore
from tests.factories import UserFactory, applicant, ministry_curator, ministry_leadership, organizer
from tests.final import jury_factories as f
from tests.modules.queries import assert_same_queries
from tests.teams.factories import member, team
from topblog.accounts.landing import landing_url
from topblog.tracks.models import Season

pytestmark = pytest.mark.django_db


@pytest.fixture
def jury():
    season = f.final_season()
    criteria = f.criteria(season, 2, 1)
    culture, health = f.project(season, "culture"), f.project(season, "health")
    seat = f.juror(season, "culture", user=ministry_leadership())
    return {"season": season, "criteria": criteria, "culture": culture, "health": health, "seat": seat}


def page(project) -> str:
    return reverse("final:jury_project", args=[project.pk])


def form_data(criteria, *scores) -> dict:
    data = {}
    for criterion, score in zip(criteria, scores, strict=True):
        data[f"score_{criterion.pk}"], data[f"comment_{criterion.pk}"] = score, f"О критерии {criterion.pk}"
    return data


def test_the_juror_sees_the_projects_of_their_directions_only(client, jury):
    client.force_login(jury["seat"].user)
    response = client.get(reverse("final:jury_queue"))
    assert response.status_code == 200
    assert jury["culture"].title in response.content.decode()
    assert jury["health"].title not in response.content.decode()


def test_a_juror_without_directions_judges_every_direction(client, jury):
    everything = f.juror(jury["season"])
    client.force_login(everything.user)
    content = client.get(reverse("final:jury_queue")).content.decode()
    assert jury["culture"].title in content and jury["health"].title in content
    assert client.get(page(jury["health"])).status_code == 200


@pytest.mark.parametrize(
    "who", [applicant, organizer, ministry_leadership, lambda: ministry_curator("culture")], ids=str
)
def test_anyone_without_a_seat_gets_404(client, jury, who):
    client.force_login(who())
    assert client.get(reverse("final:jury_queue")).status_code == 404
    assert client.get(page(jury["culture"])).status_code == 404
    assert client.post(page(jury["culture"]), form_data(jury["criteria"], 5, 5)).status_code == 404
    assert not JuryScore.objects.exists()


def test_the_anonymous_are_sent_to_sign_in(client, jury):
    response = client.get(reverse("final:jury_queue"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_a_juror_of_another_direction_gets_404(client, jury):
    client.force_login(jury["seat"].user)
    assert client.get(page(jury["health"])).status_code == 404
    assert client.post(page(jury["health"]), form_data(jury["criteria"], 5, 5)).status_code == 404
    assert not JuryScore.objects.exists()


def test_a_juror_of_another_season_gets_404(client, jury):
    # A seat in an earlier season is no seat in this one.
    current = jury["season"]
    Season.objects.filter(pk=current.pk).update(is_current=False)
    older = f.juror(f.final_season(), user=UserFactory())
    Season.objects.filter(pk=older.season_id).update(is_current=False)
    Season.objects.filter(pk=current.pk).update(is_current=True)
    client.force_login(older.user)
    assert client.get(page(jury["culture"])).status_code == 404


def test_the_juror_scores_a_project_and_sees_what_the_team_made(client, jury):
    client.force_login(jury["seat"].user)
    response = client.get(page(jury["culture"]))
    assert response.status_code == 200
    assert jury["culture"].goal in response.content.decode()
    response = client.post(page(jury["culture"]), form_data(jury["criteria"], 7, 3))
    assert response.status_code == 302 and response["Location"] == reverse("final:jury_queue")
    assert sorted(JuryScore.objects.values_list("score", flat=True)) == [3, 7]
    assert "2 / 2" in client.get(reverse("final:jury_queue")).content.decode()


def test_a_score_out_of_range_is_explained_and_what_was_typed_is_kept(client, jury):
    client.force_login(jury["seat"].user)
    data = form_data(jury["criteria"], 11, 3)
    response = client.post(page(jury["culture"]), data)
    assert response.status_code == 400
    content = response.content.decode()
    assert "Балл не больше 10." in content
    assert "О критерии" in content and 'value="11"' in content
    assert not JuryScore.objects.exists()


def test_after_publication_scoring_is_refused(client, jury):
    seat, a, b = jury["seat"], *jury["criteria"]
    f.score(seat, jury["culture"], {a: 5, b: 5})
    services.final_results_publish(season=jury["season"], by=None)
    client.force_login(seat.user)
    response = client.post(page(jury["culture"]), form_data(jury["criteria"], 9, 9), follow=True)
    assert "оценки больше не меняются" in response.content.decode()
    assert sorted(JuryScore.objects.values_list("score", flat=True)) == [5, 5]
    assert "disabled" in client.get(page(jury["culture"])).content.decode()


def test_the_queue_costs_the_same_queries_for_3_and_30_projects(client, django_assert_num_queries, jury):
    seat = f.juror(jury["season"])
    a, b = jury["criteria"]
    for project in (f.project(jury["season"], "health"),):
        f.score(seat, project, {a: 1, b: 2})
    client.force_login(seat.user)

    def grow():
        for i in range(27):
            project = f.project(jury["season"], ("culture", "health", "agro")[i % 3])
            f.score(seat, project, {a: i % 10})

    assert_same_queries(
        django_assert_num_queries, lambda: client.get(reverse("final:jury_queue")), grow, at_most=12
    )


def test_the_results_are_not_public_before_publication(client, jury):
    response = client.get(reverse("final:results"))
    assert response.status_code == 404
    assert "Итоги ещё не объявлены" in response.content.decode()


def test_the_public_results_name_only_members_who_consent(client, jury):
    seat, a, b = jury["seat"], *jury["criteria"]
    f.score(seat, jury["culture"], {a: 5, b: 5})
    consenting = member(team(jury["season"], "culture"), first_name="Анна", last_name="Согласная")
    member(team(jury["season"], "culture"), first_name="Борис", last_name="Скрытный")
    withdrawn = member(team(jury["season"], "culture"), first_name="Вера", last_name="Передумавшая")
    f.publication_consent(consenting.finalist.application.applicant)
    consent = f.publication_consent(withdrawn.finalist.application.applicant)
    consent.withdrawn_at = consent.given_at
    consent.save(update_fields=["withdrawn_at"])
    services.final_results_publish(season=jury["season"], by=None)

    response = client.get(reverse("final:results"))
    content = response.content.decode()
    assert response.status_code == 200
    assert jury["culture"].title in content
    assert "Анна Согласная" in content
    assert "Скрытный" not in content and "Передумавшая" not in content


def test_the_public_results_in_english(client, jury):
    seat, a, b = jury["seat"], *jury["criteria"]
    f.score(seat, jury["culture"], {a: 5, b: 5})
    services.final_results_publish(season=jury["season"], by=None)
    client.cookies["django_language"] = "en"
    response = client.get(reverse("final:results"))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Final results" in content and "Итоги финала" not in content
    assert jury["culture"].team.direction.name_en in content


def test_the_invitation_link_sets_a_password_and_opens_the_queue(client, jury):
    seat = services.juror_invite(
        season=jury["season"], email="new@example.com", directions=[], invited_by=None
    )
    uidb64 = urlsafe_base64_encode(force_bytes(seat.user_id))
    url = reverse("final:jury_invitation", args=[uidb64, jury_invitation_token.make_token(seat.user)])
    response = client.get(url, follow=True)
    password = "a-long-and-new-password-42"
    response = client.post(
        response.redirect_chain[-1][0], {"new_password1": password, "new_password2": password}
    )
    assert response.status_code == 302 and response["Location"] == reverse("final:jury_queue")
    seat.user.refresh_from_db()
    assert seat.user.has_usable_password() and seat.user.email_confirmed_at is not None


def test_a_password_reset_token_does_not_open_the_jury_invitation(client, jury):
    seat = services.juror_invite(
        season=jury["season"], email="new@example.com", directions=[], invited_by=None
    )
    uidb64 = urlsafe_base64_encode(force_bytes(seat.user_id))
    url = reverse("final:jury_invitation", args=[uidb64, default_token_generator.make_token(seat.user)])
    assert "Ссылка не действует" in client.get(url, follow=True).content.decode()


def test_a_juror_lands_in_their_queue_after_signing_in(jury):
    assert landing_url(jury["seat"].user) == reverse("final:jury_queue")
