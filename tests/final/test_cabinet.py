"""The team member's cabinet shows the final presentation's deadline and its page;
an upload shows at once (the part's fingerprint moves)."""

import pytest
from django.urls import reverse

from tests.final.factories import final_season, member, team, uploaded
from tests.modules.factories import trainee

pytestmark = pytest.mark.django_db


def test_a_member_sees_the_presentation_part_and_its_updates(client):
    culture = team(final_season(), "culture")
    person = member(culture).finalist.application.applicant
    client.force_login(person)
    page = client.get(reverse("cabinet:home")).content.decode()
    assert 'id="final-presentation-part"' in page
    assert reverse("final:team_presentation", args=[culture.pk]) in page
    uploaded(culture, by=person)
    assert "Сейчас загружена версия 1" in client.get(reverse("cabinet:home")).content.decode()


def test_a_trainee_outside_the_teams_has_no_such_part(client):
    season = final_season()
    client.force_login(trainee(season).applicant)
    assert 'id="final-presentation-part"' not in client.get(reverse("cabinet:home")).content.decode()
