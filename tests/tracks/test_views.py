import pytest
from django.urls import reverse
from django.utils import dateformat, timezone

from tests.factories import SeasonFactory
from topblog.tracks.models import Direction, Stage, StageKind

pytestmark = pytest.mark.django_db


def test_landing_shows_directions_ministries_dates_and_apply_button(client):
    SeasonFactory()
    response = client.get(reverse("home"))
    content = response.content.decode()
    assert response.status_code == 200
    for ministry in Direction.objects.values_list("ministry", flat=True):
        assert ministry in content
    assert "Ключевые даты" in content
    assert "Финал" in content
    assert reverse("accounts:register") in content


def test_landing_says_when_the_window_closed_instead_of_apply(client):
    season = SeasonFactory()
    stage = season.stages.get(kind=StageKind.APPLICATIONS)
    stage.starts_at = timezone.now() - timezone.timedelta(days=60)
    stage.ends_at = timezone.now() - timezone.timedelta(days=1)
    stage.save()
    content = client.get(reverse("home")).content.decode()
    assert "Приём заявок завершён" in content
    assert reverse("accounts:register") not in content


def test_landing_says_when_the_window_opens_before_it_does(client):
    season = SeasonFactory()
    stage = season.stages.get(kind=StageKind.APPLICATIONS)
    stage.starts_at = timezone.now() + timezone.timedelta(days=3)
    stage.save()
    content = client.get(reverse("home")).content.decode()
    opens = dateformat.format(timezone.localtime(stage.starts_at), "j E Y")
    assert f"Приём заявок откроется {opens}." in content
    assert "Приём заявок завершён" not in content
    assert reverse("accounts:register") not in content


def test_a_stage_is_future_then_current_including_both_ends_then_past():
    now = timezone.now()
    stage = Stage(starts_at=now, ends_at=now + timezone.timedelta(days=1))
    assert stage.phase(now - timezone.timedelta(seconds=1)) == "future"
    assert stage.phase(now) == stage.phase(stage.ends_at) == "current"
    assert stage.phase(stage.ends_at + timezone.timedelta(seconds=1)) == "past"


def test_landing_works_between_seasons(client):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert "Министерство здравоохранения Российской Федерации" in response.content.decode()


def test_landing_in_english(client):
    SeasonFactory()
    client.cookies["django_language"] = "en"
    content = client.get(reverse("home")).content.decode()
    assert "Ministry of Health of the Russian Federation" in content
    assert 'lang="en"' in content


def test_the_public_page_leads_to_the_seasons_schedule(client):
    SeasonFactory()
    html = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("modules:public_schedule")}"' in html
