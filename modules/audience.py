"""Whom a session concerns, decided for one person at a time from plain facts.

The teams are formed by the ``teams`` app, which comes later in the season and may not
be imported here: it tells which team each finalist is in through
``register_team_roster`` from its AppConfig.ready(). Until it does, a team's session
concerns nobody.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from modules.models import Audience

# season id -> {application id: team number}
TeamRoster = Callable[[int], Mapping[int, int]]

_team_roster: TeamRoster | None = None


def register_team_roster(roster: TeamRoster | None) -> None:
    """Called once by the teams app; None unregisters (for tests)."""
    global _team_roster
    _team_roster = roster


def team_numbers(season_id: int) -> Mapping[int, int]:
    return _team_roster(season_id) if _team_roster is not None else {}


@dataclass(frozen=True)
class Member:
    """A trainee as the schedule sees them."""

    application_id: int
    user_id: int
    # Their first-choice direction (an official's ministry).
    direction_id: int | None
    # The direction they are a finalist of, while invited or confirmed.
    finalist_direction_id: int | None = None
    team_number: int | None = None


def concerns(session, member: Member) -> bool:
    """Whether ``session`` (anything with audience, direction_id and team_number) is
    for ``member``. A direction's session is for its trainees and its finalists."""
    audience = session.audience
    if audience == Audience.SELECTED:
        return True
    if audience == Audience.DIRECTION:
        return session.direction_id in (member.direction_id, member.finalist_direction_id)
    if audience == Audience.FINALISTS:
        return member.finalist_direction_id is not None
    return member.team_number is not None and member.team_number == session.team_number
