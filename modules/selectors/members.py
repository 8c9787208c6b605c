"""The season's trainees (the people whose application is selected) as the schedule
and the programme see them."""

from django.db.models import Case, F, OuterRef, QuerySet, Subquery, When

from applications.models import Application, ApplicationDirection, ApplicationStatus
from modules.audience import Member, team_numbers
from modules.models.finalists import SEATED_STATUSES
from topblog.tracks.models import Season


def trainees(*, season_id: int) -> QuerySet[Application]:
    return Application.objects.filter(season_id=season_id, status=ApplicationStatus.SELECTED)


def _member_rows(queryset: QuerySet[Application]):
    first = ApplicationDirection.objects.filter(application=OuterRef("pk"), rank=1)
    return queryset.annotate(
        first_direction_id=Subquery(first.values("direction_id")[:1]),
        seated_direction_id=Case(
            When(finalist__status__in=SEATED_STATUSES, then=F("finalist__direction_id")), default=None
        ),
    ).values_list("pk", "applicant_id", "first_direction_id", "seated_direction_id")


def _members(rows, season_id: int) -> list[Member]:
    teams = team_numbers(season_id)
    return [
        Member(
            application_id=pk,
            user_id=user_id,
            direction_id=direction_id,
            finalist_direction_id=finalist_direction_id,
            team_number=teams.get(pk),
        )
        for pk, user_id, direction_id, finalist_direction_id in rows
    ]


def season_members(*, season_id: int) -> list[Member]:
    """Every trainee of the season, in one query (plus the teams app's roster)."""
    return _members(_member_rows(trainees(season_id=season_id).order_by("pk")), season_id)


def member_of(*, user, season: Season | None) -> Member | None:
    """The person as a trainee of ``season``, or None when they are not one."""
    if season is None or not getattr(user, "is_authenticated", False):
        return None
    rows = list(_member_rows(trainees(season_id=season.pk).filter(applicant=user)))
    return _members(rows, season.pk)[0] if rows else None


def trainee_application(*, user, season: Season | None) -> Application | None:
    """The person's selected application in ``season``, or None."""
    if season is None or not getattr(user, "is_authenticated", False):
        return None
    return trainees(season_id=season.pk).filter(applicant=user).select_related("season").first()
