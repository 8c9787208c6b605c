"""A stage adds its figures by registering a provider, without an edit to the dashboard."""

import pytest

from tests.factories import SeasonFactory, ministry_leadership, organizer
from topblog.dashboard.figures import Contribution, FunnelStep, RegionMeasure, Section, Table
from topblog.dashboard.registry import ALL_AUDIENCES, ORGANIZERS_ONLY, Audience, Provider
from topblog.tracks.models import Region

pytestmark = pytest.mark.django_db


def teams_collect(scope) -> Contribution:
    """What a later stage would add: a funnel step, a measure for the map, a section."""
    table = Table(
        key="later-stage", caption="Команды", columns=("Команда", "Участников"), rows=(("Альфа", 30),)
    )
    return Contribution(
        funnel=(
            FunnelStep("later-stage", 850, "Дошли до следующего этапа", 30, {"Блогер": 25}, {"culture": 30}),
        ),
        region_measures=(
            RegionMeasure("finalists", 300, "Финалисты", {Region.objects.get(code="77").pk: 3}),
        ),
        sections=(Section(key="later-stage", position=450, title="Команды и проекты", tables=(table,)),),
    )


def test_the_apps_register_their_providers_for_their_audiences(providers):
    keys = {audience: [p.key for p in providers.providers_for(audience)] for audience in Audience}
    assert keys[Audience.ORGANIZERS] == [
        "notifications-outbox",
        "applications-funnel",
        "applications-regions",
        "applications-daily",
        "review-reviewed",
        "review-progress",
        "programme",
        "programme-regions",
        "teams",
        "projects",
    ]
    assert (
        keys[Audience.LEADERSHIP]
        == keys[Audience.CURATOR]
        == [
            "applications-funnel",
            "review-reviewed",
            "programme",
            "teams",
            "projects",
        ]
    )


def test_registering_again_is_harmless_but_another_provider_under_a_taken_key_is_refused(providers):
    provider = Provider(key="later-stage", audiences=ALL_AUDIENCES, collect=teams_collect)
    providers.register_provider(provider)
    providers.register_provider(provider)
    with pytest.raises(ValueError, match="later-stage"):
        providers.register_provider(
            Provider(key="later-stage", audiences=ORGANIZERS_ONLY, collect=teams_collect)
        )


def test_a_new_stage_shows_on_the_page_by_registering_alone(client, providers):
    SeasonFactory()
    providers.register_provider(Provider(key="later-stage", audiences=ALL_AUDIENCES, collect=teams_collect))
    client.force_login(organizer())
    page = client.get("/admin/dashboard/?map=finalists").content.decode()
    assert "Дошли до следующего этапа" in page and "Команды и проекты" in page and "Альфа" in page
    assert 'aria-current="true">Финалисты' in page
    assert client.get("/admin/dashboard/later-stage.csv").status_code == 200
    client.force_login(ministry_leadership())
    page = client.get("/dashboard/").content.decode()
    # Leadership gets the stage's figures too, the map among them, its tiles linking nowhere.
    assert "Команды и проекты" in page and "Финалисты" in page
    assert 'role="img" tabindex="0" aria-label="г. Москва: Финалисты — 3"' in page
    assert "region__id__exact" not in page
