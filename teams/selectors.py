"""Which teams a person may see, decided in one place for the team page, the API, the
projects' workspace and the final: a member sees their own team, a ministry curator their
direction's team, ministry leadership and organizers every team of the season. Anyone
else sees none, and pages answer 404 for a team outside this set."""

from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from applications.models import SocialAccount
from modules.models import Finalist, FinalistStatus
from teams.models import Membership, Team, TeamPreference
from topblog.accounts.models import Consent, ConsentDocument, Role, User
from topblog.tracks.models import Direction
from topblog.tracks.selectors import direction_list


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


def teams_formed(*, season_id: int) -> bool:
    """Whether the season's teams have members: until then finalists may change their wishes."""
    return Membership.objects.filter(team__season_id=season_id).exists()


def team_visible(*, user: User, season_id: int, team_id: int) -> Team | None:
    """One team the person may see, with what its page heads with, or None (a 404)."""
    return teams_visible_to(user=user, season_id=season_id).filter(pk=team_id).first()


def _published_consent() -> Exists:
    return Exists(
        Consent.objects.filter(
            user_id=OuterRef("finalist__application__applicant_id"),
            document__kind=ConsentDocument.Kind.PUBLICATION,
            withdrawn_at__isnull=True,
        )
    )


def team_members(*, team_ids: list[int]) -> QuerySet[Membership]:
    """The members of the given (already visible) teams with what a team page shows of
    them: name, role, region, and social links only where the member consents to their
    publication (``links_published``). Nothing else personal is loaded."""
    accounts = SocialAccount.objects.exclude(url="").only("application_id", "platform", "url")
    return (
        Membership.objects.filter(team_id__in=team_ids)
        .annotate(links_published=_published_consent())
        .select_related("finalist__application__region")
        .only(
            "team_id",
            "finalist__role",
            "finalist__application__first_name",
            "finalist__application__last_name",
            "finalist__application__region__name",
            "finalist__application__region__name_en",
        )
        .prefetch_related(Prefetch("finalist__application__social_accounts", queryset=accounts))
    )


def team_curators(*, direction_ids: list[int]) -> QuerySet[User]:
    """The ministry curators of the given directions: their names and email are the
    contacts a team is given."""
    return (
        User.objects.filter(
            is_active=True, groups__name=Role.MINISTRY_CURATOR, curated_direction_id__in=direction_ids
        )
        .only("first_name", "last_name", "email", "curated_direction_id")
        .order_by("last_name", "first_name", "pk")
    )


def preference_of(*, application_id: int) -> TeamPreference | None:
    return TeamPreference.objects.filter(finalist__application_id=application_id).first()


def team_roster(season_id: int) -> dict[int, int]:
    """Season id -> {application id: team number}, for the schedule's team sessions
    (``modules.audience.register_team_roster``)."""
    return dict(
        Membership.objects.filter(team__season_id=season_id)
        .order_by()
        .values_list("finalist__application_id", "team__number")
    )


def preferences_overview(*, season_id: int) -> QuerySet[Finalist]:
    """The season's confirmed finalists with whether and what they stated, for organizers."""
    return (
        Finalist.objects.filter(season_id=season_id, status=FinalistStatus.CONFIRMED)
        .annotate(stated=Exists(TeamPreference.objects.filter(finalist_id=OuterRef("pk"))))
        .select_related("application", "direction", "team_preference")
    )


def season_directions(*, season_id: int) -> list[Direction]:
    """The directions a finalist of the season may ask for: those of its teams once they
    exist, until then every direction of the track."""
    made = list(Direction.objects.filter(teams__season_id=season_id).order_by("position", "name"))
    return made or list(direction_list())


def directions_named(codes: list[str]) -> list[Direction]:
    """The directions of ``codes`` in the order given (a finalist's wishes), unknown codes left out."""
    found = {d.code: d for d in Direction.objects.filter(code__in=codes)}
    return [found[code] for code in codes if code in found]


def teams_filled(teams: list[Team]) -> list[Team]:
    """``teams`` (already visible to the person) with ``shown_members`` and ``curators``
    set, in three queries however many teams and members there are."""
    members = list(team_members(team_ids=[t.pk for t in teams]))
    curators = list(team_curators(direction_ids=[t.direction_id for t in teams]))
    for team in teams:
        team.shown_members = [m for m in members if m.team_id == team.pk]
        team.curators = [c for c in curators if c.curated_direction_id == team.direction_id]
    return teams
