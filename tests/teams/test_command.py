"""``manage.py form_teams``: a dry run writes nothing, --json parses, a run applies
through the services, and a formation that cannot hold exits non-zero in Russian."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from teams.models import FormationRun, Membership, MembershipChange, Team
from tests.modules.factories import season_at
from tests.teams.factories import confirmed_finalist
from topblog.notifications.models import OutboxMessage
from topblog.tracks.models import StageKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def season():
    return season_at(StageKind.TEAM_MODULE, team_size=2)


def form_teams(*args) -> str:
    out = StringIO()
    call_command("form_teams", *args, stdout=out)
    return out.getvalue()


def test_a_dry_run_prints_the_formation_as_json_and_writes_nothing(season):
    people = [confirmed_finalist(season, code) for code in ("culture", "health", "health")]
    result = json.loads(form_teams("--dry-run", "--json"))
    assert result["applied"] is False
    assert set(result["assignment"]) == {str(p.pk) for p in people}
    assert result["metrics"]["teams"]["health"]["size"] == 2
    assert result["metrics"]["first_choice_share"] == 1.0
    assert not (Team.objects.exists() or FormationRun.objects.exists() or Membership.objects.exists())
    assert "Пробный расчёт" in form_teams("--dry-run", "--season", str(season.number))


def test_without_dry_run_the_formation_is_applied(season):
    confirmed_finalist(season, "culture")
    result = json.loads(form_teams("--json"))
    assert result["applied"] is True and result["changes"] == {"placed": 1, "moved": 0, "left": 0}
    assert Membership.objects.count() == 1 == MembershipChange.objects.count()
    assert OutboxMessage.objects.filter(event="team_assigned").exists()
    assert "назначено — 0" in form_teams()


def test_a_formation_that_cannot_hold_exits_with_the_reason(season):
    for _ in range(3):
        confirmed_finalist(season, "health", role="official")
    with pytest.raises(CommandError, match=r"«health» правила ставят 3 чел.*вместимость — 2"):
        form_teams("--dry-run")
    assert not FormationRun.objects.exists()
