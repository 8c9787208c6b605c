"""Finalists' wishes for a team: the service's rules with their Russian messages, and
the page of one select per rank that keeps what was chosen on an error."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from modules.models import FinalistStatus
from teams.models import TeamPreference
from teams.services.preferences import team_preference_save
from tests.factories import applicant
from tests.modules.factories import season_at, trainee
from tests.teams.factories import confirmed_finalist, member, team
from topblog.tracks.models import StageKind

pytestmark = pytest.mark.django_db

ALL = ["culture", "health", "agro", "science", "tourism"]


@pytest.fixture
def season():
    return season_at(StageKind.EDUCATION, days_in=30)


def _save(finalist, directions, by=None):
    return team_preference_save(
        application_id=finalist.application_id,
        directions=directions,
        by=by or finalist.application.applicant,
    )


def _message(error) -> str:
    return " ".join(error.value.messages)


def test_a_confirmed_finalist_ranks_the_directions_best_first_and_may_change_them(season):
    finalist = confirmed_finalist(season)
    _save(finalist, ["health", "culture"])
    saved = _save(finalist, ALL[::-1])
    assert saved.directions == ALL[::-1]
    assert TeamPreference.objects.get().directions == ALL[::-1]


def test_an_invited_finalist_may_state_them_too(season):
    finalist = confirmed_finalist(season)
    finalist.status, finalist.confirm_by = FinalistStatus.INVITED, timezone.now() + timedelta(days=3)
    finalist.save()
    assert _save(finalist, ["agro"]).directions == ["agro"]


@pytest.mark.parametrize(
    ("directions", "message"),
    [
        ([], "Укажите хотя бы одно направление."),
        (["", ""], "Укажите хотя бы одно направление."),
        (["culture", "space"], "Выберите направления из списка направлений сезона."),
        (["culture", "health", "culture"], "Каждое направление можно указать только один раз."),
    ],
)
def test_bad_rankings_are_refused_in_russian_and_nothing_is_written(season, directions, message):
    finalist = confirmed_finalist(season)
    with pytest.raises(ValidationError) as error:
        _save(finalist, directions)
    assert _message(error) == message
    assert not TeamPreference.objects.exists()


def test_only_the_season_teams_directions_are_offered_once_teams_exist(season):
    finalist = confirmed_finalist(season)
    team(season, "culture")
    team(season, "health")
    with pytest.raises(ValidationError) as error:
        _save(finalist, ["agro"])
    assert _message(error) == "Выберите направления из списка направлений сезона."
    assert _save(finalist, ["health", "culture"]).directions == ["health", "culture"]


def test_someone_elses_place_is_refused(season):
    finalist = confirmed_finalist(season)
    with pytest.raises(PermissionDenied, match=r"Вы не в списке финалистов\."):
        _save(finalist, ["culture"], by=applicant())


@pytest.mark.parametrize("status", [FinalistStatus.WAITING, FinalistStatus.DECLINED])
def test_a_finalist_without_a_seat_is_refused(season, status):
    finalist = confirmed_finalist(season)
    finalist.status, finalist.seat = status, None
    finalist.waiting_position = 1 if status == FinalistStatus.WAITING else None
    finalist.save()
    with pytest.raises(ValidationError) as error:
        _save(finalist, ["culture"])
    assert _message(error) == "Пожелания по команде указывают приглашённые финалисты и подтвердившие участие."


def test_after_the_teams_are_formed_wishes_are_closed(season):
    finalist = confirmed_finalist(season)
    member(team(season, "health"))
    with pytest.raises(ValidationError) as error:
        _save(finalist, ["culture"])
    assert _message(error) == "Команды уже сформированы: пожелания больше не принимаются."


# --- the page


def _page(client, finalist):
    client.force_login(finalist.application.applicant)
    return reverse("teams:preferences")


def test_the_page_offers_one_labelled_select_per_rank(client, season):
    html = client.get(_page(client, confirmed_finalist(season))).content.decode()
    assert html.count("<select") == 5
    assert '<label for="id_rank_1">Первое по желанию направление</label>' in html
    assert '<label for="id_rank_5">5-е по желанию направление</label>' in html
    assert "<legend>" in html


def test_the_page_saves_the_ranking_skipping_empty_ranks(client, season):
    finalist = confirmed_finalist(season)
    response = client.post(_page(client, finalist), {"rank_1": "science", "rank_2": "", "rank_3": "agro"})
    assert response.status_code == 302
    assert TeamPreference.objects.get().directions == ["science", "agro"]
    html = client.get(response["Location"]).content.decode()
    assert "Пожелания по команде сохранены." in html
    assert '<option value="science" selected>' in html


@pytest.mark.parametrize(
    ("posted", "message"),
    [
        ({"rank_1": "", "rank_2": "health"}, "Укажите хотя бы одно направление."),
        ({"rank_1": "space"}, "Выберите направления из списка направлений сезона."),
        (
            {"rank_1": "culture", "rank_2": "health", "rank_3": "culture"},
            "Каждое направление можно указать только один раз.",
        ),
    ],
)
def test_a_bad_ranking_is_shown_again_as_typed_with_its_message(client, season, posted, message):
    finalist = confirmed_finalist(season)
    response = client.post(_page(client, finalist), posted)
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    for code in (v for v in posted.values() if v and v != "space"):
        assert f'<option value="{code}" selected>' in html
    assert not TeamPreference.objects.exists()


def test_once_teams_are_formed_the_page_shows_the_wishes_without_a_form(client, season):
    finalist = confirmed_finalist(season)
    _save(finalist, ["health"])
    member(team(season, "health"))
    html = client.get(_page(client, finalist)).content.decode()
    assert "Команды уже сформированы" in html and "Здравоохранение" in html
    assert "<select" not in html


def test_the_page_is_404_to_a_trainee_who_is_not_a_seated_finalist(client, season):
    client.force_login(trainee(season).applicant)
    assert client.get(reverse("teams:preferences")).status_code == 404
    waiting = confirmed_finalist(season)
    waiting.status, waiting.seat, waiting.waiting_position = FinalistStatus.WAITING, None, 1
    waiting.save()
    client.force_login(waiting.application.applicant)
    assert client.get(reverse("teams:preferences")).status_code == 404
    client.force_login(applicant())
    assert client.get(reverse("teams:preferences")).status_code == 404


def test_the_page_asks_an_anonymous_visitor_to_sign_in(client, season):
    response = client.get(reverse("teams:preferences"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
