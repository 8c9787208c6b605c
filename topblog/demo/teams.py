"""The team module's demo: from the team module on, the confirmed finalists' wishes for
a direction and the season's teams formed and applied through the teams' services, and
the demo login of a team member (topblog.demo.applicants' registry).

Wishes lean towards the finalist's own direction, as they do on the real portal: most
put it first, and everyone names two or three directions."""

import random
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Max, QuerySet
from django.utils.translation import gettext_lazy as _

from applications.models import Application, ApplicationStatus
from modules.models import Finalist, FinalistStatus
from teams.models import FormationRun, Membership, MembershipChange, Team, TeamPreference
from teams.services.formation import formation_run_apply, formation_run_start
from topblog.demo.applicants import DemoApplicantState, register_demo_applicant_state
from topblog.notifications.models import Channel, OutboxMessage
from topblog.tracks.models import Direction, Season, StageKind

_STAGES = tuple(StageKind.values)
_FROM_TEAM_MODULE = _STAGES[_STAGES.index(StageKind.TEAM_MODULE) :]
# The share of finalists whose first wish is their own direction.
OWN_DIRECTION_FIRST = 0.7


@dataclass(frozen=True)
class TeamsSummary:
    teams: int
    members: int
    first_choice_share: float
    max_region_count: int


def teams_demo_seed(*, season: Season, now: datetime, seed: int) -> TeamsSummary:
    """Wishes of every confirmed finalist, then the formation computed and applied as an
    organizer would (the demo's mail about it is not sent; the portal's notices stay)."""
    rng = random.Random(seed * 104729 + 17)
    codes = list(Direction.objects.order_by("position").values_list("code", flat=True))
    finalists = Finalist.objects.filter(season=season, status=FinalistStatus.CONFIRMED)
    TeamPreference.objects.bulk_create(
        TeamPreference(finalist=f, directions=_wishes(rng, f.direction.code, codes), updated_at=now)
        for f in finalists.select_related("direction").order_by("pk")
    )
    first_message = OutboxMessage.objects.aggregate(last=Max("pk"))["last"] or 0
    run = formation_run_start(season=season, by=None, inline=True)
    formation_run_apply(run_id=run.pk, by=None)
    OutboxMessage.objects.filter(pk__gt=first_message, channel=Channel.EMAIL).delete()
    metrics = run.result["metrics"]
    return TeamsSummary(
        teams=Team.objects.filter(season=season).count(),
        members=Membership.objects.filter(team__season=season).count(),
        first_choice_share=metrics["first_choice_share"],
        max_region_count=metrics["max_region_count"],
    )


def _wishes(rng: random.Random, own: str, codes: list[str]) -> list[str]:
    others = [code for code in codes if code != own]
    rng.shuffle(others)
    count = rng.choice((2, 3))
    if rng.random() < OWN_DIRECTION_FIRST:
        return [own, *others[: count - 1]]
    return [*others[: count - 1], own][:count]


def teams_demo_delete() -> None:
    """The teams' rows before the finalists and seasons they hang on go, one statement each."""
    for model in (MembershipChange, Membership, TeamPreference, FormationRun, Team):
        model.objects.all().delete()


def _team_member(selected: QuerySet[Application]) -> QuerySet[Application]:
    return selected.filter(finalist__team_membership__isnull=False)


register_demo_applicant_state(
    DemoApplicantState(
        "team-member",
        _("Участник команды"),
        ApplicationStatus.SELECTED,
        _FROM_TEAM_MODULE,
        taken_from_season=True,
        pick=_team_member,
    )
)
