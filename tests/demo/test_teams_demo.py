"""``seed_demo`` from the team module on: every confirmed finalist states wishes and is
placed in a team by the formation services, nobody is mailed about the demo's history,
and the team member's demo login is in a team."""

from io import StringIO

import pytest
from django.core.management import call_command

from modules.models import Finalist, FinalistStatus
from teams.models import FormationRun, Membership, MembershipChange, Team, TeamPreference
from topblog.accounts.models import User
from topblog.notifications.models import Channel, OutboxMessage
from topblog.tracks.models import StageKind

pytestmark = pytest.mark.django_db


def seed(stage: str, **options) -> str:
    out = StringIO()
    call_command("seed_demo", applications=600, seed=3, stage=stage, stdout=out, **options)
    return out.getvalue()


def test_before_the_team_module_there_are_no_teams():
    seed(StageKind.EDUCATION)
    assert not Team.objects.exists()
    login = User.objects.filter(email="team-member@demo.topblog.local")
    assert not login.filter(applications__isnull=False).exists()


def test_at_the_team_module_the_confirmed_finalists_are_formed_into_teams():
    output = seed(StageKind.TEAM_MODULE)
    confirmed = set(Finalist.objects.filter(status=FinalistStatus.CONFIRMED).values_list("pk", flat=True))
    assert confirmed and set(TeamPreference.objects.values_list("finalist_id", flat=True)) == confirmed
    assert set(Membership.objects.values_list("finalist_id", flat=True)) == confirmed
    assert Team.objects.count() == 5
    assert all(t.size == t.memberships.count() <= t.capacity for t in Team.objects.all())
    assert FormationRun.objects.get().status == "applied"
    assert MembershipChange.objects.filter(action="formed").count() == len(confirmed)
    assert not OutboxMessage.objects.filter(channel=Channel.EMAIL, event="team_assigned").exists()
    # In the portal, each told once (a demo login took over its application from an
    # account that went, with its notices).
    told = list(
        OutboxMessage.objects.filter(channel=Channel.PORTAL, event="team_assigned").values_list(
            "recipient_id", flat=True
        )
    )
    generated = Finalist.objects.filter(pk__in=confirmed).exclude(
        application__applicant__email__endswith="@demo.topblog.local"
    )
    assert sorted(told) == sorted(generated.values_list("application__applicant_id", flat=True))
    member = User.objects.get(email="team-member@demo.topblog.local").applications.get()
    assert Membership.objects.filter(finalist__application=member).exists()
    assert "Команды: 5" in output and "Участник команды" in output


def test_reset_at_the_final_seeds_the_teams_again():
    seed(StageKind.FINAL)
    seed(StageKind.FINAL, reset=True)
    assert Team.objects.count() == 5 and FormationRun.objects.count() == 1
