"""Which teams a person may see, decided in one place for the team page, the API, the
projects' workspace and the final: a member sees their own team, a ministry curator their
direction's team, ministry leadership and organizers every team of the season. Anyone
else sees none, and pages answer 404 for a team outside this set."""

from django.db.models import QuerySet

from teams.models import Membership, Team
from topblog.accounts.models import Role, User


def sees_every_team(user: User) -> bool:
    return user.is_superuser or user.has_role(Role.ORGANIZER) or user.has_role(Role.MINISTRY_LEADERSHIP)


def teams_visible_to(*, user: User, season_id: int) -> QuerySet[Team]:
    teams = Team.objects.filter(season_id=season_id).select_related("direction")
    if not user.is_authenticated or not user.is_active:
        return teams.none()
    if sees_every_team(user):
        return teams
    if user.has_role(Role.MINISTRY_CURATOR) and user.curated_direction_id is not None:
        return teams.filter(direction_id=user.curated_direction_id)
    return teams.filter(memberships__finalist__application__applicant=user)


def membership_of(*, user: User, season_id: int) -> Membership | None:
    """The person's own place in a team of the season, if they have one."""
    if not user.is_authenticated:
        return None
    return (
        Membership.objects.filter(team__season_id=season_id, finalist__application__applicant=user)
        .select_related("team__direction", "finalist")
        .first()
    )


def is_member(*, user: User, team: Team) -> bool:
    """Whether the person is in this team: members edit its work, others at most read it."""
    return (
        user.is_authenticated
        and Membership.objects.filter(team=team, finalist__application__applicant=user).exists()
    )
