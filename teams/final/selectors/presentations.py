"""Who may see a team's final presentation: the team itself, its direction's ministry
curators, ministry leadership, organizers, and the final's jurors for the directions
they score. The file view, the ministries' page, the API and the jury's pages ask here."""

from django.db.models import Q, QuerySet

from teams.final.models import FinalSettings, Juror, Presentation, PresentationVersion
from teams.selectors import teams_visible_to
from topblog.accounts.models import User


def _juror_teams_q(*, user: User, season_id: int) -> Q:
    """The teams the person scores as a juror of the season: all, or their directions'."""
    seats = Juror.objects.filter(season_id=season_id, user=user)
    if not user.is_authenticated or not seats.exists():
        return Q(pk__in=[])
    if seats.filter(directions__isnull=True).exists():
        return Q(team__season_id=season_id)
    return Q(team__direction__in=seats.values("directions"))


def presentations_visible_to(*, user: User, season_id: int) -> QuerySet[Presentation]:
    """The season's presentations the person may open, each with its team, direction and
    shown version."""
    if not user.is_authenticated or not user.is_active:
        return Presentation.objects.none()
    teams = teams_visible_to(user=user, season_id=season_id)
    return (
        Presentation.objects.filter(
            Q(team__in=teams.values("pk")) | _juror_teams_q(user=user, season_id=season_id),
            team__season_id=season_id,
        )
        .select_related("team__direction", "shown_version")
        .order_by("team__number")
    )


def presentation_version_for(*, user: User, version_id: int) -> PresentationVersion:
    """A version the person may open; PresentationVersion.DoesNotExist otherwise, which
    the views answer with 404 whether it exists or not."""
    version = PresentationVersion.objects.select_related("presentation__team").get(pk=version_id)
    season_id = version.presentation.team.season_id
    if (
        not presentations_visible_to(user=user, season_id=season_id)
        .filter(pk=version.presentation_id)
        .exists()
    ):
        raise PresentationVersion.DoesNotExist
    return version


def versions_of(*, presentation: Presentation) -> QuerySet[PresentationVersion]:
    """The presentation's versions, the latest first, with who uploaded each."""
    return presentation.versions.select_related("uploaded_by").order_by("-number")


def presentation_of(*, team_id: int) -> Presentation | None:
    """The team's presentation with its shown version, if anything was uploaded."""
    return Presentation.objects.filter(team_id=team_id).select_related("shown_version").first()


def final_settings_of(*, season_id: int) -> FinalSettings | None:
    return FinalSettings.objects.filter(season_id=season_id).first()
