import pytest
from django.urls import reverse

from tests import factories
from topblog.tracks.models import Season

pytestmark = pytest.mark.django_db

ADMIN_PAGES = [
    "admin:tracks_season_changelist",
    "admin:tracks_region_changelist",
    "admin:tracks_direction_changelist",
]


@pytest.mark.parametrize("page", ADMIN_PAGES)
def test_organizer_opens_season_admin_pages(client, page):
    factories.SeasonFactory()
    client.force_login(factories.organizer())
    assert client.get(reverse(page)).status_code == 200


@pytest.mark.parametrize(
    "make_user",
    [factories.applicant, factories.expert, factories.ministry_curator, factories.ministry_leadership],
)
@pytest.mark.parametrize("page", ADMIN_PAGES)
def test_other_roles_are_sent_to_the_admin_login(client, make_user, page):
    client.force_login(make_user())
    response = client.get(reverse(page))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_anonymous_is_sent_to_the_admin_login(client):
    response = client.get(reverse("admin:tracks_season_changelist"))
    assert response.status_code == 302


def test_organizer_edits_quotas_and_dates_in_the_admin(client):
    season = factories.SeasonFactory()
    client.force_login(factories.organizer())
    url = reverse("admin:tracks_season_change", args=[season.pk])
    page = client.get(url)
    assert page.status_code == 200
    stages = list(season.stages.order_by("starts_at"))
    data = {
        "project": season.project,
        "track": season.track,
        "number": season.number,
        "is_current": "on",
        "bloggers_quota": 650,
        "officials_quota": 120,
        "finalists_quota": 150,
        "team_size": 30,
        "min_applicant_age": 14,
        "adult_age": 18,
        "stages-TOTAL_FORMS": len(stages),
        "stages-INITIAL_FORMS": len(stages),
        "stages-MIN_NUM_FORMS": 0,
        "stages-MAX_NUM_FORMS": 1000,
    }
    for i, stage in enumerate(stages):
        data.update(
            {
                f"stages-{i}-id": stage.pk,
                f"stages-{i}-season": season.pk,
                f"stages-{i}-kind": stage.kind,
                f"stages-{i}-starts_at_0": stage.starts_at.strftime("%d.%m.%Y"),
                f"stages-{i}-starts_at_1": "10:00:00",
                f"stages-{i}-ends_at_0": stage.ends_at.strftime("%d.%m.%Y"),
                f"stages-{i}-ends_at_1": "23:59:00",
                f"stages-{i}-venue": "Сенеж" if stage.kind == "final" else "",
            }
        )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    season.refresh_from_db()
    assert (season.bloggers_quota, season.officials_quota) == (650, 120)
    assert season.stages.get(kind="final").venue == "Сенеж"


def test_make_current_action_switches_the_current_season(client):
    old = factories.SeasonFactory(number=4, stages=False)
    new = factories.SeasonFactory(number=5, is_current=False, stages=False)
    client.force_login(factories.organizer())
    client.post(
        reverse("admin:tracks_season_changelist"),
        {"action": "make_current", "_selected_action": [new.pk]},
    )
    assert list(Season.objects.filter(is_current=True)) == [new]
    old.refresh_from_db()
    assert not old.is_current


def test_the_season_form_cannot_make_a_season_current_or_unset_it(client):
    current = factories.SeasonFactory(number=4, stages=False)
    other = factories.SeasonFactory(number=5, is_current=False, stages=False)
    client.force_login(factories.organizer())
    for season, ticked in ((other, {"is_current": "on"}), (current, {})):
        data = {
            "project": season.project, "track": season.track, "number": season.number,
            "bloggers_quota": 600, "officials_quota": 100, "finalists_quota": 150, "team_size": 30,
            "min_applicant_age": 14, "adult_age": 18,
            "stages-TOTAL_FORMS": 0, "stages-INITIAL_FORMS": 0,
            "stages-MIN_NUM_FORMS": 0, "stages-MAX_NUM_FORMS": 1000, **ticked,
        }
        response = client.post(reverse("admin:tracks_season_change", args=[season.pk]), data)
        assert response.status_code == 302
    assert list(Season.objects.filter(is_current=True)) == [current]
