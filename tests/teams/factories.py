"""Factories of the team module's tests: confirmed finalists, teams and members, on a
season whose calendar puts today in the stage asked for (tests.modules.factories)."""

from django.utils import timezone

from applications.models import ApplicantRole
from modules.models import Finalist, FinalistStatus
from teams.models import Membership, MembershipSource, Team
from tests.modules.factories import trainee
from topblog.tracks.models import Direction, Season

_next_seat: dict[int, int] = {}


def confirmed_finalist(
    season: Season, direction: str = "culture", *, role: str = ApplicantRole.BLOGGER, **kwargs
) -> Finalist:
    """A confirmed finalist of ``direction`` (an official works for its ministry)."""
    application = trainee(season, direction, role=role, **kwargs)
    seat = _next_seat[season.pk] = _next_seat.get(season.pk, 0) + 1
    return Finalist.objects.create(
        season=season,
        application=application,
        role=role,
        direction=Direction.objects.get(code=direction),
        status=FinalistStatus.CONFIRMED,
        score=1.0,
        programme_score=1.0,
        review_score=1.0,
        rule="score",
        seat=seat,
        decided_at=timezone.now(),
    )


def team(season: Season, direction: str = "culture", *, capacity: int | None = None) -> Team:
    found = Direction.objects.get(code=direction)
    return Team.objects.get_or_create(
        season=season,
        direction=found,
        defaults={"number": found.position or found.pk, "capacity": capacity or season.team_size},
    )[0]


def member(of: Team, *, role: str = ApplicantRole.BLOGGER, locked: bool = False, **kwargs) -> Membership:
    """A confirmed finalist placed in ``of``, its size kept as the services keep it."""
    finalist = confirmed_finalist(of.season, of.direction.code, role=role, **kwargs)
    membership = Membership.objects.create(
        team=of, finalist=finalist, locked=locked, source=MembershipSource.FORMATION, joined_at=timezone.now()
    )
    Team.objects.filter(pk=of.pk).update(size=of.size + 1)
    of.size += 1
    return membership
